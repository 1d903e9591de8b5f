// The cash book (Kas): month bounds of the list filter, the entry form's checks, the receipt
// photo's resize (canvas, JPEG, at most 1280 px) and the profit report's rows and columns.
import { t } from '../i18n/index.js';

export const MAX_PHOTO_BYTES = 512 * 1024;
export const MAX_PHOTO_SIDE = 1280;
export const MAX_AMOUNT = 1_000_000_000_000;
export const MAX_NOTE = 500;

// The first and last day of a "YYYY-MM" month: {from, to} as "YYYY-MM-DD".
export function monthBounds(period) {
  const [y, m] = period.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { from: `${y}-${mm}-01`, to: `${y}-${mm}-${String(last).padStart(2, '0')}` };
}

// "YYYY-MM-DD" one day after `date` ("YYYY-MM-DD").
export function nextDay(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

// The size a photo of `width` x `height` is drawn at: its longer side at most `max`, the
// proportions kept, whole pixels, never enlarged.
export function fitWithin(width, height, max = MAX_PHOTO_SIDE) {
  const scale = Math.min(1, max / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

// A data URL ("data:image/jpeg;base64,....") as the API's photo {data, content_type}; null
// when it is not a base64 data URL.
export function photoFromDataUrl(url) {
  const match = /^data:([^;,]+);base64,(.*)$/.exec(url ?? '');
  return match ? { content_type: match[1], data: match[2] } : null;
}

// Bytes of base64 text.
export function base64Bytes(data) {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}

// Client-side checks of the entry form ({kind, category_id, amount (a number or NaN), date,
// note}); `categories` as the API lists them, `latest` the last allowed date ("YYYY-MM-DD").
// An object of field -> message, empty when it may be sent.
export function entryErrors(entry, categories, latest) {
  const errors = {};
  if (entry.kind !== 'expense' && entry.kind !== 'income') errors.kind = t('validation.required');
  const category = categories.find((c) => c.id === Number(entry.category_id));
  if (!category) errors.category_id = t('validation.required');
  else if (category.kind !== entry.kind) errors.category_id = t('cash.kindMismatch');
  if (!Number.isInteger(entry.amount) || entry.amount < 1 || entry.amount > MAX_AMOUNT)
    errors.amount = t('cash.amountInvalid');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(entry.date ?? '')) errors.date = t('validation.required');
  else if (latest && entry.date > latest) errors.date = t('cash.dateTooFar');
  if ([...(entry.note ?? '')].length > MAX_NOTE)
    errors.note = t('validation.tooLong', { max: MAX_NOTE });
  return errors;
}

// The categories offered for `kind` in the form: active ones, plus `keep` (an entry's own
// category, even when inactive), by name.
export function categoriesFor(categories, kind, keep = 0) {
  return categories
    .filter((c) => c.kind === kind && (c.active || c.id === keep))
    .sort((a, b) => a.name.localeCompare(b.name, 'id'));
}

// The profit report for the table: the expense categories that have an amount in some month
// (in the order first seen) and, per month, the amount of each of them (0 when none).
export function profitTable(report) {
  const items = report?.items ?? [];
  const columns = [];
  const seen = new Set();
  for (const month of items) {
    for (const e of month.expenses ?? []) {
      if (!seen.has(e.category_id)) {
        seen.add(e.category_id);
        columns.push({ id: e.category_id, name: e.name });
      }
    }
  }
  const rows = items.map((month) => {
    const byCategory = {};
    for (const e of month.expenses ?? []) byCategory[e.category_id] = e.amount;
    return {
      period: month.period,
      internet: month.internet ?? 0,
      gas: month.gas ?? 0,
      other: month.other_income ?? 0,
      income: month.income ?? 0,
      expenses: columns.map((c) => byCategory[c.id] ?? 0),
      expense: month.expense ?? 0,
      profit: month.profit ?? 0,
    };
  });
  const sum = (key) => rows.reduce((total, r) => total + r[key], 0);
  const totals = {
    internet: sum('internet'),
    gas: sum('gas'),
    other: sum('other'),
    income: sum('income'),
    expenses: columns.map((_, i) => rows.reduce((total, r) => total + r.expenses[i], 0)),
    expense: sum('expense'),
    profit: sum('profit'),
  };
  return { columns, rows, totals };
}

// The file as an image; read as a data: URL, since the page's CSP allows data: images only.
function loadImage(file) {
  return new Promise((resolve, reject) => {
    const failed = () => reject(new Error(t('cash.photoUnreadable')));
    const reader = new FileReader();
    reader.onerror = failed;
    reader.onload = () => {
      const image = new Image();
      image.onload = () => resolve(image);
      image.onerror = failed;
      image.src = reader.result;
    };
    reader.readAsDataURL(file);
  });
}

// A chosen image file as the API's photo {data, content_type}: redrawn on a canvas as a JPEG
// with its longer side at most MAX_PHOTO_SIDE, the quality lowered until it fits
// MAX_PHOTO_BYTES. Rejects when the browser cannot read it or it does not fit.
export async function resizePhoto(file) {
  const image = await loadImage(file);
  const size = fitWithin(image.naturalWidth, image.naturalHeight);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff'; // a transparent PNG gets a white background, not black
  context.fillRect(0, 0, size.width, size.height);
  context.drawImage(image, 0, 0, size.width, size.height);
  for (const quality of [0.85, 0.7, 0.55, 0.4]) {
    const photo = photoFromDataUrl(canvas.toDataURL('image/jpeg', quality));
    if (photo && base64Bytes(photo.data) <= MAX_PHOTO_BYTES) return photo;
  }
  throw new Error(t('cash.photoTooLarge'));
}
