// The portal's texts and formatting: every key the portal uses exists; Rupiah and Jakarta dates
// come out as on the staff app.
import { readFileSync, readdirSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import strings from '../src/i18n/portal.js';
import { translate } from '../src/i18n/translate.js';
import {
  formatDate as staffDate,
  formatPeriod as staffPeriod,
  setTimeZone,
} from '../src/lib/format.js';
import { formatDate, formatPeriod, formatRupiah, label, t } from '../src/portal/text.js';

const dir = new URL('../src/portal/', import.meta.url);

describe('portal texts', () => {
  it('has every key the portal code names', () => {
    const keys = new Set();
    for (const name of readdirSync(dir)) {
      const source = readFileSync(new URL(name, dir), 'utf8');
      for (const match of source.matchAll(
        /['`]((?:errors|login|bills|paid|print|isolir)\.[\w.]+)['`]/g,
      )) {
        keys.add(match[1]);
      }
    }
    for (const type of ['internet', 'gas']) keys.add(`bills.type.${type}`);
    for (const method of ['cash', 'transfer', 'online']) keys.add(`print.methods.${method}`);
    for (const status of ['active', 'isolated', 'inactive']) keys.add(`bills.status.${status}`);
    expect(keys.size).toBeGreaterThan(30);
    // A text, or a group that label(group, value) looks values up in.
    const found = (key) =>
      translate(strings, key) !== key ||
      typeof key.split('.').reduce((node, part) => node?.[part], strings) === 'object';
    const missing = [...keys].filter((key) => !found(key));
    expect(missing).toEqual([]);
  });

  it('says the service is suspended in Bahasa Indonesia', () => {
    expect(t('isolir.title')).toBe('Layanan internet Anda sedang diisolir');
    expect(t('errors.tooMany', { seconds: 30 })).toContain('30 detik');
    expect(label('print.methods', 'online')).toBe('Online');
    expect(label('bills.status', 'isolated')).toBe('Diisolir');
    expect(label('print.methods', 'qris')).toBe('qris');
  });
});

describe('portal formatting', () => {
  beforeEach(() => setTimeZone('Asia/Jakarta'));
  it('writes Rupiah and dates like the staff app', () => {
    expect(formatRupiah(1250000)).toBe('Rp 1.250.000');
    expect(formatDate('2026-11-05')).toBe('5 Nov 2026');
    expect(formatDate('2026-11-05')).toBe(staffDate('2026-11-05'));
    // 20:30 UTC is already the next day in Jakarta (UTC+7).
    expect(formatDate('2026-10-31T20:30:00Z')).toBe('1 Nov 2026');
    expect(formatDate('2026-10-31T20:30:00Z')).toBe(staffDate('2026-10-31T20:30:00Z'));
    expect(formatDate(null)).toBe('-');
    expect(formatDate('not a date')).toBe('-');
    expect(formatPeriod('2026-11')).toBe('November 2026');
    expect(formatPeriod('2026-11')).toBe(staffPeriod('2026-11'));
    expect(formatPeriod('2026-13')).toBe('2026-13');
  });

  it('names every month as the staff dictionary does', () => {
    for (let m = 1; m <= 12; m += 1) {
      const period = `2026-${String(m).padStart(2, '0')}`;
      expect(formatPeriod(period)).toBe(staffPeriod(period));
      expect(formatDate(`${period}-15`)).toBe(staffDate(`${period}-15`));
    }
  });
});
