// Form validation and helpers that run before anything is sent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { t } from '../src/i18n/index.js';
import { parseRetryAfter, queryString } from '../src/lib/api.js';
import {
  itemsTotal,
  normalizePhone,
  passwordError,
  renderTemplate,
  validateCustomer,
  validateGasSale,
  validateInternetBill,
  validatePayment,
  validateUser,
} from '../src/lib/validate.js';

describe('normalizePhone', () => {
  it('normalises Indonesian mobile numbers for WhatsApp', () => {
    expect(normalizePhone('08123456789')).toBe('628123456789');
    expect(normalizePhone('+62 812-3456-789')).toBe('628123456789');
    expect(normalizePhone('628123456789')).toBe('628123456789');
    expect(normalizePhone('(0812) 3456.789')).toBe('628123456789');
    expect(normalizePhone('8123456789')).toBe('628123456789');
  });
  it('accepts landlines as the server does', () => {
    expect(normalizePhone('0212345678')).toBe('62212345678');
    expect(normalizePhone('(0274) 123456')).toBe('62274123456');
  });
  it('rejects what cannot be an Indonesian number', () => {
    expect(normalizePhone('')).toBeNull();
    expect(normalizePhone('0812')).toBeNull();
    expect(normalizePhone('0812-abc-456')).toBeNull();
    expect(normalizePhone('+1 415 555 0100')).toBeNull();
    expect(normalizePhone('08123456789012345')).toBeNull();
  });

  // The table the server's gtest reads too (libs/tests/phone_test.cc): the form accepts exactly
  // what the server accepts.
  const table = JSON.parse(
    readFileSync(new URL('../../libs/domain/phone_cases.json', import.meta.url), 'utf8'),
  );
  it('reads the shared table of mobiles, landlines and bad numbers', () => {
    expect(table.cases.filter((row) => row.valid).length).toBeGreaterThanOrEqual(10);
    expect(table.cases.filter((row) => !row.valid).length).toBeGreaterThanOrEqual(10);
  });
  it.each(table.cases)('answers the shared table for $input', ({ input, valid, normalized }) => {
    expect(normalizePhone(input)).toBe(valid ? normalized : null);
  });
});

describe('validateUser', () => {
  it('accepts a good new user', () => {
    expect(
      validateUser(
        { username: 'kasir.1', password: 'rahasia123', role: 'staff', full_name: 'Kasir' },
        { creating: true },
      ),
    ).toEqual({});
  });
  it('flags each bad field', () => {
    const errors = validateUser(
      { username: 'a!', password: 'short', role: 'boss', full_name: 'x'.repeat(101) },
      { creating: true },
    );
    expect(errors.username).toBe(t('validation.username'));
    expect(errors.password).toBe(t('validation.passwordShort', { min: 8 }));
    expect(errors.role).toBe(t('validation.role'));
    expect(errors.full_name).toBe(t('validation.tooLong', { max: 100 }));
  });
  it('lets an edit keep the password', () => {
    expect(
      validateUser({ password: '', role: 'admin', full_name: '' }, { creating: false }),
    ).toEqual({});
  });
  it('counts characters, not bytes', () => {
    expect(passwordError('ééééééé')).toBe(t('validation.passwordShort', { min: 8 }));
    expect(passwordError('éééééééé')).toBeNull();
  });
});

describe('validateCustomer', () => {
  const internet = {
    type: 'internet',
    name: 'Budi',
    phone: '0812 3456 7890',
    pppoe_username: 'budi01',
    pppoe_password: 'x1',
    package_id: 2,
    monthly_fee: '150.000',
    due_day: 10,
  };
  it('accepts a complete internet customer', () => {
    expect(validateCustomer(internet)).toEqual({});
  });
  it('lets only a customer still waiting for a phone keep it empty', () => {
    const blank = { ...internet, phone: '  ' };
    expect(validateCustomer(blank)).toEqual({ phone: 'Wajib diisi' });
    expect(validateCustomer(blank, { phoneMayWait: true })).toEqual({});
    expect(validateCustomer({ ...internet, phone: '0812' }, { phoneMayWait: true })).toHaveProperty(
      'phone',
    );
  });
  it('needs the PPPoE fields only for internet', () => {
    const errors = validateCustomer({
      ...internet,
      pppoe_username: 'a b',
      pppoe_password: '',
      package_id: '',
      monthly_fee: 'abc',
      due_day: 31,
    });
    expect(Object.keys(errors).sort()).toEqual([
      'due_day',
      'monthly_fee',
      'package_id',
      'pppoe_password',
      'pppoe_username',
    ]);
    expect(
      validateCustomer({ type: 'gas', name: 'Warung Sari', phone: '081234567890', gas_price: '' }),
    ).toEqual({});
  });
  it('rejects a bad phone number and a missing name', () => {
    const errors = validateCustomer({ ...internet, name: ' ', phone: '12345' });
    expect(errors.name).toBe(t('validation.required'));
    expect(errors.phone).toBe(t('validation.phone'));
  });
});

describe('transactions', () => {
  it('validates an internet bill', () => {
    expect(validateInternetBill({ customer_id: 3, period: '2026-11', amount: '' })).toEqual({});
    expect(
      Object.keys(
        validateInternetBill({ customer_id: null, period: '2026-13', amount: '0' }),
      ).sort(),
    ).toEqual(['amount', 'customer_id', 'period']);
  });
  it('validates gas sale items one by one', () => {
    const errors = validateGasSale({
      customer_id: 1,
      items: [
        { name: 'LPG 3 kg', qty: 2, unit_price: '22.000' },
        { name: '', qty: 0, unit_price: 'x' },
      ],
    });
    expect(Object.keys(errors).sort()).toEqual([
      'items.1.name',
      'items.1.qty',
      'items.1.unit_price',
    ]);
    expect(validateGasSale({ customer_id: 1, items: [] }).items).toBe(
      t('validation.itemsRequired'),
    );
  });
  it('totals items', () => {
    expect(
      itemsTotal([
        { qty: 2, unit_price: '22.000' },
        { qty: 1, unit_price: 5000 },
      ]),
    ).toBe(49000);
    expect(itemsTotal([{ qty: 'x', unit_price: 1 }])).toBeNull();
  });
  it('validates a payment', () => {
    expect(validatePayment({ method: 'cash', amount: '150000' }, { outstanding: 150000 })).toEqual(
      {},
    );
    expect(validatePayment({ method: 'cheque', amount: '' }).method).toBe(t('validation.required'));
    expect(
      validatePayment({ method: 'cash', amount: '15000000' }, { outstanding: 150000 }).amount,
    ).toBe(t('validation.amountTooHigh'));
  });
});

describe('helpers', () => {
  it('renders message templates', () => {
    expect(
      renderTemplate('Halo {nama}, tagihan {periode}: {total}. {x}', {
        nama: 'Budi',
        periode: 'Nov',
        total: 'Rp 1',
      }),
    ).toBe('Halo Budi, tagihan Nov: Rp 1. {x}');
  });
  it('reads Retry-After as seconds or a date', () => {
    expect(parseRetryAfter('30')).toBe(30);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter(new Date(10_000 + 5_000).toUTCString(), 10_000)).toBe(5);
  });
  it('builds query strings without empty values', () => {
    expect(queryString({ q: 'budi sari', type: '', limit: 50, x: null })).toBe(
      '?q=budi+sari&limit=50',
    );
    expect(queryString({})).toBe('');
  });
});
