// A bill's lines as the server sends them, how they read, and the discount and PPN choices
// checked as the server checks them (services/billing/bill_lines.cc, settings_document.cc).
import { describe, expect, it } from 'vitest';
import {
  RUPIAH_MAX,
  billDiscountBody,
  billLines,
  chargedLines,
  customerTermsBody,
  discountErrors,
  discountText,
  includedTaxLines,
  lineLabel,
  lineNotes,
  parseTaxRate,
  showsUnitPrice,
  taxSettingsBody,
  validateBillDiscount,
  validateCustomerTerms,
  validateTaxSettings,
} from '../src/lib/bill-lines.js';

// Installed on the 20th of a 30-day month, 10% off, PPN 11% added:
// package 150.000 x 11/30 = 55.000; discount 5.500; taxable 55.000 - 5.500 + 250.000 = 299.500;
// PPN 32.945; total 332.445.
const FIRST_BILL = {
  id: 7,
  type: 'internet',
  period: '2026-11',
  amount: 332445,
  tax_amount: 32945,
  discount_amount: 5500,
  lines: [
    {
      kind: 'package',
      label: 'Paket 10 Mbps 2026-11',
      qty: 1,
      unit_price: 150000,
      amount: 55000,
      included: false,
      note: 'pro rata 11/30 hari',
    },
    {
      kind: 'installation',
      label: 'Biaya pemasangan',
      qty: 1,
      unit_price: 250000,
      amount: 250000,
      included: false,
      note: '',
    },
    {
      kind: 'discount',
      label: 'Diskon 10%',
      qty: 1,
      unit_price: -5500,
      amount: -5500,
      included: false,
      note: '',
    },
    { kind: 'tax', label: 'PPN 11%', qty: 1, unit_price: 32945, amount: 32945, included: false },
  ],
};

const INCLUDED = {
  type: 'gas',
  amount: 44000,
  lines: [
    { kind: 'item', label: 'LPG 3 kg', qty: 2, unit_price: 22000, amount: 44000 },
    { kind: 'tax', label: 'PPN 11%', qty: 1, unit_price: 4360, amount: 4360, included: true },
  ],
};

describe('billLines', () => {
  it("takes the server's lines in its order", () => {
    const lines = billLines(FIRST_BILL);
    expect(lines.map((l) => l.kind)).toEqual(['package', 'installation', 'discount', 'tax']);
    expect(lines[0]).toEqual({
      kind: 'package',
      label: 'Paket 10 Mbps 2026-11',
      qty: 1,
      unit_price: 150000,
      amount: 55000,
      included: false,
      note: 'pro rata 11/30 hari',
    });
    expect(lines[3].note).toBe('');
  });
  it('makes lines of the items or the amount of a bill stored without lines', () => {
    expect(
      billLines({ type: 'gas', items: [{ name: 'LPG 3 kg', qty: 2, unit_price: 22000 }] }),
    ).toEqual([
      {
        kind: 'item',
        label: 'LPG 3 kg',
        qty: 2,
        unit_price: 22000,
        amount: 44000,
        included: false,
        note: '',
      },
    ]);
    expect(billLines({ type: 'internet', amount: 150000, lines: [] }, 'Internet Nov')).toEqual([
      {
        kind: 'package',
        label: 'Internet Nov',
        qty: 1,
        unit_price: 150000,
        amount: 150000,
        included: false,
        note: '',
      },
    ]);
    expect(billLines({ type: 'internet', amount: 1, description: 'Lama' }, 'x')[0].label).toBe(
      'Lama',
    );
  });
  it('keeps a PPN inside the prices out of the charged lines', () => {
    const lines = billLines(INCLUDED);
    expect(chargedLines(lines).map((l) => l.kind)).toEqual(['item']);
    expect(includedTaxLines(lines).map((l) => l.amount)).toEqual([4360]);
    expect(lineLabel(lines[1])).toBe('termasuk PPN 11%');
    expect(lineLabel(lines[0])).toBe('LPG 3 kg');
    // An added PPN is charged.
    expect(chargedLines(billLines(FIRST_BILL))).toHaveLength(4);
  });
  it('shows quantity and unit price for what is bought only', () => {
    const kinds = billLines(FIRST_BILL).map((l) => [l.kind, showsUnitPrice(l)]);
    expect(kinds).toEqual([
      ['package', true],
      ['installation', true],
      ['discount', false],
      ['tax', false],
    ]);
  });
  it('sums up what a bill holds besides its package for a list', () => {
    expect(lineNotes(FIRST_BILL)).toEqual([
      'pro rata 11/30 hari',
      'Biaya pemasangan',
      'Diskon 10%',
      'PPN 11%',
    ]);
    expect(lineNotes(INCLUDED)).toEqual(['termasuk PPN 11%']);
    expect(lineNotes({ type: 'internet', amount: 150000 })).toEqual([]);
  });
});

