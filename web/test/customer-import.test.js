// Customer import: the file checks before sending, and how the server's check report is shown.
import { describe, expect, it } from 'vitest';
import {
  IMPORT_MAX_BYTES,
  errorList,
  errorRowCount,
  errorRowsView,
  importFileError,
  importReady,
  importResultText,
  importSummary,
} from '../src/lib/customer-import.js';

const file = (name, size = 100) => ({ name, size, type: '' });

describe('importFileError', () => {
  it('takes .xlsx and .csv files, whatever the case of the extension', () => {
    expect(importFileError(file('pelanggan.xlsx'))).toBeNull();
    expect(importFileError(file('pelanggan.csv'))).toBeNull();
    expect(importFileError(file('DATA PELANGGAN.XLSX'))).toBeNull();
    expect(importFileError(file('data.v2.Csv'))).toBeNull();
  });

  it('refuses other files by their extension', () => {
    for (const name of [
      'pelanggan.xls',
      'pelanggan.txt',
      'pelanggan',
      'csv',
      'pelanggan.csv.exe',
    ]) {
      expect(importFileError(file(name))).toBe('Pilih file Excel (.xlsx) atau CSV (.csv)');
    }
  });

  it('refuses files over 10 MB and empty ones, and asks for a file when there is none', () => {
    expect(importFileError(file('a.xlsx', IMPORT_MAX_BYTES))).toBeNull();
    expect(importFileError(file('a.xlsx', IMPORT_MAX_BYTES + 1))).toMatch(/lebih dari 10 MB/);
    expect(importFileError(file('a.csv', 0))).toBe('File ini kosong');
    expect(importFileError(null)).toBe('Pilih file terlebih dahulu');
  });
});

const COLUMNS = ['Nama', 'Jenis', 'Telepon', 'Alamat', 'Paket'];

describe('importSummary', () => {
  it('counts rows the Indonesian way', () => {
    expect(importSummary({ rows: 1000, valid: 999 })).toBe('1.000 baris, 999 valid, 1 bermasalah');
    expect(importSummary({ rows: 3, valid: 3 })).toBe('3 baris, 3 valid, 0 bermasalah');
    expect(importSummary({ rows: 120000, valid: 0 })).toBe(
      '120.000 baris, 0 valid, 120.000 bermasalah',
    );
  });
});

describe('importReady', () => {
  it('is ready only without errors and with valid rows', () => {
    expect(importReady({ rows: 2, valid: 2, errors: [] })).toBe(true);
    expect(importReady({ rows: 2, valid: 1, errors: [{ row: 3 }] })).toBe(false);
    expect(importReady({ rows: 0, valid: 0, errors: [] })).toBe(false);
    expect(importReady(null)).toBe(false);
  });
});

describe('errorRowsView', () => {
  const report = {
    rows: 4,
    valid: 2,
    columns: COLUMNS,
    errors: [
      { row: 3, column: 'Telepon', message: 'Nomor HP/WhatsApp tidak valid' },
      { row: 3, column: 'nama ', message: 'Wajib diisi' },
      { row: 5, column: 'Tunggakan', message: 'Bukan periode' },
      { row: 5, column: '', message: 'Sama dengan baris 2' },
    ],
    error_rows: [
      { row: 3, cells: ['', 'internet', '12345', 'Jl. Mawar', 'Paket 10'] },
      { row: 5, cells: ['Budi', 'gas', '0812', 'Jl. Melati'] },
    ],
  };

  it('marks the cells named by the errors of their row, matching columns by name', () => {
    const [third] = errorRowsView(report);
    expect(third.row).toBe(3);
    expect(third.cells.map((c) => c.column)).toEqual(COLUMNS);
    expect(third.cells.map((c) => c.value)).toEqual([
      '',
      'internet',
      '12345',
      'Jl. Mawar',
      'Paket 10',
    ]);
    expect(third.cells.map((c) => c.messages)).toEqual([
      ['Wajib diisi'],
      [],
      ['Nomor HP/WhatsApp tidak valid'],
      [],
      [],
    ]);
    expect(third.messages).toEqual([]);
  });

  it('gives the row errors that name no column of the file to the row, and pads short rows', () => {
    const fifth = errorRowsView(report)[1];
    expect(fifth.cells.every((c) => c.messages.length === 0)).toBe(true);
    expect(fifth.cells[4]).toEqual({ column: 'Paket', value: '', messages: [] });
    expect(fifth.messages).toEqual(['Tunggakan: Bukan periode', 'Sama dengan baris 2']);
  });

  it('shows nothing for a report without error rows', () => {
    expect(errorRowsView({ rows: 1, valid: 1, errors: [], columns: COLUMNS })).toEqual([]);
    expect(errorRowsView(null)).toEqual([]);
  });

  it('counts the rows with errors, error_rows holding only some of them', () => {
    expect(errorRowCount(report)).toBe(2);
    expect(errorRowCount({ errors: [] })).toBe(0);
  });
});

describe('errorList', () => {
  it('shows the first errors and counts the rest', () => {
    const errors = Array.from({ length: 7 }, (_, i) => ({
      row: i + 2,
      column: 'Nama',
      message: 'x',
    }));
    expect(errorList({ errors }, 5)).toEqual({ shown: errors.slice(0, 5), more: 2 });
    expect(errorList({ errors }, 10)).toEqual({ shown: errors, more: 0 });
    expect(errorList(null)).toEqual({ shown: [], more: 0 });
  });
});

describe('importResultText', () => {
  it('says how many customers, arrears bills and packages were made', () => {
    expect(importResultText({ imported: 1200, bills: 35, packages_created: 0 })).toBe(
      '1.200 pelanggan diimpor, 35 tagihan tunggakan dibuat',
    );
    expect(importResultText({ imported: 3, bills: 2, packages_created: 1 })).toBe(
      '3 pelanggan diimpor, 2 tagihan tunggakan dibuat, 1 paket baru dibuat',
    );
  });
});
