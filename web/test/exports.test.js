// Exports of the customer and transaction lists: the URL carries the list's filters.
import { afterEach, describe, expect, it } from 'vitest';
import { exportFileName, exportUrl } from '../src/lib/exports.js';
import { setTimeZone } from '../src/lib/format.js';

describe('exportUrl', () => {
  it('sends the non-empty filters with the format', () => {
    expect(
      exportUrl('/api/customers/export', { q: 'budi', type: '', status: 'isolated' }, 'xlsx'),
    ).toBe('/api/customers/export?q=budi&status=isolated&format=xlsx');
    expect(exportUrl('/api/customers/export', { q: '', type: '', status: '' }, 'csv')).toBe(
      '/api/customers/export?format=csv',
    );
  });

  it('leaves out the paging: an export holds everything the filters match', () => {
    expect(
      exportUrl(
        '/api/transactions/export',
        { status: 'unpaid', type: 'internet', period: '2026-11', q: '', limit: 50, offset: 100 },
        'csv',
      ),
    ).toBe('/api/transactions/export?status=unpaid&type=internet&period=2026-11&format=csv');
  });

  it('adds the package filter and the password column when asked', () => {
    expect(
      exportUrl('/api/customers/export', { package: 7, q: 'jl mawar' }, 'csv', {
        with_passwords: true,
      }),
    ).toBe('/api/customers/export?package=7&q=jl+mawar&format=csv&with_passwords=true');
  });

  it('works without filters', () => {
    expect(exportUrl('/api/transactions/export', undefined, 'xlsx')).toBe(
      '/api/transactions/export?format=xlsx',
    );
  });
});

describe('exportFileName', () => {
  afterEach(() => setTimeZone(undefined));

  it('names the file after the list and the day in the business time zone', () => {
    setTimeZone('Asia/Jakarta');
    const night = new Date('2026-11-05T18:30:00Z'); // 01.30 WIB on 6 November
    expect(exportFileName('pelanggan', 'xlsx', night)).toBe('pelanggan-2026-11-06.xlsx');
    expect(exportFileName('transaksi', 'csv', night)).toBe('transaksi-2026-11-06.csv');
  });
});
