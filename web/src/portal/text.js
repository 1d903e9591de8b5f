// The portal's text lookup and formatting: its own dictionary (i18n/portal.js), Rupiah and
// Asia/Jakarta dates exactly as the staff app writes them (shared pure helpers only).
import strings from '../i18n/portal.js';
import { translate } from '../i18n/translate.js';
import { formatRupiah, jakartaParts } from '../lib/format-core.js';

export { formatRupiah };

export function t(key, params) {
  return translate(strings, key, params);
}

// "5 Nov 2026" for a calendar date ("2026-11-05") or an instant (in Asia/Jakarta); "-" if empty.
export function formatDate(value) {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${d} ${strings.monthsShort[m - 1]} ${y}`;
  }
  const date = value ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return '-';
  const p = jakartaParts(date);
  return `${p.day} ${strings.monthsShort[p.month - 1]} ${p.year}`;
}

// "2026-11" -> "November 2026"; anything else as given.
export function formatPeriod(period) {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period || '');
  return match ? `${strings.months[Number(match[2]) - 1]} ${match[1]}` : period || '-';
}
