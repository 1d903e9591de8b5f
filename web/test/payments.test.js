// Online payments in the staff UI: settings checks and body, callback URL, customer number,
// the WhatsApp share of a pay link, reason texts and copying.
import { beforeEach, describe, expect, it } from 'vitest';
import { setTimeZone } from '../src/lib/format.js';
import {
  SECRET_MASK,
  callbackUrl,
  copyText,
  customerNumber,
  methodText,
  needsCheckText,
  payLinkMessage,
  paymentDraft,
  paymentSettingsBody,
  validatePaymentSettings,
  waShareUrl,
} from '../src/lib/payments.js';

const tripay = {
  provider: 'tripay',
  mode: 'sandbox',
  fee_mode: 'absorbed',
  customer_fee: 0,
  public_url: 'https://tagihan.example.net',
  link_hours: 24,
  tripay: {
    api_base_url: '',
    merchant_code: 'T0001',
    api_key: SECRET_MASK,
    private_key: SECRET_MASK,
    method: 'QRIS',
  },
  midtrans: { snap_base_url: '', core_base_url: '', server_key: '' },
  xendit: { api_base_url: '', secret_key: '', callback_token: '' },
};

describe('customerNumber', () => {
  it('pads the id to four digits behind PLG-', () => {
    expect(customerNumber(42)).toBe('PLG-0042');
    expect(customerNumber('7')).toBe('PLG-0007');
    expect(customerNumber(123456)).toBe('PLG-123456');
  });
  it('shows a dash for no id', () => {
    expect(customerNumber(0)).toBe('-');
    expect(customerNumber(undefined)).toBe('-');
    expect(customerNumber('abc')).toBe('-');
  });
});

describe('callbackUrl', () => {
  it('joins the public address and the provider', () => {
    expect(callbackUrl('https://tagihan.example.net', 'tripay')).toBe(
      'https://tagihan.example.net/pay/callback/tripay',
    );
    expect(callbackUrl(' https://bayar.net/// ', 'xendit')).toBe(
      'https://bayar.net/pay/callback/xendit',
    );
  });
  it('is empty without an address or a provider', () => {
    expect(callbackUrl('', 'midtrans')).toBe('');
    expect(callbackUrl('https://bayar.net', 'none')).toBe('');
  });
});

describe('validatePaymentSettings', () => {
  it('accepts a complete provider with stored (masked) secrets', () => {
    expect(validatePaymentSettings(tripay)).toEqual({});
  });
  it('accepts "none" without keys or address', () => {
    expect(validatePaymentSettings({ ...tripay, provider: 'none', public_url: '' })).toEqual({});
  });
  it('asks for the chosen provider fields and the public address', () => {
    const errors = validatePaymentSettings({
      ...tripay,
      provider: 'xendit',
      public_url: 'tagihan.example.net',
    });
    expect(Object.keys(errors).sort()).toEqual([
      'payment.public_url',
      'payment.xendit.callback_token',
      'payment.xendit.secret_key',
    ]);
  });
  it('checks the base URL only when given', () => {
    const bad = { ...tripay, midtrans: { server_key: 'x', snap_base_url: 'ftp://x' } };
    expect(validatePaymentSettings({ ...bad, provider: 'midtrans' })).toEqual({
      'payment.midtrans.snap_base_url': expect.any(String),
    });
  });
  it('keeps link validity within 1..168 hours and the customer fee a whole amount', () => {
    expect(validatePaymentSettings({ ...tripay, link_hours: 0 })).toHaveProperty(
      'payment.link_hours',
    );
    expect(validatePaymentSettings({ ...tripay, link_hours: 169 })).toHaveProperty(
      'payment.link_hours',
    );
    expect(validatePaymentSettings({ ...tripay, link_hours: '168' })).toEqual({});
    expect(
      validatePaymentSettings({ ...tripay, fee_mode: 'customer', customer_fee: '' }),
    ).toHaveProperty('payment.customer_fee');
    expect(
      validatePaymentSettings({ ...tripay, fee_mode: 'customer', customer_fee: '4000' }),
    ).toEqual({});
  });
});

