// The counter receipt: lines that fit 32 columns (58 mm) or 48 (80 mm), wrapped, never cut.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTimeZone } from '../src/lib/format.js';
import {
  RECEIPT_LAYOUTS,
  centered,
  itemLines,
  labelled,
  receiptFont,
  receiptLines,
  receiptPageRule,
  receiptWidth,
  spread,
  textLength,
  wrapText,
} from '../src/lib/receipt.js';

const GAS_SALE = {
  id: 17,
  invoice_no: 'INV/2026/11/0042',
  type: 'gas',
  customer_id: 42,
  customer_name: 'Raden Ayu Siti Nurhaliza Kusumawardhani Prameswari',
  items: [
    { name: 'LPG 3 kg', qty: 2, unit_price: 22000 },
    { name: 'Bright Gas 5,5 kg isi ulang tabung pink', qty: 1, unit_price: 98000 },
  ],
  amount: 142000,
  status: 'paid',
  paid_at: '2026-11-05T07:30:00Z',
  paid_amount: 142000,
  payment_method: 'cash',
  paid_by: 'kasir1',
};

// An internet customer's first bill: pro rata package, installation fee, 10% off, PPN 11% added
// (the server's lines).
const FIRST_BILL = {
  id: 18,
  invoice_no: 'INV/2026/11/0043',
  type: 'internet',
  period: '2026-11',
  customer_id: 43,
  customer_name: 'Budi Santoso',
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
    { kind: 'installation', label: 'Biaya pemasangan', qty: 1, unit_price: 250000, amount: 250000 },
    { kind: 'discount', label: 'Diskon 10%', qty: 1, unit_price: -5500, amount: -5500 },
    { kind: 'tax', label: 'PPN 11%', qty: 1, unit_price: 32945, amount: 32945, included: false },
  ],
  status: 'paid',
  paid_at: '2026-11-20T03:00:00Z',
  paid_amount: 332445,
  payment_method: 'transfer',
  paid_by: 'kasir1',
};

// A gas sale whose prices hold PPN 11% already, with long labels that must wrap.
const INCLUDED_TAX_SALE = {
  ...GAS_SALE,
  amount: 142000,
  lines: [
    { kind: 'item', label: 'LPG 3 kg', qty: 2, unit_price: 22000, amount: 44000 },
    {
      kind: 'item',
      label: 'Bright Gas 5,5 kg isi ulang tabung pink',
      qty: 1,
      unit_price: 98000,
      amount: 98000,
    },
    {
      kind: 'discount',
      label: 'Diskon pelanggan setia pangkalan Rp 1.000.000',
      qty: 1,
      unit_price: -1000000,
      amount: -1000000,
    },
    {
      kind: 'tax',
      label: 'Pajak Pertambahan Nilai',
      qty: 1,
      unit_price: 14072,
      amount: 14072,
      included: true,
    },
  ],
};

const SETTINGS = {
  business: {
    name: 'Pangkalan & Net Sumber Rejeki Makmur Abadi',
    address: 'Jl. Kenanga 7, RT 03/RW 05, Sleman, Yogyakarta',
    phone: '0812-3456-7890',
  },
  receipt: { width: '58', footer: 'Terima kasih atas pembayaran Anda', auto_print: false },
};

const texts = (lines) => lines.map((line) => line.text);
const widest = (lines) => Math.max(...lines.map((line) => textLength(line)));

describe('wrapText', () => {
  it('breaks at spaces within the width', () => {
    expect(wrapText('Terima kasih atas pembayaran Anda', 16)).toEqual([
      'Terima kasih',
      'atas pembayaran',
      'Anda',
    ]);
    expect(wrapText('  a   b  ', 10)).toEqual(['a b']);
    expect(wrapText('', 10)).toEqual([]);
    expect(wrapText(null, 10)).toEqual([]);
  });
  it('keeps the line breaks of the text', () => {
    expect(wrapText('Jl. Kenanga 7\nSleman', 32)).toEqual(['Jl. Kenanga 7', 'Sleman']);
  });
  it('breaks a word longer than a line after a slash, else anywhere', () => {
    expect(wrapText('INV/2026/11/000000042', 16)).toEqual(['INV/2026/11/', '000000042']);
    expect(wrapText('ABCDEFGHIJKLMNOPQRST', 8)).toEqual(['ABCDEFGH', 'IJKLMNOP', 'QRST']);
    // The pieces of a broken word never get a space inside and start a line of their own.
    expect(wrapText('No INV/2026/11/000000042 ok', 16)).toEqual([
      'No',
      'INV/2026/11/',
      '000000042 ok',
    ]);
  });
  it('counts characters, not UTF-16 units', () => {
    expect(wrapText('😀😀😀 😀😀', 5)).toEqual(['😀😀😀', '😀😀']);
    expect(textLength('😀é')).toBe(2);
  });
});

