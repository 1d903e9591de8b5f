// QR codes for printed invoices (staff bundle only): the matrix from uqr (a small encoder with
// no dependencies, after Nayuki's reference implementation) drawn as one SVG path.
import { encode } from 'uqr';

// The modules of `text` (byte mode, error correction M): {version, size, dark(x, y)}.
export function qrMatrix(text) {
  const qr = encode(String(text), { ecc: 'M', border: 0 });
  return {
    version: qr.version,
    size: qr.size,
    dark: (x, y) => qr.data[y][x] === true,
  };
}

// An SVG path that fills the dark modules, one rectangle per horizontal run, in module units.
export function qrPath(matrix) {
  let d = '';
  for (let y = 0; y < matrix.size; y += 1) {
    let x = 0;
    while (x < matrix.size) {
      if (!matrix.dark(x, y)) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < matrix.size && matrix.dark(x, y)) x += 1;
      d += `M${start} ${y}h${x - start}v1h${start - x}z`;
    }
  }
  return d;
}
