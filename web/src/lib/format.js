// Pure formatting and parsing of money, dates and billing periods for Indonesian staff.
import { language } from '../i18n/index.js';
import {
  currentTimeZone,
  formatNumber,
  formatRupiah,
  setTimeZone,
  zoneParts,
} from './format-core.js';

export { currentTimeZone, formatNumber, formatRupiah, setTimeZone, zoneParts };

// Short form for chart axes: 1.250.000 -> "1,3 jt", 250.000 -> "250 rb".
export function formatRupiahShort(value) {
  const n = Math.round(Number(value) || 0);
  const abs = Math.abs(n);
  const units = language().shortUnits;
  const fmt = (x) => x.toLocaleString(language().locale, { maximumFractionDigits: 1 });
  if (abs >= 1e9) return `${fmt(n / 1e9)} ${units.billion}`;
  if (abs >= 1e6) return `${fmt(n / 1e6)} ${units.million}`;
  if (abs >= 1e3) return `${fmt(n / 1e3)} ${units.thousand}`;
  return String(n);
}

// A file size: "850 B", "12 KB", "2,4 MB" (decimal comma as Indonesians write it).
export function formatBytes(bytes) {
  const n = Math.max(0, Number(bytes) || 0);
  const fmt = (x) => x.toLocaleString(language().locale, { maximumFractionDigits: 1 });
  if (n >= 1024 * 1024) return `${fmt(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${fmt(n / 1024)} KB`;
  return `${n} B`;
}

// Parses what staff type as money: "1.250.000", "1250000", "Rp 1.250.000", "1.250.000,00".
// Returns an integer, or NaN when the text is not a whole Rupiah amount.
export function parseRupiah(text) {
  if (typeof text === 'number') return Number.isInteger(text) ? text : NaN;
  let s = String(text ?? '')
    .trim()
    .replace(/^rp\.?/i, '')
    .replace(/\s+/g, '');
  if (s === '') return NaN;
  s = s.replace(/,0{1,2}$/, '');
  if (!/^-?\d{1,3}(\.\d{3})*$/.test(s) && !/^-?\d+$/.test(s)) return NaN;
  const n = Number(s.replace(/\./g, ''));
  return Number.isSafeInteger(n) ? n : NaN;
}

function parseInstant(value) {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

// A calendar date without time ("2026-11-05") stays that date in every time zone.
function isDateOnly(value) {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

// "5 Nov 2026" (in the business time zone).
export function formatDate(value) {
  if (isDateOnly(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return `${d} ${language().monthsShort[m - 1]} ${y}`;
  }
  const date = parseInstant(value);
  if (!date) return '-';
  const { day, month, year } = zoneParts(date);
  return `${day} ${language().monthsShort[month - 1]} ${year}`;
}

// "5 Nov 2026 14.30" (business time zone, 24-hour clock with a dot as Indonesians write it).
export function formatDateTime(value) {
  const date = parseInstant(value);
  if (!date) return '-';
  const p = zoneParts(date);
  return `${p.day} ${language().monthsShort[p.month - 1]} ${p.year} ${p.hour}.${p.minute}`;
}

// Today's date in the business time zone as "YYYY-MM-DD".
export function todayIso(now = new Date()) {
  const p = zoneParts(now);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

// The current billing period in the business time zone as "YYYY-MM".
export function currentPeriod(now = new Date()) {
  const p = zoneParts(now);
  return `${p.year}-${pad(p.month)}`;
}

export function isValidPeriod(text) {
  return typeof text === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}

// "2026-11" -> "November 2026"; anything else is returned as given.
export function formatPeriod(period) {
  if (!isValidPeriod(period)) return period || '-';
  const [y, m] = period.split('-').map(Number);
  return `${language().months[m - 1]} ${y}`;
}

// "2026-11" -> "Nov 26" (chart labels).
export function formatPeriodShort(period) {
  if (!isValidPeriod(period)) return period || '';
  const [y, m] = period.split('-').map(Number);
  return `${language().monthsShort[m - 1]} ${String(y).slice(2)}`;
}

// Adds (or subtracts) whole months to a "YYYY-MM" period.
export function addMonths(period, count) {
  const [y, m] = period.split('-').map(Number);
  const index = y * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;
}

// The last `count` periods ending with `end`, oldest first.
export function periodRange(end, count) {
  const out = [];
  for (let i = count - 1; i >= 0; i -= 1) out.push(addMonths(end, -i));
  return out;
}

function pad(n) {
  return String(n).padStart(2, '0');
}