describe('paymentSettingsBody', () => {
  it('sends numbers as numbers and masked secrets back as "***"', () => {
    const body = paymentSettingsBody({ ...tripay, link_hours: '48', customer_fee: '2500' });
    expect(body.link_hours).toBe(48);
    expect(body.customer_fee).toBe(2500);
    expect(body.tripay).toEqual({
      merchant_code: 'T0001',
      api_key: '***',
      private_key: '***',
      method: 'QRIS',
      api_base_url: '',
    });
    expect(body.xendit).toEqual({ secret_key: '', callback_token: '', api_base_url: '' });
  });
});

describe('paymentDraft', () => {
  it('merges defaults and stored values one level into the provider sections', () => {
    const draft = paymentDraft(
      { provider: 'none', link_hours: 24, tripay: { method: 'QRIS', merchant_code: '' } },
      { provider: 'tripay', tripay: { merchant_code: 'T9' } },
    );
    expect(draft.provider).toBe('tripay');
    expect(draft.link_hours).toBe(24);
    expect(draft.tripay).toEqual({ method: 'QRIS', merchant_code: 'T9' });
    expect(draft.xendit).toEqual({});
  });
  it('works before the server knows the section', () => {
    expect(paymentDraft(undefined, undefined)).toMatchObject({ provider: 'none', link_hours: 24 });
  });
});

describe('the WhatsApp share of a pay link', () => {
  beforeEach(() => setTimeZone('Asia/Jakarta'));

  it('opens the chat of the customer with the amount, link and expiry', () => {
    const text = payLinkMessage(
      { customer_name: 'Budi', period: '2026-11' },
      {
        url: 'https://pay.example/x',
        amount: 152500,
        expires_at: '2026-11-05T07:30:00Z',
      },
    );
    expect(text).toContain('Budi');
    expect(text).toContain('November 2026');
    expect(text).toContain('Rp 152.500');
    expect(text).toContain('https://pay.example/x');
    expect(text).toContain('5 Nov 2026 14.30');
    const url = waShareUrl('0812-3456-7890', text);
    expect(url.startsWith('https://wa.me/6281234567890?text=')).toBe(true);
    expect(decodeURIComponent(url.split('text=')[1])).toBe(text);
  });
  it('lets staff pick the chat when the phone is not valid', () => {
    expect(waShareUrl('', 'x')).toBe('https://wa.me/?text=x');
  });
});

describe('texts', () => {
  it('prefers the server reason text, else its own', () => {
    expect(
      needsCheckText({ needs_check: 'amount_mismatch', needs_check_text: 'Kurang bayar' }),
    ).toBe('Kurang bayar');
    expect(needsCheckText({ needs_check: 'paid_meanwhile', needs_check_text: '' })).toMatch(
      /sudah lunas/,
    );
    expect(needsCheckText({ needs_check: '' })).toBe('');
  });
  it('labels an online payment with its reference', () => {
    expect(methodText({ payment_method: 'online', payment_reference: 'T123' })).toBe(
      'Online · T123',
    );
    expect(methodText({ payment_method: 'cash' })).toBe('Tunai');
    expect(methodText({})).toBe('Lainnya');
  });
});

describe('copyText', () => {
  it('uses the clipboard when there is one', async () => {
    let copied = null;
    const nav = { clipboard: { writeText: async (t) => (copied = t) } };
    expect(await copyText('abc', undefined, nav)).toBe(true);
    expect(copied).toBe('abc');
  });
  it('falls back to a selected textarea over plain HTTP', async () => {
    const made = [];
    const doc = {
      body: { appendChild: (el) => made.push(el) },
      createElement: () => ({
        style: {},
        setAttribute() {},
        select() {
          this.selected = true;
        },
        remove() {
          this.removed = true;
        },
      }),
      execCommand: (cmd) => cmd === 'copy' && made[0]?.selected === true,
    };
    expect(await copyText('abc', doc, {})).toBe(true);
    expect(made[0].value).toBe('abc');
    expect(made[0].removed).toBe(true);
  });
});
