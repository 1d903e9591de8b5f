// The formatting that needs no dictionary (Rupiah, calendar parts in the business time zone): shared by the
// staff app (lib/format.js) and the customer portal, which must not load the staff texts.

// The business time zone (billing's setting billing.timezone, read from the API at session
// start): dates and "today" are shown in it. Until it is known, the browser's own zone.
let timeZone;

export function setTimeZone(zone) {
  timeZone = zone || undefined;
}

export function currentTimeZone() {
  return timeZone;
}

// A whole number with Indonesian thousands dots: 1250000 -> "1.250.000", -5000 -> "-5.000";
// null/undefined/non-numbers as "-".
export function formatNumber(value) {
  if (value === null || value === undefined || value === '') return '-';
  const number = Number(value);
  if (!Number.isFinite(number)) return '-';
  const rounded = Math.round(number);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${rounded < 0 ? '-' : ''}${digits}`;
}

// Integer Rupiah as "Rp 1.250.000"; negative as "-Rp 5.000"; null/undefined as "-".
export function formatRupiah(value) {
  const text = formatNumber(value);
  if (text === '-') return text;
  return text.startsWith('-') ? `-Rp ${text.slice(1)}` : `Rp ${text}`;
}

// Calendar parts of an instant in the business time zone (numbers; hour and minute as two digits).
export function zoneParts(date) {
  const parts = {};
  for (const { type, value } of new Intl.DateTimeFormat('en-GB', {
    timeZone,
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
