// Customer import (Pelanggan › Impor): the checks made before a file is sent, and how the
// server's check report is shown (summary, error list, the erroneous rows with their bad cells).
import { t } from '../i18n/index.js';
import { formatNumber } from './format.js';

export const IMPORT_PATH = '/api/customers/import';
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_EXTENSIONS = ['.xlsx', '.csv'];
// What the file picker offers: extensions, and the types phones choose files by.
export const IMPORT_ACCEPT = [
  ...IMPORT_EXTENSIONS,
  'text/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
].join(',');
// The error list shows this many errors at most; the file may hold thousands.
export const ERROR_LIST_LIMIT = 500;

// Why `file` cannot be sent (a message for the file field), or null when it may be.
export function importFileError(file) {
  if (!file) return t('customerImport.chooseFile');
  const name = String(file.name ?? '').toLowerCase();
  if (!IMPORT_EXTENSIONS.some((ext) => name.endsWith(ext))) return t('customerImport.badType');
  if (file.size > IMPORT_MAX_BYTES) return t('customerImport.tooBig');
  if (file.size === 0) return t('customerImport.emptyFile');
  return null;
}

// "1.000 baris, 999 valid, 1 bermasalah".
export function importSummary(report) {
  const rows = Number(report?.rows) || 0;
  const valid = Number(report?.valid) || 0;
  return t('customerImport.summary', {
    rows: formatNumber(rows),
    valid: formatNumber(valid),
    bad: formatNumber(Math.max(0, rows - valid)),
  });
}

// True when the report lets the file be imported: no error and at least one valid row.
export function importReady(report) {
  return !!report && (report.errors ?? []).length === 0 && Number(report.valid) > 0;
}

// The first `limit` errors and how many more there are.
export function errorList(report, limit = ERROR_LIST_LIMIT) {
  const errors = report?.errors ?? [];
  return { shown: errors.slice(0, limit), more: Math.max(0, errors.length - limit) };
}

const columnKey = (name) =>
  String(name ?? '')
    .trim()
    .toLowerCase();

// The erroneous rows as the page shows them: one entry per row of `error_rows`, each cell with
// its column (from `columns`) and the messages the errors give for that column in that row (a
// cell with messages is highlighted). Errors naming no column, or a column the file lacks,
// become the row's own `messages`.
export function errorRowsView(report) {
  const columns = report?.columns ?? [];
  const index = new Map(columns.map((name, i) => [columnKey(name), i]));
  const errorsByRow = new Map();
  for (const error of report?.errors ?? []) {
    const key = String(error.row);
    if (!errorsByRow.has(key)) errorsByRow.set(key, []);
    errorsByRow.get(key).push(error);
  }
  return (report?.error_rows ?? []).map(({ row, cells = [] }) => {
    const width = Math.max(columns.length, cells.length);
    const view = Array.from({ length: width }, (_, i) => ({
      column: columns[i] ?? '',
      value: cells[i] ?? '',
      messages: [],
    }));
    const messages = [];
    for (const error of errorsByRow.get(String(row)) ?? []) {
      const i = error.column ? index.get(columnKey(error.column)) : undefined;
      if (i !== undefined) view[i].messages.push(error.message);
      else messages.push(error.column ? `${error.column}: ${error.message}` : error.message);
    }
    return { row, cells: view, messages };
  });
}

// How many rows have errors (the report's error_rows holds at most 200 of them).
export function errorRowCount(report) {
  return new Set((report?.errors ?? []).map((e) => String(e.row))).size;
}

// "3 pelanggan diimpor, 2 tagihan tunggakan dibuat" (and the new packages, if any).
export function importResultText(result) {
  const params = {
    imported: formatNumber(result?.imported ?? 0),
    bills: formatNumber(result?.bills ?? 0),
    packages: formatNumber(result?.packages_created ?? 0),
  };
  return Number(result?.packages_created) > 0
    ? t('customerImport.doneWithPackages', params)
    : t('customerImport.done', params);
}
