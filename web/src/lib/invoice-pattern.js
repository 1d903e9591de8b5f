// Invoice numbers: the settings' invoice.pattern checked by the server's rule
// (services/billing/settings_document.cc, InvoicePattern) and rendered the way billing numbers a
// new bill (migration 0006's trigger), for the live example in Pengaturan.
import { t } from '../i18n/index.js';

export const DEFAULT_INVOICE_PATTERN = 'INV/{YYYY}/{MM}/{SEQ:4}';
export const INVOICE_PATTERN_MAX = 40;
export const RECEIPT_FOOTER_MAX = 120;

const DATE_TOKENS = ['YYYY', 'YY', 'MM'];
const SEQUENCE = /^SEQ(?::([1-8]))?$/;

// The pattern as pieces: {text} and {token} ("YYYY", "SEQ:4", ...); null when a brace is
// unbalanced or a token is unknown.
function pieces(pattern) {
  const out = [];
  let i = 0;
  while (i < pattern.length) {
    const open = pattern.indexOf('{', i);
    const close = pattern.indexOf('}', i);
    if (close !== -1 && (open === -1 || close < open)) return null; // a "}" without "{"
    if (open === -1) {
      out.push({ text: pattern.slice(i) });
      break;
    }
    if (open > i) out.push({ text: pattern.slice(i, open) });
    const end = pattern.indexOf('}', open);
    if (end === -1) return null;
    const token = pattern.slice(open + 1, end);
    if (!DATE_TOKENS.includes(token) && !SEQUENCE.test(token)) return null;
    out.push({ token });
    i = end + 1;
  }
  return out;
}

// The server measures text in UTF-8 bytes.
function byteLength(text) {
  return new TextEncoder().encode(text).length;
}

// What is wrong with a pattern, as staff read it; null when the server will take it.
export function invoicePatternError(pattern) {
  const text = String(pattern ?? '');
  if (text === '') return t('validation.required');
  if (byteLength(text) > INVOICE_PATTERN_MAX) {
    return t('validation.tooLong', { max: INVOICE_PATTERN_MAX });
  }
  if (!/^[\x21-\x7e]+$/.test(text)) return t('invoiceSettings.errors.characters');
  const parts = pieces(text);
  if (!parts) return t('invoiceSettings.errors.token');
  const sequences = parts.filter((p) => p.token && SEQUENCE.test(p.token)).length;
  if (sequences !== 1) return t('invoiceSettings.errors.sequence');
  return null;
}

// The calendar fields a pattern uses, as numbers: {year, month}.
function dateText(token, { year, month }) {
  if (token === 'YYYY') return String(year).padStart(4, '0');
  if (token === 'YY') return String(year % 100).padStart(2, '0');
  return String(month).padStart(2, '0');
}

// The sequence number as billing writes it: at least n digits for {SEQ:n}, as is for {SEQ}.
function sequenceText(token, sequence) {
  const width = Number(SEQUENCE.exec(token)[1] ?? 1);
  return String(sequence).padStart(width, '0');
}

// The invoice number of a valid pattern for a date ({year, month} in the business time zone)
// and a sequence number; null for an invalid pattern.
export function renderInvoiceNumber(pattern, date, sequence) {
  if (invoicePatternError(pattern)) return null;
  return pieces(pattern)
    .map((p) => {
      if (p.text !== undefined) return p.text;
      return SEQUENCE.test(p.token) ? sequenceText(p.token, sequence) : dateText(p.token, date);
    })
    .join('');
}

// The text before and after the sequence once the date is filled in: billing keeps one counter
// per such pair (per month with {MM} and a year, per year with a year alone). Null for an
// invalid pattern.
export function invoiceAffixes(pattern, date) {
  if (invoicePatternError(pattern)) return null;
  const parts = pieces(pattern);
  const at = parts.findIndex((p) => p.token && SEQUENCE.test(p.token));
  const render = (list) =>
    list.map((p) => (p.text !== undefined ? p.text : dateText(p.token, date))).join('');
  return {
    before: render(parts.slice(0, at)),
    after: render(parts.slice(at + 1)),
    token: parts[at].token,
  };
}

// The next sequence number of a valid pattern for a date, given invoice numbers that exist
// (e.g. the matches of a search for the affixes): one more than the highest number the same
// counter made, or 1 when it made none. A number only counts when it is exactly what the
// pattern renders for its sequence (same affixes, same zero padding).
export function nextInvoiceSequence(pattern, date, existing) {
  const affixes = invoiceAffixes(pattern, date);
  if (!affixes) return 1;
  const { before, after, token } = affixes;
  let highest = 0;
  for (const number of existing ?? []) {
    const s = String(number ?? '');
    if (s.length <= before.length + after.length) continue;
    if (!s.startsWith(before) || !s.endsWith(after)) continue;
    const digits = s.slice(before.length, s.length - after.length);
    if (!/^\d+$/.test(digits)) continue;
    const n = Number(digits);
    if (Number.isSafeInteger(n) && sequenceText(token, n) === digits)
      highest = Math.max(highest, n);
  }
  return highest + 1;
}

// When the sequence starts from 1 again: 'month', 'year', 'monthOfYear' ({MM} without a year:
// each calendar month keeps counting across years) or 'never'.
export function sequenceRestart(pattern) {
  const parts = pieces(String(pattern ?? '')) ?? [];
  const has = (token) => parts.some((p) => p.token === token);
  const year = has('YYYY') || has('YY');
  if (has('MM')) return year ? 'month' : 'monthOfYear';
  return year ? 'year' : 'never';
}

// Pengaturan > Invoice & struk before it is sent: {field: message}, empty when valid.
export function validateInvoiceReceipt({ invoice, receipt }) {
  const errors = {};
  const pattern = invoicePatternError(invoice?.pattern);
  if (pattern) errors['invoice.pattern'] = pattern;
  if (!['58', '80'].includes(String(receipt?.width))) {
    errors['receipt.width'] = t('validation.required');
  }
  if (byteLength(String(receipt?.footer ?? '')) > RECEIPT_FOOTER_MAX) {
    errors['receipt.footer'] = t('validation.tooLong', { max: RECEIPT_FOOTER_MAX });
  }
  return errors;
}