describe('discounts', () => {
  it('reads as staff write them', () => {
    expect(discountText('percent', 10)).toBe('10%');
    expect(discountText('fixed', 15000)).toBe('Rp 15.000');
    expect(discountText('none', 0)).toBe('Tidak ada');
    expect(discountText(undefined, undefined)).toBe('Tidak ada');
  });
  it('takes a percent of 1 to 100 and Rupiah of 0 to 1.000.000.000, as the server', () => {
    expect(discountErrors('none', '')).toEqual({});
    for (const ok of ['1', '10', '100', ' 25 ']) expect(discountErrors('percent', ok)).toEqual({});
    for (const bad of ['0', '101', '10.5', '10,5', '', 'sepuluh', '-5']) {
      expect(discountErrors('percent', bad).value, bad).toMatch(/1 sampai 100/);
    }
    for (const ok of ['0', '15000', '15.000', 'Rp 15.000', String(RUPIAH_MAX)]) {
      expect(discountErrors('fixed', ok), ok).toEqual({});
    }
    expect(discountErrors('fixed', '').value).toBe('Wajib diisi');
    expect(discountErrors('fixed', '15,5').value).toMatch(/angka rupiah/);
    expect(discountErrors('fixed', '-1').value).toBe('Isi Rp 0 sampai Rp 1.000.000.000');
    expect(discountErrors('fixed', String(RUPIAH_MAX + 1)).value).toMatch(/1\.000\.000\.000/);
    expect(discountErrors('half', '1').type).toBe('Wajib diisi');
  });
  it("checks the customer's discount and installation fee under the server's field names", () => {
    expect(
      validateCustomerTerms({
        type: 'internet',
        discount_type: 'percent',
        discount_value: '120',
        installation_fee: 'dua ratus',
      }),
    ).toEqual({
      discount_value: 'Isi persen 1 sampai 100 (angka bulat)',
      installation_fee: 'Isi angka rupiah tanpa koma, contoh 150000 atau 150.000',
    });
    // An empty installation fee is none; gas customers have none.
    expect(
      validateCustomerTerms({ type: 'internet', discount_type: 'none', installation_fee: '' }),
    ).toEqual({});
    expect(
      validateCustomerTerms({ type: 'gas', discount_type: 'fixed', discount_value: '2.000' }),
    ).toEqual({});
  });
  it("sends the customer's discount with value 0 when none, the fee for internet only", () => {
    expect(
      customerTermsBody({
        type: 'internet',
        discount_type: 'fixed',
        discount_value: '15.000',
        installation_fee: '250.000',
      }),
    ).toEqual({ discount_type: 'fixed', discount_value: 15000, installation_fee: 250000 });
    expect(
      customerTermsBody({
        type: 'internet',
        discount_type: 'none',
        discount_value: '10',
        installation_fee: '',
      }),
    ).toEqual({ discount_type: 'none', discount_value: 0, installation_fee: 0 });
    expect(
      customerTermsBody({ type: 'gas', discount_type: 'percent', discount_value: '5' }),
    ).toEqual({ discount_type: 'percent', discount_value: 5 });
  });
  it("sends a bill's own discount, or nothing to follow the customer's", () => {
    expect(billDiscountBody('customer', '10')).toBeUndefined();
    expect(billDiscountBody('none', '10')).toEqual({ type: 'none', value: 0 });
    expect(billDiscountBody('percent', '10')).toEqual({ type: 'percent', value: 10 });
    expect(billDiscountBody('fixed', 'Rp 20.000')).toEqual({ type: 'fixed', value: 20000 });
    expect(validateBillDiscount('customer', 'x')).toEqual({});
    expect(validateBillDiscount('percent', '0')).toEqual({
      'discount.value': 'Isi persen 1 sampai 100 (angka bulat)',
    });
  });
});

describe('PPN settings', () => {
  it('reads a rate with a dot or a comma and at most two decimals', () => {
    expect(parseTaxRate('11')).toBe(11);
    expect(parseTaxRate(11.5)).toBe(11.5);
    expect(parseTaxRate('11,25')).toBe(11.25);
    expect(parseTaxRate(' 12 ')).toBe(12);
    for (const bad of ['11.125', '', 'sebelas', '-1', '1e1', '11%']) {
      expect(parseTaxRate(bad), bad).toBeNaN();
    }
  });
  it('checks rate, mode and label as the server does', () => {
    const good = { enabled: true, rate: '11', mode: 'added', on_gas: false, label: 'PPN' };
    expect(validateTaxSettings(good)).toEqual({});
    expect(validateTaxSettings({ ...good, rate: '100' })).toEqual({});
    for (const rate of ['0', '100.01', '11.555', '']) {
      expect(Object.keys(validateTaxSettings({ ...good, rate })), rate).toEqual(['tax.rate']);
    }
    expect(validateTaxSettings({ ...good, mode: 'both' })).toEqual({
      'tax.mode': 'Wajib diisi',
    });
    expect(validateTaxSettings({ ...good, label: '  ' })).toEqual({ 'tax.label': 'Wajib diisi' });
    expect(validateTaxSettings({ ...good, label: 'P'.repeat(21) })).toEqual({
      'tax.label': 'Maksimal 20 karakter',
    });
    // The server counts bytes: ten two-byte letters are twenty.
    expect(validateTaxSettings({ ...good, label: 'é'.repeat(10) })).toEqual({});
    expect(Object.keys(validateTaxSettings({ ...good, label: 'é'.repeat(11) }))).toEqual([
      'tax.label',
    ]);
  });
  it('sends the rate as a number and the label trimmed', () => {
    expect(
      taxSettingsBody({ enabled: true, rate: '11,5', mode: 'included', on_gas: 1, label: ' PPN ' }),
    ).toEqual({ enabled: true, rate: 11.5, mode: 'included', on_gas: true, label: 'PPN' });
  });
});
