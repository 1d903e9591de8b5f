// The invoice's QR code: the encoder's matrix is read back here by a small decoder for the
// single-block versions 1 and 2 (format bits, unmasking, the zig-zag, byte/alphanumeric/numeric
// segments), so a code that scans as something else fails.
import { describe, expect, it } from 'vitest';
import { qrMatrix, qrPath } from '../src/lib/qr.js';

const MASKS = [
  (y, x) => (y + x) % 2 === 0,
  (y) => y % 2 === 0,
  (y, x) => x % 3 === 0,
  (y, x) => (y + x) % 3 === 0,
  (y, x) => (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0,
  (y, x) => ((y * x) % 2) + ((y * x) % 3) === 0,
  (y, x) => (((y * x) % 2) + ((y * x) % 3)) % 2 === 0,
  (y, x) => (((y + x) % 2) + ((y * x) % 3)) % 2 === 0,
];
// Data codewords of error correction level M (one block) by version.
const DATA_CODEWORDS_M = { 1: 16, 2: 28 };
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

function formatInfo(m) {
  let bits = 0;
  const read = (x, y, i) => (bits |= (m.dark(x, y) ? 1 : 0) << i);
  for (let i = 0; i <= 5; i += 1) read(8, i, i);
  read(8, 7, 6);
  read(8, 8, 7);
  read(7, 8, 8);
  for (let i = 9; i < 15; i += 1) read(14 - i, 8, i);
  bits ^= 0x5412;
  const data = bits >> 10;
  let rem = data;
  for (let i = 0; i < 10; i += 1) rem = (rem << 1) ^ ((rem >> 9) * 0x537);
  return { ecc: data >> 3, mask: data & 7, valid: ((data << 10) | rem) === bits };
}

function isFunction(m, x, y) {
  const s = m.size;
  if ((x < 9 && y < 9) || (x >= s - 8 && y < 9) || (x < 9 && y >= s - 8)) return true;
  if (x === 6 || y === 6) return true;
  // Version 2's one alignment pattern, centred at (18, 18).
  return m.version === 2 && Math.abs(x - 18) <= 2 && Math.abs(y - 18) <= 2;
}

function decode(m) {
  const { mask, ecc, valid } = formatInfo(m);
  if (!valid) throw new Error('format information fails its BCH check');
  if (ecc !== 0) throw new Error(`error correction ${ecc}, not M`);
  const bits = [];
  for (let right = m.size - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let vert = 0; vert < m.size; vert += 1) {
      for (let j = 0; j < 2; j += 1) {
        const x = right - j;
        const y = ((right + 1) & 2) === 0 ? m.size - 1 - vert : vert;
        if (!isFunction(m, x, y)) bits.push(m.dark(x, y) !== MASKS[mask](y, x) ? 1 : 0);
      }
    }
  }
  const dataBits = bits.slice(0, DATA_CODEWORDS_M[m.version] * 8);
  let at = 0;
  const take = (n) => {
    let v = 0;
    for (let i = 0; i < n; i += 1) v = (v << 1) | (dataBits[at++] ?? 0);
    return v;
  };
  let text = '';
  while (at + 4 <= dataBits.length) {
    const mode = take(4);
    if (mode === 0) break;
    if (mode === 4) {
      const bytes = [];
      for (let n = take(8); n > 0; n -= 1) bytes.push(take(8));
      text += new TextDecoder().decode(new Uint8Array(bytes));
    } else if (mode === 2) {
      let n = take(9);
      for (; n >= 2; n -= 2) {
        const v = take(11);
        text += ALPHANUMERIC[Math.floor(v / 45)] + ALPHANUMERIC[v % 45];
      }
      if (n === 1) text += ALPHANUMERIC[take(6)];
    } else if (mode === 1) {
      let n = take(10);
      for (; n >= 3; n -= 3) text += String(take(10)).padStart(3, '0');
      if (n === 2) text += String(take(7)).padStart(2, '0');
      if (n === 1) text += String(take(4));
    } else {
      throw new Error(`unexpected mode ${mode}`);
    }
  }
  return text;
}

function finderAt(m, x0, y0) {
  for (let y = 0; y < 7; y += 1) {
    for (let x = 0; x < 7; x += 1) {
      const ring = Math.max(Math.abs(x - 3), Math.abs(y - 3));
      if (m.dark(x0 + x, y0 + y) !== (ring !== 2)) return false;
    }
  }
  return true;
}

describe('qrMatrix', () => {
  it('has the size of its version and the three finder patterns', () => {
    const m = qrMatrix('https://bayar.example.net/portal/t/abc');
    expect(m.size).toBe(17 + 4 * m.version);
    expect(finderAt(m, 0, 0)).toBe(true);
    expect(finderAt(m, m.size - 7, 0)).toBe(true);
    expect(finderAt(m, 0, m.size - 7)).toBe(true);
    for (let i = 8; i < m.size - 8; i += 1) {
      expect(m.dark(i, 6)).toBe(i % 2 === 0);
      expect(m.dark(6, i)).toBe(i % 2 === 0);
    }
  });

  it('encodes the text so that it reads back (version 1, the classic HELLO WORLD)', () => {
    const m = qrMatrix('HELLO WORLD');
    expect(m.version).toBe(1);
    expect(m.size).toBe(21);
    expect(decode(m)).toBe('HELLO WORLD');
  });

  it('reads back a short link in version 2', () => {
    const m = qrMatrix('https://tagih.id/p/Xy9');
    expect(m.version).toBe(2);
    expect(decode(m)).toBe('https://tagih.id/p/Xy9');
  });

  it('fails to read back a damaged code', () => {
    const m = qrMatrix('HELLO WORLD');
    const damaged = { ...m, dark: (x, y) => (x === 20 && y === 20 ? !m.dark(x, y) : m.dark(x, y)) };
    let text = null;
    try {
      text = decode(damaged);
    } catch {
      text = null; // an impossible segment header: it does not read back either
    }
    expect(text).not.toBe('HELLO WORLD');
  });

  it('grows with a portal link of the usual length', () => {
    const url = `https://tagihan.example.net/portal/t/${'a'.repeat(43)}?tagihan=123`;
    const m = qrMatrix(url);
    expect(m.version).toBeGreaterThanOrEqual(5);
    expect(m.version).toBeLessThanOrEqual(7);
  });
});

describe('qrPath', () => {
  it('draws one rectangle per run of dark modules', () => {
    const m = { size: 3, dark: (x, y) => y === 1 && x > 0 };
    expect(qrPath(m)).toBe('M1 1h2v1h-2z');
  });
});
