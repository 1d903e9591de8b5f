// The gas shop's pure logic (src/lib/shop.js): the NIK check against the server's own cases,
// sale lines from products, the NIK limit warning, low stock, movements as the API takes them,
// the product form and the daily stock report's rows.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatNik,
  freeLine,
  lowStockProducts,
  movementRequest,
  nikError,
  nikLimitWarning,
  normalizeNik,
  overLimitCount,
  productDraft,
  productLine,
  productRequest,
  repriceLines,
  saleItemsBody,
  saleTotal,
  signed,
  stockReportDays,
  stockReportSummary,
  subsidisedQty,
  validateShopSale,
} from '../src/lib/shop.js';

const LPG3 = {
  id: 1,
  name: 'LPG 3 kg',
  kind: 'lpg_3kg',
  price: 22000,
  cylinder_price: 150000,
  purchase_price: 18000,
  tracks_stock: true,
  low_stock: 3,
  subsidised: true,
  active: true,
  full: 8,
  empty: 2,
};
const LPG12 = { ...LPG3, id: 2, name: 'LPG 12 kg', kind: 'lpg_12kg', price: 210000 };
const BRIGHT = {
  ...LPG3,
  id: 3,
  name: 'Bright Gas',
  kind: 'bright_gas',
  subsidised: false,
  cylinder_price: 0,
  low_stock: 0,
  full: 0,
};
const PRODUCTS = [LPG3, LPG12, BRIGHT];

describe('normalizeNik', () => {
  // The same file libs/tests/nik_test.cc reads: the form accepts exactly what the server does.
  const cases = JSON.parse(
    readFileSync(new URL('../../libs/domain/nik_cases.json', import.meta.url), 'utf8'),
  ).cases;

  it('agrees with the server on every shared case', () => {
    expect(cases.length).toBeGreaterThan(5);
    for (const c of cases) {
      expect({ input: c.input, out: normalizeNik(c.input) }).toEqual({
        input: c.input,
        out: c.valid ? c.normalized : null,
      });
    }
  });

  it('refuses other characters and non-text', () => {
    expect(normalizeNik('3201011203900001x')).toBeNull();
    expect(normalizeNik(null)).toBeNull();
    expect(normalizeNik(3201011203900001)).toBe('3201011203900001');
  });

  it('names the field problem, empty allowed unless required', () => {
    expect(nikError('')).toBeNull();
    expect(nikError('', { required: true })).toMatch(/wajib/i);
    expect(nikError('1234')).toMatch(/16 angka/);
    expect(nikError('3201 0112 0390 0001')).toBeNull();
  });

  it('groups a NIK by four', () => {
    expect(formatNik('3201011203900001')).toBe('3201 0112 0390 0001');
    expect(formatNik('abc')).toBe('abc');
  });
});

describe('sale lines', () => {
  it('makes a line from a product at its price', () => {
    expect(productLine(LPG3, 2)).toEqual({
      product_id: 1,
      name: 'LPG 3 kg',
      qty: 2,
      unit_price: '22000',
      new_cylinder: false,
    });
  });

  it('sends product lines with their product and free lines without', () => {
    const lines = [
      { ...productLine(LPG3, 2), new_cylinder: true },
      { ...freeLine('5.000'), name: ' Ongkos antar ' },
    ];
    expect(saleItemsBody(lines)).toEqual([
      { name: 'LPG 3 kg', qty: 2, unit_price: 22000, product_id: 1, new_cylinder: true },
      { name: 'Ongkos antar', qty: 1, unit_price: 5000 },
    ]);
  });

  it('adds a new cylinder to the estimated total', () => {
    const lines = [{ ...productLine(LPG3, 2), new_cylinder: true }, productLine(LPG12, 1)];
    expect(saleTotal(lines, PRODUCTS)).toBe(2 * 22000 + 2 * 150000 + 210000);
    expect(saleTotal([{ ...productLine(LPG3), qty: 'x' }], PRODUCTS)).toBeNull();
  });

  it('counts subsidised cylinders only', () => {
    const lines = [productLine(LPG3, 2), productLine(BRIGHT, 5), freeLine('1000')];
    expect(subsidisedQty(lines, PRODUCTS)).toBe(2);
  });

  it('re-prices lines still at the old price, keeps typed prices', () => {
    const lines = [productLine(LPG3), { ...productLine(LPG12), unit_price: '200000' }];
    const special = [
      { ...LPG3, price: 20000 },
      { ...LPG12, price: 205000 },
    ];
    repriceLines(lines, PRODUCTS, special);
    expect(lines.map((l) => l.unit_price)).toEqual(['20000', '200000']);
  });

  it('asks for a valid NIK only when subsidised LPG is sold', () => {
    const form = { customer_id: 5, nik: '', items: [productLine(LPG3, 1)] };
    expect(validateShopSale(form, PRODUCTS).nik).toMatch(/wajib/i);
    expect(validateShopSale({ ...form, nik: '123' }, PRODUCTS).nik).toMatch(/16 angka/);
    expect(validateShopSale({ ...form, nik: '3201011203900001' }, PRODUCTS)).toEqual({});
    expect(validateShopSale({ ...form, items: [productLine(BRIGHT)] }, PRODUCTS)).toEqual({});
  });

  it('checks free lines, quantities and prices', () => {
    const errors = validateShopSale(
      { customer_id: null, items: [freeLine(''), { ...productLine(LPG12), qty: 0 }] },
      PRODUCTS,
    );
    expect(Object.keys(errors).sort()).toEqual([
      'customer_id',
      'items.0.name',
      'items.0.unit_price',
      'items.1.qty',
    ]);
  });
});