describe('line layouts', () => {
  it('centres without trailing spaces', () => {
    expect(centered('STRUK', 11)).toEqual(['   STRUK']);
    expect(centered('Terima kasih atas pembayaran Anda', 20)).toEqual([
      ' Terima kasih atas',
      '  pembayaran Anda',
    ]);
  });
  it('puts the amount flush right, or below when it does not fit', () => {
    expect(spread('TOTAL', 'Rp 44.000', 20)).toEqual(['TOTAL      Rp 44.000']);
    expect(spread('2 x LPG 3 kg @ 22.000', '= 44.000', 32)).toEqual([
      '2 x LPG 3 kg @ 22.000   = 44.000',
    ]);
    expect(spread('2 x LPG 3 kg @ 22.000', '= 44.000', 24)).toEqual([
      '2 x LPG 3 kg @ 22.000',
      '                = 44.000',
    ]);
  });
  it('wraps a value in its own column under its label', () => {
    expect(labelled('Pelanggan', 'Raden Ayu Siti Nurhaliza', 32, 13)).toEqual([
      'Pelanggan     : Raden Ayu Siti',
      '                Nurhaliza',
    ]);
    expect(labelled('Kasir', '', 32, 5)).toEqual(['Kasir :']);
    // No room next to a long label: the value goes below it.
    expect(labelled('Nomor pelanggan kami', 'PLG-0042', 32, 20)).toEqual([
      'Nomor pelanggan kami',
      '  PLG-0042',
    ]);
  });
  it('writes gas items as "2 x LPG 3 kg @ 22.000 = 44.000" and internet by its period', () => {
    expect(itemLines(GAS_SALE, 32)[0]).toBe('2 x LPG 3 kg @ 22.000   = 44.000');
    expect(
      itemLines({ type: 'internet', period: '2026-11', amount: 150000, items: [] }, 32),
    ).toEqual(['Internet November 2026   150.000']);
  });
});

describe('bill lines on the receipt', () => {
  it('writes the package with its pro rata note, the fee, the discount and the PPN', () => {
    expect(itemLines(FIRST_BILL, 32)).toEqual([
      'Paket 10 Mbps 2026-11     55.000',
      '  pro rata 11/30 hari',
      'Biaya pemasangan         250.000',
      'Diskon 10%                -5.500',
      'PPN 11%                   32.945',
    ]);
  });
  it('puts a PPN inside the prices under the total, not among the lines', () => {
    const lines = texts(receiptLines(INCLUDED_TAX_SALE, SETTINGS, '58'));
    const total = lines.indexOf('TOTAL                 Rp 142.000');
    expect(total).toBeGreaterThan(0);
    expect(lines.slice(total + 1, total + 3)).toEqual([
      'termasuk Pajak Pertambahan Nilai',
      '                       Rp 14.072',
    ]);
    expect(itemLines(INCLUDED_TAX_SALE, 32).join('\n')).not.toMatch(/Pajak/);
  });
  for (const [width, cols] of [
    ['58', 32],
    ['80', 48],
  ]) {
    it(`keeps every kind of line within ${cols} columns`, () => {
      for (const bill of [FIRST_BILL, INCLUDED_TAX_SALE]) {
        const lines = texts(receiptLines(bill, SETTINGS, width));
        expect(widest(lines)).toBeLessThanOrEqual(cols);
        const all = lines.join(' ').replace(/\s+/g, ' ');
        for (const line of bill.lines) expect(all).toContain(line.label);
      }
    });
  }
  it('lays out a first bill at 80 mm', () => {
    expect(itemLines(FIRST_BILL, 48)).toEqual([
      'Paket 10 Mbps 2026-11                     55.000',
      '  pro rata 11/30 hari',
      'Biaya pemasangan                         250.000',
      'Diskon 10%                                -5.500',
      'PPN 11%                                   32.945',
    ]);
    const lines = texts(receiptLines(FIRST_BILL, SETTINGS, '80'));
    expect(lines).toContain('TOTAL                                 Rp 332.445');
  });
});

