// The cash book's pure helpers: month bounds, photo sizing, the entry form's checks and the
// profit report's table.
import { describe, expect, it } from 'vitest';
import { t } from '../src/i18n/index.js';
import {
  base64Bytes,
  categoriesFor,
  entryErrors,
  fitWithin,
  monthBounds,
  nextDay,
  photoFromDataUrl,
  profitTable,
} from '../src/lib/cash-book.js';

const categories = [
  { id: 1, kind: 'expense', name: 'Listrik', active: true },
  { id: 2, kind: 'expense', name: 'Gaji', active: false },
  { id: 3, kind: 'income', name: 'Pendapatan lain', active: true },
  { id: 4, kind: 'expense', name: 'Bandwidth', active: true },
];

describe('monthBounds and nextDay', () => {
  it('gives the first and last day of a month, leap years included', () => {
    expect(monthBounds('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthBounds('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthBounds('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('steps over month and year ends', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2026-02-28')).toBe('2026-03-01');
  });
});

describe('fitWithin', () => {
  it('shrinks the longer side to the limit and keeps the proportions', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1280, height: 960 });
    expect(fitWithin(1000, 3000)).toEqual({ width: 427, height: 1280 });
  });

  it('never enlarges a small photo', () => {
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
  });
});

describe('photoFromDataUrl and base64Bytes', () => {
  it('splits a data URL into the API photo', () => {
    expect(photoFromDataUrl('data:image/jpeg;base64,/9j/4AAQ')).toEqual({
      content_type: 'image/jpeg',
      data: '/9j/4AAQ',
    });
    expect(photoFromDataUrl('data:,')).toBeNull();
    expect(photoFromDataUrl(null)).toBeNull();
  });

  it('counts the bytes of base64 text', () => {
    expect(base64Bytes(btoa('abc'))).toBe(3);
    expect(base64Bytes(btoa('abcd'))).toBe(4);
    expect(base64Bytes(btoa('abcde'))).toBe(5);
  });
});

describe('entryErrors', () => {
  const valid = { kind: 'expense', category_id: 1, amount: 150000, date: '2026-03-10', note: '' };

  it('passes a valid entry', () => {
    expect(entryErrors(valid, categories, '2026-03-11')).toEqual({});
  });

  it('names the category of another kind, a bad amount, a far date and a long note', () => {
    const errors = entryErrors(
      { kind: 'income', category_id: 1, amount: 0, date: '2026-03-12', note: 'x'.repeat(501) },
      categories,
      '2026-03-11',
    );
    expect(errors).toEqual({
      category_id: t('cash.kindMismatch'),
      amount: t('cash.amountInvalid'),
      date: t('cash.dateTooFar'),
      note: t('validation.tooLong', { max: 500 }),
    });
  });

  it('refuses an amount that is not a whole number', () => {
    expect(entryErrors({ ...valid, amount: NaN }, categories, '').amount).toBeTruthy();
    expect(entryErrors({ ...valid, amount: 1e13 }, categories, '').amount).toBeTruthy();
  });
});

describe('categoriesFor', () => {
  it('offers the active categories of the kind by name, and keeps an entry’s own', () => {
    expect(categoriesFor(categories, 'expense').map((c) => c.id)).toEqual([4, 1]);
    expect(categoriesFor(categories, 'expense', 2).map((c) => c.id)).toEqual([4, 2, 1]);
    expect(categoriesFor(categories, 'income').map((c) => c.id)).toEqual([3]);
  });
});

describe('profitTable', () => {
  it('makes a column per expense category and sums every column', () => {
    const table = profitTable({
      items: [
        {
          period: '2026-05',
          internet: 150000,
          gas: 60000,
          other_income: 0,
          income: 210000,
          expenses: [{ category_id: 1, name: 'Listrik', amount: 300000 }],
          expense: 300000,
          profit: -90000,
        },
        {
          period: '2026-06',
          internet: 150000,
          gas: 44000,
          other_income: 50000,
          income: 244000,
          expenses: [
            { category_id: 5, name: 'Gaji', amount: 100000 },
            { category_id: 1, name: 'Listrik', amount: 21000 },
          ],
          expense: 121000,
          profit: 123000,
        },
      ],
    });
    expect(table.columns).toEqual([
      { id: 1, name: 'Listrik' },
      { id: 5, name: 'Gaji' },
    ]);
    expect(table.rows[0].expenses).toEqual([300000, 0]);
    expect(table.rows[1].expenses).toEqual([21000, 100000]);
    expect(table.totals).toEqual({
      internet: 300000,
      gas: 104000,
      other: 50000,
      income: 454000,
      expenses: [321000, 100000],
      expense: 421000,
      profit: 33000,
    });
  });

  it('is empty before the report arrives', () => {
    expect(profitTable(null)).toEqual({
      columns: [],
      rows: [],
      totals: { internet: 0, gas: 0, other: 0, income: 0, expenses: [], expense: 0, profit: 0 },
    });
  });
});