describe('nikLimitWarning', () => {
  it('warns when the month plus this sale passes the limit', () => {
    const usage = { nik: '3201011203900001', today: 1, month: 9, monthly_limit: 10 };
    expect(nikLimitWarning(usage, 1)).toBeNull();
    expect(nikLimitWarning(usage, 2)).toMatch(/9 tabung.*2 tabung.*batas 10/);
  });
  it('never warns without a limit', () => {
    expect(nikLimitWarning({ month: 99, monthly_limit: 0 }, 5)).toBeNull();
    expect(nikLimitWarning(null, 5)).toBeNull();
  });
});

describe('lowStockProducts', () => {
  it('lists products below their level, never those without one', () => {
    const low = { ...LPG3, full: 2 };
    const atLevel = { ...LPG12, full: 3 };
    const untracked = { ...LPG12, id: 9, tracks_stock: false, full: 0 };
    expect(lowStockProducts([low, atLevel, BRIGHT, untracked]).map((p) => p.id)).toEqual([1]);
  });
});

describe('movementRequest', () => {
  it('turns a delivery into full in and empty out at a price', () => {
    const { body, errors } = movementRequest('delivery', LPG3, {
      full: '10',
      empty: '4',
      unit_price: '18.500',
      note: ' pagi ',
    });
    expect(errors).toEqual({});
    expect(body).toEqual({
      product_id: 1,
      kind: 'delivery',
      full_delta: 10,
      empty_delta: -4,
      unit_price: 18500,
      note: 'pagi',
    });
  });

  it('leaves the price to the server when empty and refuses a delivery of none', () => {
    const ok = movementRequest('delivery', LPG3, { full: '1', empty: '', unit_price: '' });
    expect(ok.body).not.toHaveProperty('unit_price');
    expect(ok.body.empty_delta === 0).toBe(true);
    expect(movementRequest('delivery', LPG3, { full: '0', empty: '' }).errors.full).toBeTruthy();
  });

  it('needs something back on a return', () => {
    expect(movementRequest('return', LPG3, { full: '', empty: '' }).errors.full).toBeTruthy();
    const { body, errors } = movementRequest('return', LPG3, { full: '', empty: '2' });
    expect(errors).toEqual({});
    expect(body).toMatchObject({ kind: 'return', full_delta: 0, empty_delta: 2 });
  });

  it('takes any sign on a correction but wants a reason', () => {
    expect(movementRequest('correction', LPG3, { full: '-1', empty: '' }).errors.note).toMatch(
      /Alasan/,
    );
    const { body, errors } = movementRequest('correction', LPG3, {
      full: '-1',
      empty: '1',
      note: 'tabung bocor',
    });
    expect(errors).toEqual({});
    expect(body).toMatchObject({ full_delta: -1, empty_delta: 1, note: 'tabung bocor' });
    expect(movementRequest('correction', null, { full: '1', note: 'x' }).errors.product_id).toBe(
      'Wajib diisi',
    );
  });

  it('writes changes with their sign', () => {
    expect([signed(3), signed(-2), signed(0)]).toEqual(['+3', '-2', '0']);
  });
});

describe('product form', () => {
  it('round-trips a product and checks its fields', () => {
    const { body, errors } = productRequest(productDraft(LPG3));
    expect(errors).toEqual({});
    expect(body).toEqual({
      name: 'LPG 3 kg',
      kind: 'lpg_3kg',
      price: 22000,
      cylinder_price: 150000,
      purchase_price: 18000,
      tracks_stock: true,
      low_stock: 3,
      subsidised: true,
      active: true,
    });
    const bad = productRequest({ ...productDraft(), name: '', price: 'abc', low_stock: '-1' });
    expect(Object.keys(bad.errors).sort()).toEqual(['low_stock', 'name', 'price']);
  });

  it('starts a new product as subsidised LPG 3 kg, sold and counted', () => {
    expect(productDraft()).toMatchObject({
      kind: 'lpg_3kg',
      subsidised: true,
      active: true,
      tracks_stock: true,
    });
  });
});

describe('stock report rows', () => {
  const day = (date, id, name, full, empty) => ({
    date,
    product_id: id,
    product_name: name,
    full,
    empty,
  });
  const items = [
    day(
      '2026-12-01',
      1,
      'LPG 3 kg',
      { opening: 0, in: 10, out: 2, closing: 8 },
      { opening: 0, in: 2, out: 0, closing: 2 },
    ),
    day(
      '2026-12-02',
      1,
      'LPG 3 kg',
      { opening: 8, in: 5, out: 3, closing: 10 },
      { opening: 2, in: 3, out: 5, closing: 0 },
    ),
  ];

  it('groups the rows by day', () => {
    const days = stockReportDays(items);
    expect(days.map((d) => [d.date, d.rows.length])).toEqual([
      ['2026-12-01', 1],
      ['2026-12-02', 1],
    ]);
  });

  it('sums the period per product from the first opening to the last closing', () => {
    expect(stockReportSummary(items)).toEqual([
      {
        product_id: 1,
        product_name: 'LPG 3 kg',
        full: { opening: 0, in: 15, out: 5, closing: 10 },
        empty: { opening: 0, in: 5, out: 5, closing: 0 },
      },
    ]);
    expect(items[0].full.in).toBe(10); // the report's rows are left as they were
  });

  it('counts NIKs over the limit', () => {
    expect(overLimitCount({ totals: [{ over_limit: true }, { over_limit: false }] })).toBe(1);
    expect(overLimitCount(null)).toBe(0);
  });
});
