// The formatting that needs no dictionary (Rupiah, Asia/Jakarta calendar parts): shared by the
// staff app (lib/format.js) and the customer portal, which must not load the staff texts.

export const TIME_ZONE = 'Asia/Jakarta';

// Integer Rupiah as "Rp 1.250.000"; negative as "-Rp 5.000"; null/undefined as "-".
export function formatRupiah(value) {
  if (value === null || value === undefined || value === '') return '-';
  const number = Number(value);
  if (!Number.isFinite(number)) return '-';
  const rounded = Math.round(number);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${rounded < 0 ? '-' : ''}Rp ${digits}`;
}

// Calendar parts of an instant in Asia/Jakarta (numbers; hour and minute as two digits).
export function jakartaParts(date) {
  const parts = {};
  for (const { type, value } of new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date)) {
    parts[type] = value;
  }
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: parts.hour,
    minute: parts.minute,
  };
}