describe('receiptLines', () => {
  beforeEach(() => setTimeZone('Asia/Jakarta'));
  afterEach(() => setTimeZone(undefined));

  for (const [width, cols] of [
    ['58', 32],
    ['80', 48],
  ]) {
    it(`fits ${cols} columns at ${width} mm and keeps every field`, () => {
      const lines = receiptLines(GAS_SALE, SETTINGS, width);
      expect(RECEIPT_LAYOUTS[width].cols).toBe(cols);
      expect(widest(texts(lines))).toBeLessThanOrEqual(cols);
      const all = texts(lines).join('\n');
      const words = (text) => new RegExp(text.split(' ').join('\\s+'));
      for (const field of [
        SETTINGS.business.name,
        SETTINGS.business.address,
        'Telp 0812-3456-7890',
        'INV/2026/11/0042',
        '5 Nov 2026 14.30', // 07.30 UTC in Jakarta
        'kasir1',
        GAS_SALE.customer_name,
        'PLG-0042',
        '2 x LPG 3 kg @ 22.000',
        '= 44.000',
        '= 98.000',
        'Rp 142.000',
        'Tunai',
        'Terima kasih atas pembayaran Anda',
      ]) {
        expect(all, field).toMatch(words(field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
      }
      expect(lines.filter((line) => line.bold).map((line) => line.text.trim())).toContain(
        'STRUK PEMBAYARAN',
      );
    });
  }

  it('lays out a 58 mm receipt line by line', () => {
    expect(texts(receiptLines(GAS_SALE, SETTINGS, '58'))).toEqual([
      ' Pangkalan & Net Sumber Rejeki',
      '          Makmur Abadi',
      '  Jl. Kenanga 7, RT 03/RW 05,',
      '       Sleman, Yogyakarta',
      '      Telp 0812-3456-7890',
      '--------------------------------',
      '        STRUK PEMBAYARAN',
      '--------------------------------',
      'No. invoice   : INV/2026/11/0042',
      'Tanggal       : 5 Nov 2026 14.30',
      'Kasir         : kasir1',
      'Pelanggan     : Raden Ayu Siti',
      '                Nurhaliza',
      '                Kusumawardhani',
      '                Prameswari',
      'No. pelanggan : PLG-0042',
      '--------------------------------',
      '2 x LPG 3 kg @ 22.000   = 44.000',
      '1 x Bright Gas 5,5 kg isi ulang',
      'tabung pink @ 98.000    = 98.000',
      '--------------------------------',
      'TOTAL                 Rp 142.000',
      'Dibayar               Rp 142.000',
      'Cara bayar                 Tunai',
      '--------------------------------',
      '  Terima kasih atas pembayaran',
      '              Anda',
    ]);
  });

  it('takes the footer from the settings, with a default', () => {
    const custom = receiptLines(
      GAS_SALE,
      { ...SETTINGS, receipt: { footer: 'Matur nuwun' } },
      '80',
    );
    expect(custom.at(-1).text.trim()).toBe('Matur nuwun');
    expect(receiptLines(GAS_SALE, { business: {} }, '58').at(-1).text.trim()).toBe('Anda');
  });
});

describe('paper', () => {
  it('reads the width setting, 58 mm unless 80', () => {
    expect(receiptWidth('80')).toBe('80');
    expect(receiptWidth('80mm')).toBe('80');
    expect(receiptWidth(58)).toBe('58');
    expect(receiptWidth('72')).toBe('58');
    expect(receiptWidth(undefined)).toBe('58');
  });
  it('sizes the font so the columns fit the printable width', () => {
    for (const width of ['58', '80']) {
      const { cols, textMm, paperMm, marginXMm } = RECEIPT_LAYOUTS[width];
      expect(textMm + 2 * marginXMm).toBeLessThanOrEqual(paperMm);
      // DejaVu Sans Mono: 0.602 of the font size per character.
      expect(cols * receiptFont(width).sizeMm * 0.602).toBeLessThanOrEqual(textMm);
    }
  });
  it('prints on one strip of the paper width, as long as the lines', () => {
    expect(receiptPageRule('58', 10)).toMatch(
      /^@page \{ size: 58mm [\d.]+mm; margin: 3mm 5mm; \}$/,
    );
    expect(receiptPageRule('80', 10)).toMatch(/size: 80mm /);
    const length = (rule) => Number(/size: \d+mm ([\d.]+)mm/.exec(rule)[1]);
    expect(length(receiptPageRule('58', 40))).toBeGreaterThan(length(receiptPageRule('58', 20)));
    expect(length(receiptPageRule('58', 40))).toBeGreaterThan(40 * receiptFont('58').lineMm);
  });
});
