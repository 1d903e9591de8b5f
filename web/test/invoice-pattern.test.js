// The invoice number pattern: the server's rule mirrored, the number billing gives a bill today,
// the settings tab's checks; how a bill's number and a preview's empty placeholders are shown.
import { describe, expect, it } from 'vitest';
import { t } from '../src/i18n/index.js';
import {
  DEFAULT_INVOICE_PATTERN,
  invoiceAffixes,
  invoicePatternError,
  nextInvoiceSequence,
  renderInvoiceNumber,
  sequenceRestart,
  validateInvoiceReceipt,
} from '../src/lib/invoice-pattern.js';
import { invoiceNumber } from '../src/lib/payments.js';
import { emptyPlaceholdersText } from '../src/lib/validate.js';

const NOV_2026 = { year: 2026, month: 11 };
const MAR_2027 = { year: 2027, month: 3 };

describe('invoicePatternError', () => {
  // The same cases as services/billing/tests/settings_document_test.cc.
  it('takes what the server takes', () => {
    for (const good of [
      DEFAULT_INVOICE_PATTERN,
      '{YY}{MM}-{SEQ}',
      'NET-{YYYY}-{SEQ:6}',
      '{SEQ:1}',
      '{SEQ:8}#',
      'A'.repeat(35) + '{SEQ}',
      // 40 characters: the longest allowed.
      'INV/{YYYY}/{MM}/{SEQ:4}/0123456789abcdef',
    ]) {
      expect(invoicePatternError(good), good).toBeNull();
    }
  });
  it('refuses what the server refuses', () => {
    for (const bad of [
      'INV/{YYYY}/{MM}',
      '{SEQ}{SEQ}',
      'INV {SEQ}',
      '{SEQ:9}',
      '{SEQ:0}',
      '{SEQ:12}',
      '{DD}-{SEQ}',
      '{seq}',
      '{SEQ',
      'SEQ}',
      '{SEQ}}',
      '{Y{YYY}-{SEQ}',
      '',
      'INV/{YYYY}/{MM}/{SEQ:4}/0123456789abcdefg',
      'INV\t{SEQ}',
      'NO-{SEQ}-é',
    ]) {
      expect(invoicePatternError(bad), bad).not.toBeNull();
    }
  });
  it('says what is wrong', () => {
    expect(invoicePatternError('')).toBe(t('validation.required'));
    expect(invoicePatternError('A'.repeat(36) + '{SEQ}')).toBe(
      t('validation.tooLong', { max: 40 }),
    );
    expect(invoicePatternError('INV {SEQ}')).toBe(t('invoiceSettings.errors.characters'));
    expect(invoicePatternError('{DD}-{SEQ}')).toBe(t('invoiceSettings.errors.token'));
    expect(invoicePatternError('INV-{YYYY}')).toBe(t('invoiceSettings.errors.sequence'));
    expect(invoicePatternError('{SEQ}-{SEQ:2}')).toBe(t('invoiceSettings.errors.sequence'));
    // The messages name the placeholders as staff type them.
    expect(t('invoiceSettings.errors.sequence')).toContain('{SEQ}');
  });
  it('counts bytes as the server does', () => {
    expect(invoicePatternError(`${'X'.repeat(35)}{SEQ}`)).toBeNull(); // 40 bytes
    expect(invoicePatternError(`${'X'.repeat(36)}{SEQ}`)).not.toBeNull(); // 41
  });
});

describe('renderInvoiceNumber', () => {
  it('renders the default pattern as billing does', () => {
    expect(renderInvoiceNumber(DEFAULT_INVOICE_PATTERN, NOV_2026, 42)).toBe('INV/2026/11/0042');
    expect(renderInvoiceNumber(DEFAULT_INVOICE_PATTERN, MAR_2027, 1)).toBe('INV/2027/03/0001');
  });
  it('pads {SEQ:n} to at least n digits and leaves {SEQ} as is', () => {
    expect(renderInvoiceNumber('{YY}{MM}-{SEQ}', NOV_2026, 7)).toBe('2611-7');
    expect(renderInvoiceNumber('NET-{YYYY}-{SEQ:6}', NOV_2026, 123)).toBe('NET-2026-000123');
    expect(renderInvoiceNumber('T{SEQ:2}', NOV_2026, 12345)).toBe('T12345');
  });
  it('renders nothing for an invalid pattern', () => {
    expect(renderInvoiceNumber('INV {SEQ}', NOV_2026, 1)).toBeNull();
    expect(renderInvoiceNumber(undefined, NOV_2026, 1)).toBeNull();
  });
});

