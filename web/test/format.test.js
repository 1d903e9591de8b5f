// Rupiah, date and period formatting for Indonesian staff.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addMonths,
  currentPeriod,
  formatBytes,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPeriod,
  formatPeriodShort,
  formatRupiah,
  formatRupiahShort,
  isValidPeriod,
  parseRupiah,
  periodRange,
  setTimeZone,
  todayIso,
} from '../src/lib/format.js';

describe('formatRupiah', () => {
  it('groups thousands with dots', () => {
    expect(formatRupiah(1250000)).toBe('Rp 1.250.000');
    expect(formatRupiah(0)).toBe('Rp 0');
    expect(formatRupiah(999)).toBe('Rp 999');
    expect(formatRupiah(1000)).toBe('Rp 1.000');
    expect(formatRupiah(12345678901)).toBe('Rp 12.345.678.901');
  });
  it('shows negatives and missing values', () => {
    expect(formatRupiah(-5000)).toBe('-Rp 5.000');
    expect(formatRupiah(null)).toBe('-');
    expect(formatRupiah(undefined)).toBe('-');
    expect(formatRupiah('abc')).toBe('-');
  });
  it('accepts numeric strings from JSON', () => {
    expect(formatRupiah('150000')).toBe('Rp 150.000');
  });
  it('abbreviates for chart axes', () => {
    expect(formatRupiahShort(0)).toBe('0');
    expect(formatRupiahShort(250000)).toBe('250 rb');
    expect(formatRupiahShort(1250000)).toBe('1,3 jt');
    expect(formatRupiahShort(2000000000)).toBe('2 M');
  });
});

describe('parseRupiah', () => {
  it('reads what staff type', () => {
    expect(parseRupiah('1.250.000')).toBe(1250000);
    expect(parseRupiah('1250000')).toBe(1250000);
    expect(parseRupiah('Rp 1.250.000')).toBe(1250000);
    expect(parseRupiah('Rp1.250.000,00')).toBe(1250000);
    expect(parseRupiah(' 150000 ')).toBe(150000);
    expect(parseRupiah(42)).toBe(42);
  });
  it('rejects what is not a whole amount', () => {
    expect(parseRupiah('')).toBeNaN();
    expect(parseRupiah('abc')).toBeNaN();
    expect(parseRupiah('12,5')).toBeNaN();
    expect(parseRupiah('1.25')).toBeNaN();
    expect(parseRupiah('1e6')).toBeNaN();
    expect(parseRupiah(1.5)).toBeNaN();
    expect(parseRupiah('99999999999999999999')).toBeNaN();
  });
});

describe('dates in Asia/Jakarta', () => {
  // The business time zone comes from the API (billing.timezone); here it is Jakarta.
  beforeEach(() => setTimeZone('Asia/Jakarta'));
  it('formats an instant in WIB whatever the machine zone', () => {
    // 2026-11-04T18:30Z is already 5 November 01.30 in Jakarta (UTC+7).
    expect(formatDate('2026-11-04T18:30:00Z')).toBe('5 Nov 2026');
    expect(formatDateTime('2026-11-04T18:30:00Z')).toBe('5 Nov 2026 01.30');
    expect(formatDateTime('2026-01-01T00:00:00+07:00')).toBe('1 Jan 2026 00.00');
  });
  it('keeps calendar dates as they are', () => {
    expect(formatDate('2026-08-17')).toBe('17 Agu 2026');
  });
  it('shows a dash for missing or broken values', () => {
    expect(formatDate(null)).toBe('-');
    expect(formatDateTime('')).toBe('-');
    expect(formatDateTime('not a date')).toBe('-');
  });
  it('computes today and the current period in Jakarta', () => {
    const lateUtc = new Date('2026-12-31T20:00:00Z'); // 1 January 2027, 03.00 WIB
    expect(todayIso(lateUtc)).toBe('2027-01-01');
    expect(currentPeriod(lateUtc)).toBe('2027-01');
  });
});

describe('dates in the business time zone from the API', () => {
  it('follows the zone the settings name', () => {
    // 2026-11-04T16:30Z is 23.30 in Jakarta (UTC+7) but 01.30 the next day in Jayapura (UTC+9).
    setTimeZone('Asia/Jakarta');
    expect(formatDateTime('2026-11-04T16:30:00Z')).toBe('4 Nov 2026 23.30');
    expect(todayIso(new Date('2026-11-04T16:30:00Z'))).toBe('2026-11-04');
    setTimeZone('Asia/Jayapura');
    expect(formatDateTime('2026-11-04T16:30:00Z')).toBe('5 Nov 2026 01.30');
    expect(todayIso(new Date('2026-11-04T16:30:00Z'))).toBe('2026-11-05');
    expect(currentPeriod(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
  });
});

describe('periods', () => {
  it('names months in Indonesian', () => {
    expect(formatPeriod('2026-11')).toBe('November 2026');
    expect(formatPeriod('2026-08')).toBe('Agustus 2026');
    expect(formatPeriodShort('2026-05')).toBe('Mei 26');
    expect(formatPeriod('bogus')).toBe('bogus');
    expect(formatPeriod(null)).toBe('-');
  });
  it('validates YYYY-MM', () => {
    expect(isValidPeriod('2026-01')).toBe(true);
    expect(isValidPeriod('2026-13')).toBe(false);
    expect(isValidPeriod('2026-1')).toBe(false);
    expect(isValidPeriod(202601)).toBe(false);
  });
  it('adds months across years', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-01', -13)).toBe('2024-12');
    expect(periodRange('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});

describe('formatNumber and formatBytes', () => {
  it('groups thousands with dots like formatRupiah, without the currency', () => {
    expect(formatNumber(1000)).toBe('1.000');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(120000)).toBe('120.000');
    expect(formatNumber(-5000)).toBe('-5.000');
    expect(formatNumber('42')).toBe('42');
    expect(formatNumber(null)).toBe('-');
    expect(formatNumber('abc')).toBe('-');
  });
  it('gives file sizes with a decimal comma', () => {
    expect(formatBytes(850)).toBe('850 B');
    expect(formatBytes(12 * 1024)).toBe('12 KB');
    expect(formatBytes(2.4 * 1024 * 1024)).toBe('2,4 MB');
  });
});
