// Exports of a list (customers, transactions) as a CSV or Excel file, with the filters the list
// is showing; downloaded with the session like every other file (api.js download).
import { download, queryString } from './api.js';
import { todayIso } from './format.js';

export const EXPORT_FORMATS = ['xlsx', 'csv'];

// Paging belongs to the list on screen: an export holds everything that matches the filters.
const PAGING = new Set(['limit', 'offset']);

// The export's URL: `path` with the list's non-empty filters, the format and `extra` (such as
// with_passwords).
export function exportUrl(path, filters, format, extra = {}) {
  const query = {};
  for (const [key, value] of Object.entries(filters ?? {})) {
    if (!PAGING.has(key)) query[key] = value;
  }
  return path + queryString({ ...query, format, ...extra });
}

// The name to save as when the server sends none: "pelanggan-2026-11-05.xlsx".
export function exportFileName(base, format, now = new Date()) {
  return `${base}-${todayIso(now)}.${format}`;
}

// Downloads the export; resolves with the file's name.
export function downloadExport(path, filters, format, base, extra = {}) {
  return download(exportUrl(path, filters, format, extra), undefined, exportFileName(base, format));
}