describe('nextInvoiceSequence', () => {
  it('is one more than the highest number of the same counter', () => {
    const existing = ['INV/2026/11/0041', 'INV/2026/11/0042', 'INV/2026/11/0007'];
    expect(nextInvoiceSequence(DEFAULT_INVOICE_PATTERN, NOV_2026, existing)).toBe(43);
  });
  it('starts at 1 in a new month, or without any number', () => {
    expect(nextInvoiceSequence(DEFAULT_INVOICE_PATTERN, MAR_2027, ['INV/2026/11/0042'])).toBe(1);
    expect(nextInvoiceSequence(DEFAULT_INVOICE_PATTERN, NOV_2026, [])).toBe(1);
    expect(nextInvoiceSequence(DEFAULT_INVOICE_PATTERN, NOV_2026, null)).toBe(1);
  });
  it('ignores numbers another padding or other affixes made', () => {
    const existing = [
      'INV/2026/11/0042',
      'INV/2026/11/0042/X',
      'XINV/2026/11/0050',
      'INV/2026/11/',
    ];
    // {SEQ} is another counter than {SEQ:4}: "0042" is not what it writes for 42.
    expect(nextInvoiceSequence('INV/{YYYY}/{MM}/{SEQ}', NOV_2026, existing)).toBe(1);
    expect(nextInvoiceSequence('INV/{YYYY}/{MM}/{SEQ:5}', NOV_2026, existing)).toBe(1);
    expect(nextInvoiceSequence(DEFAULT_INVOICE_PATTERN, NOV_2026, existing)).toBe(43);
    // Past the padding, numbers grow: 10000 follows 9999.
    expect(nextInvoiceSequence('T{SEQ:4}', NOV_2026, ['T9999', 'T10000'])).toBe(10001);
  });
  it('finds a sequence in the middle of the number', () => {
    expect(nextInvoiceSequence('{SEQ:3}/{YY}', NOV_2026, ['004/26', '012/26', '099/25'])).toBe(13);
  });
});

describe('invoiceAffixes and sequenceRestart', () => {
  it('splits the number around its sequence for today', () => {
    expect(invoiceAffixes(DEFAULT_INVOICE_PATTERN, NOV_2026)).toEqual({
      before: 'INV/2026/11/',
      after: '',
      token: 'SEQ:4',
    });
    expect(invoiceAffixes('{SEQ}-{YY}', NOV_2026)).toEqual({
      before: '',
      after: '-26',
      token: 'SEQ',
    });
    expect(invoiceAffixes('INV {SEQ}', NOV_2026)).toBeNull();
  });
  it('tells when the sequence starts from 1 again', () => {
    expect(sequenceRestart(DEFAULT_INVOICE_PATTERN)).toBe('month');
    expect(sequenceRestart('{YY}{MM}{SEQ}')).toBe('month');
    expect(sequenceRestart('NET-{YYYY}-{SEQ:6}')).toBe('year');
    expect(sequenceRestart('M{MM}-{SEQ}')).toBe('monthOfYear');
    expect(sequenceRestart('TRX{SEQ:6}')).toBe('never');
    for (const when of ['month', 'year', 'monthOfYear', 'never']) {
      expect(t(`invoiceSettings.restart.${when}`)).not.toContain('invoiceSettings');
    }
  });
});

describe('validateInvoiceReceipt', () => {
  const receipt = { width: '58', footer: 'Terima kasih atas pembayaran Anda', auto_print: false };
  it('passes the defaults', () => {
    expect(
      validateInvoiceReceipt({ invoice: { pattern: DEFAULT_INVOICE_PATTERN }, receipt }),
    ).toEqual({});
  });
  it('flags the fields as the server names them', () => {
    const errors = validateInvoiceReceipt({
      invoice: { pattern: 'INV/{YYYY}' },
      receipt: { width: '72', footer: 'x'.repeat(121) },
    });
    expect(Object.keys(errors).sort()).toEqual([
      'invoice.pattern',
      'receipt.footer',
      'receipt.width',
    ]);
    expect(errors['receipt.footer']).toBe(t('validation.tooLong', { max: 120 }));
  });
  it('allows a 120-byte footer and an 80 mm receipt', () => {
    expect(
      validateInvoiceReceipt({
        invoice: { pattern: DEFAULT_INVOICE_PATTERN },
        receipt: { width: '80', footer: 'x'.repeat(120) },
      }),
    ).toEqual({});
  });
});

describe('invoiceNumber', () => {
  it('shows the invoice number, or the id of a copy without one', () => {
    expect(invoiceNumber({ id: 17, invoice_no: 'INV/2026/11/0042' })).toBe('INV/2026/11/0042');
    expect(invoiceNumber({ id: 17, invoice_no: '' })).toBe('#17');
    expect(invoiceNumber(null)).toBe('#-');
  });
});

describe('emptyPlaceholdersText', () => {
  it('names the empty placeholders as they are written in the template', () => {
    expect(emptyPlaceholdersText(['no_invoice', 'rincian'])).toBe(
      'Untuk pelanggan ini {no_invoice}, {rincian} kosong: baris yang hanya berisi placeholder kosong tidak dikirim.',
    );
  });
  it('says nothing when none is empty or the server does not tell', () => {
    expect(emptyPlaceholdersText([])).toBe('');
    expect(emptyPlaceholdersText(undefined)).toBe('');
    expect(emptyPlaceholdersText(['', null])).toBe('');
  });
});
