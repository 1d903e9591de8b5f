// The portal's text lookup and formatting: its own dictionary (i18n/portal.js), Rupiah and
// Asia/Jakarta dates exactly as the staff app writes them (shared pure helpers only).
import strings from '../i18n/portal.js';
import { translate } from '../i18n/translate.js';
import { formatRupiah, zoneParts } from '../lib/format-core.js';

export { formatRupiah };

// Indonesian month names from the browser's own locale data ("November", "Nov"): the same as the
// staff dictionary's (test/portal-text.test.js compares them), without shipping them twice.
function monthNames(month) {
  const format = new Intl.DateTimeFormat('id-ID', { month, timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, m) => format.format(new Date(Date.UTC(2026, m, 15))));
}
const months = monthNames('long');
const monthsShort = monthNames('short');

export function t(key, params) {
  return translate(strings, key, params);
}

// A server value's text ("print.methods", "online" -> "Online"); unknown values as they are.
export function label(group, value) {
  const key = `${group}.${value}`;
  const text = t(key);
  return text === key ? String(value ?? '-') : text;
}

// "5 Nov 2026" for a calendar date ("2026-11-05") or an instant (in Asia/Jakarta); "-" if empty.
export function formatDate(value) {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${d} ${monthsShort[m - 1]} ${y}`;
  }
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return '-';
  const p = zoneParts(date);
  return `${p.day} ${monthsShort[p.month - 1]} ${p.year}`;
}

// "2026-11" -> "November 2026"; anything else as given.
export function formatPeriod(period) {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period || '');
  return match ? `${months[Number(match[2]) - 1]} ${match[1]}` : period || '-';
}
