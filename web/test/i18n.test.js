// The translation lookup, and that every text the code asks for exists in the dictionary.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import id from '../src/i18n/id.js';
import { hasKey, label, t, translate } from '../src/i18n/index.js';
import { AUDIT_ENTITIES } from '../src/lib/audit.js';
import { BILL_DISCOUNT_CHOICES, DISCOUNT_TYPES, TAX_MODES } from '../src/lib/bill-lines.js';
import {
  ATTEMPT_BADGE,
  FEE_MODES,
  PAYMENT_MODES,
  PAYMENT_PROVIDERS,
  PROVIDER_FIELDS,
} from '../src/lib/payments.js';
import { RECEIPT_WIDTHS } from '../src/lib/receipt.js';
import { MANUAL_MOVEMENTS, MOVEMENT_KINDS, PRODUCT_KINDS } from '../src/lib/shop.js';
import { ADOPTION_VIEWS } from '../src/lib/router-adoption.js';
import { LINK_STATES, WHATSAPP_PROVIDERS } from '../src/lib/wa-link.js';

describe('t()', () => {
  it('looks up dotted keys', () => {
    expect(t('nav.dashboard')).toBe('Dashboard');
    expect(t('login.notice.expired')).toMatch(/Sesi Anda telah berakhir/);
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('common.range', { from: 1, to: 50, total: 120 })).toBe('1–50 dari 120');
    expect(t('common.range', { from: 1 })).toBe('1–{to} dari {total}');
  });
  it('returns the key when a text is missing', () => {
    expect(t('nav.nothing')).toBe('nav.nothing');
    expect(t('nav')).toBe('nav');
    expect(hasKey('nav.users')).toBe(true);
    expect(hasKey('nav.nothing')).toBe(false);
  });
  it('labels server values, falling back to the raw value', () => {
    expect(label('messageState', 'sent')).toBe('Terkirim');
    expect(label('messageState', 'exploded')).toBe('exploded');
    expect(label('messageState', null)).toBe('-');
  });
  it('translates with any dictionary', () => {
    expect(translate({ a: { b: 'Halo {x}' } }, 'a.b', { x: 'Budi' })).toBe('Halo Budi');
  });
});

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(svelte|js)$/.test(name) ? [path] : [];
  });
}

describe('dictionary coverage', () => {
  const root = new URL('../src', import.meta.url).pathname;
  // The customer portal has its own dictionary (i18n/portal.js, test/portal-text.test.js).
  const files = sourceFiles(root).filter((f) => !f.includes('/i18n/') && !f.includes('/portal/'));

  it('has every literal key the code uses', () => {
    const missing = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        if (!hasKey(match[1], id)) missing.push(`${file.slice(root.length)}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has every key built from a value the app can produce', () => {
    const groups = {
      nav: [
        'dashboard',
        'transactions',
        'customers',
        'stock',
        'whatsapp',
        'reports',
        'settings',
        'network',
        'users',
        'backup',
        'account',
      ],
      roles: ['admin', 'staff'],
      types: ['internet', 'gas'],
      customerStatus: ['active', 'isolated', 'inactive'],
      methods: ['cash', 'transfer', 'online', 'other'],
      providers: WHATSAPP_PROVIDERS,
      'linkedDevice.states': [...LINK_STATES, 'unreachable', 'unknown'],
      templates: ['internet_bill', 'gas_invoice', 'reminder', 'receipt', 'isolir', 'reconnect'],
      live: [
        'connecting',
        'online',
        'offline',
        'unavailable',
        'connectingHint',
        'onlineHint',
        'offlineHint',
        'unavailableHint',
      ],
      'login.notice': ['expired', 'loggedOut', 'inactive'],
      'settings.tabs': [
        'business',
        'banks',
        'billing',
        'templates',
        'whatsapp',
        'payment',
        'packages',
        'invoice',
        'tax',
        'shop',
      ],
      'receipt.widths': RECEIPT_WIDTHS,
      'bill.discountTypes': DISCOUNT_TYPES,
      'bill.billDiscountChoices': BILL_DISCOUNT_CHOICES,
      'bill.discountValueHints': ['fixed', 'percent'],
      'taxSettings.modes': TAX_MODES,
      'taxSettings.modeHints': TAX_MODES,
      'invoiceSettings.restart': ['month', 'year', 'monthOfYear', 'never'],
      'paymentSettings.providers': PAYMENT_PROVIDERS,
      'paymentSettings.modes': PAYMENT_MODES,
      'paymentSettings.feeModes': FEE_MODES,
      'paymentSettings.fields': Object.values(PROVIDER_FIELDS).flatMap((f) => f.map((x) => x.name)),
      'paymentSettings.help': Object.keys(PROVIDER_FIELDS),
      'payments.status': Object.keys(ATTEMPT_BADGE),
      'payments.needsCheck': ['paid_meanwhile', 'amount_mismatch', 'bill_missing'],
      // The log filter's entities, and network changes (logged, not a filter choice).
      entities: [...AUDIT_ENTITIES, 'network'],
      'network.status': ['active', 'isolated', 'inactive'],
      'network.isolatedBy': ['auto', 'manual'],
      'network.linkState': ['ok', 'pending', 'failed'],
      'network.kinds': ['routeros', 'radius'],
      'network.isolirModes': ['profile', 'disable'],
      actions: ['isolate', 'reconnect'],
      'routerAdoption.show': ADOPTION_VIEWS,
      'shop.kinds': PRODUCT_KINDS,
      'shop.kindsOf': MOVEMENT_KINDS,
      'shop.movementTitles': MANUAL_MOVEMENTS,
      'shop.recorded': MANUAL_MOVEMENTS,
      'routerAdoption.states': ['linked', 'linking', 'noPhone', 'badPhone', 'problem', 'ready'],
    };
    const missing = Object.entries(groups).flatMap(([group, values]) =>
      values.filter((v) => !hasKey(`${group}.${v}`, id)).map((v) => `${group}.${v}`),
    );
    expect(missing).toEqual([]);
  });

  it('keeps staff-visible text out of the components', () => {
    // Text nodes between tags must come from t(); a few symbols are allowed.
    const offenders = [];
    for (const file of files.filter((f) => f.endsWith('.svelte'))) {
      const markup = readFileSync(file, 'utf8')
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replace(/<style[\s\S]*?<\/style>/g, '')
        .replace(/<!--[\s\S]*?-->/g, '');
      let stripped = markup;
      // Remove {expressions} from the innermost out, so nested braces go too.
      for (let previous = ''; previous !== stripped;) {
        previous = stripped;
        stripped = stripped.replace(/\{[^{}]*\}/g, '');
      }
      for (const match of stripped.matchAll(/>([^<]+)</g)) {
        const text = match[1].trim();
        if (/[A-Za-z]{3,}/.test(text)) offenders.push(`${file.slice(root.length)}: "${text}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
