// Browser tests of invoice numbers and the counter receipt (issue 17): staff record the payment
// of a gas sale, the receipt opens and prints by itself (auto-print), and printed to PDF at 58 mm
// and at 80 mm every field is on the paper and no line is wider than the printer's columns
// (pdftotext from poppler-utils reads the PDF back). Also Pengaturan > Invoice & struk and the
// template preview's warning about placeholders that are empty for a customer.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatDateTime, setTimeZone } from '../../src/lib/format.js';
import { assert, eventually, fieldError, unique } from '../harness.mjs';

export const needs = ['transactions', 'customers', 'settings'];

const DEFAULT_PATTERN = 'INV/{YYYY}/{MM}/{SEQ:4}';
const BUSINESS = {
  name: 'Pangkalan Gas & Net Sumber Rejeki Makmur',
  address: 'Jl. Kenanga 7, RT 03/RW 05, Sleman',
  phone: '0812-3456-7890',
};
const FOOTER = 'Terima kasih atas pembayaran Anda';
const ITEMS = [
  { name: 'LPG 3 kg', qty: 2, unit_price: 22000 },
  { name: 'Bright Gas 5,5 kg', qty: 1, unit_price: 98000 },
];
const PAPER = { 58: { cols: 32 }, 80: { cols: 48 } };
const POINTS_PER_MM = 72 / 25.4;

// The settings sections a test changes, as they were before it; put back afterwards.
async function keepSettings(w, token) {
  const before = (await w.api('GET', '/api/settings', { token })).json ?? {};
  return async () => {
    const body = {};
    for (const section of ['business', 'invoice', 'receipt']) {
      if (before[section]) body[section] = before[section];
    }
    await w.api('POST', '/api/settings', { token, body });
  };
}

async function saveSettings(w, token, body) {
  const reply = await w.api('POST', '/api/settings', { token, body });
  assert(reply.status === 200, `POST /api/settings: ${reply.status} ${reply.text}`);
}

// A gas customer with a long name (it must wrap on 58 mm paper) and, unless `sale` is false,
// a sale of ITEMS to them.
async function gasSale(w, token, { sale = true } = {}) {
  const customer = await w.create(
    '/api/customers',
    {
      type: 'gas',
      name: `Raden Ayu Siti Nurhaliza Kusumawardhani ${unique('')}`,
      phone: '081234567891',
      address: 'Jl. Melati 3',
      gas_price: 22000,
    },
    token,
  );
  if (!sale) return { customer };
  const bill = await w.create(
    '/api/transactions',
    { customer_id: customer.id, items: ITEMS },
    token,
  );
  assert(
    typeof bill.invoice_no === 'string' && bill.invoice_no,
    `no invoice_no: ${JSON.stringify(bill)}`,
  );
  return { customer, bill };
}

// A regular expression for `text` whose words may be split by any whitespace (wrapped lines).
function words(text) {
  const escaped = text.split(/\s+/).map((word) => word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(escaped.join('\\s+'));
}

function run(command, args) {
  return execFileSync(command, args, { encoding: 'utf8' });
}

// The receipt page's own @page rule: {widthMm, lengthMm}.
async function pageRule(page) {
  const rules = await page.evaluate(() =>
    document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText)),
  );
  const rule = rules.find((text) => text.startsWith('@page'));
  const [, widthMm, lengthMm] = /size: ([\d.]+)mm ([\d.]+)mm/.exec(rule ?? '') ?? [];
  assert(widthMm && lengthMm, `no @page size on the receipt page: ${JSON.stringify(rules)}`);
  return { widthMm: Number(widthMm), lengthMm: Number(lengthMm) };
}

// Checks a receipt PDF against its paper: one page of that width and of the length the page's
// @page rule asks for, every word on it, no line longer than the layout's columns. Returns the
// text, laid out as printed.
function checkPaper(pdf, width, lengthMm) {
  const { cols } = PAPER[width];
  const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
  try {
    const file = join(dir, `struk-${width}.pdf`);
    writeFileSync(file, pdf);

    const info = run('pdfinfo', [file]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    const [, pageWidth, pageLength] = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info) ?? [];
    assert(pages === 1, `the ${width} mm receipt prints on ${pages} pages:\n${info}`);
    const expected = Number(width) * POINTS_PER_MM;
    assert(
      Math.abs(Number(pageWidth) - expected) < 2,
      `the ${width} mm receipt's page is ${pageWidth} pt wide, not ${expected.toFixed(1)} pt`,
    );
    // The strip is as long as the receipt, not a sheet of paper: the @page rule is in force.
    assert(
      Math.abs(Number(pageLength) - lengthMm * POINTS_PER_MM) < 2,
      `the ${width} mm receipt's page is ${pageLength} pt long, its @page rule says ${lengthMm} mm`,
    );

    // Every word lies on the paper: nothing is cut off at either edge.
    const boxes = [
      ...run('pdftotext', ['-bbox', file, '-']).matchAll(
        /<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g,
      ),
    ].map(([, xMin, xMax, text]) => ({ xMin: Number(xMin), xMax: Number(xMax), text }));
    assert(boxes.length > 20, `the ${width} mm PDF has hardly any text: ${boxes.length} words`);
    const outside = boxes.filter((b) => b.xMin < 0 || b.xMax > Number(pageWidth));
    assert(!outside.length, `text off the ${width} mm paper: ${JSON.stringify(outside)}`);

    // The rule line is exactly `cols` characters: its width gives the printed character pitch,
    // which lays the text out in the printer's columns (physical layout, fixed pitch).
    const rule = boxes.find((b) => b.text === '-'.repeat(cols));
    assert(rule, `no rule of ${cols} dashes on the ${width} mm receipt`);
    const pitch = (rule.xMax - rule.xMin) / cols;
    const text = run('pdftotext', ['-layout', '-fixed', pitch.toFixed(4), file, '-']);
    const lines = text.split('\n').map((line) => line.replace(/\s+$/, ''));
    const printed = lines.filter((line) => line.trim());
    // The page margin shows as the indent all lines share.
    const margin = Math.min(...printed.map((line) => line.length - line.trimStart().length));
    const tooWide = printed
      .map((line) => line.slice(margin))
      .filter((line) => Array.from(line).length > cols);
    assert(
      !tooWide.length,
      `lines wider than ${cols} columns on ${width} mm:\n${tooWide.join('\n')}\n---\n${text}`,
    );
    return printed.map((line) => line.slice(margin)).join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Every field of the receipt of `paid` (the transaction as the API gives it) is in `text`.
function assertFields(text, paid, customer, width) {
  setTimeZone('Asia/Jakarta');
  const fields = {
    'business name': words(BUSINESS.name),
    address: words(BUSINESS.address),
    phone: words(`Telp ${BUSINESS.phone}`),
    title: /STRUK PEMBAYARAN/,
    'invoice number': words(`No. invoice : ${paid.invoice_no}`),
    'paid at': words(`Tanggal : ${formatDateTime(paid.paid_at)}`),
    cashier: words('Kasir : staff'),
    'customer name': words(`Pelanggan : ${customer.name}`),
    'customer number': words(`No. pelanggan : PLG-${String(customer.id).padStart(4, '0')}`),
    'first item': words('2 x LPG 3 kg @ 22.000 = 44.000'),
    'second item': words('1 x Bright Gas 5,5 kg @ 98.000 = 98.000'),
    total: words('TOTAL Rp 142.000'),
    paid: words('Dibayar Rp 142.000'),
    method: words('Cara bayar Tunai'),
    footer: words(FOOTER),
  };
  const missing = Object.entries(fields)
    .filter(([, pattern]) => !pattern.test(text))
    .map(([name]) => name);
  assert(!missing.length, `${width} mm receipt lacks ${missing.join(', ')}:\n${text}`);
}

export const tests = [
  {
    name: 'receipt: paying a gas sale opens and prints its receipt; 58 mm and 80 mm PDFs hold every field within the paper',
    async run(w) {
      const admin = await w.token('admin', 'admin123');
      const staffToken = await w.token('staff', 'staff123');
      const restore = await keepSettings(w, admin);
      try {
        await saveSettings(w, admin, {
          business: BUSINESS,
          invoice: { pattern: DEFAULT_PATTERN },
          receipt: { width: '58', footer: FOOTER, auto_print: true },
        });
        const { customer, bill } = await gasSale(w, staffToken);
        assert(
          /^INV\/\d{4}\/\d{2}\/\d{4,}$/.test(bill.invoice_no),
          `invoice number ${bill.invoice_no} does not follow ${DEFAULT_PATTERN}`,
        );

        const context = await w.context('staff');
        // window.print() would open the dialog: count the calls instead.
        await context.addInitScript(() => {
          window.print = () => {
            window.__printCalls = (window.__printCalls ?? 0) + 1;
          };
        });
        const page = await w.login(context, 'staff', 'staff123');

        // The list finds the sale by its invoice number and shows it under the items.
        await page.goto(`${w.baseUrl}/transaksi`);
        const search = page.locator('.toolbar input[type=search]');
        await search.waitFor({ timeout: 10000 });
        const placeholder = await search.getAttribute('placeholder');
        assert(/no\. invoice/.test(placeholder), `search placeholder: ${placeholder}`);
        await search.fill(bill.invoice_no);
        const table = page.locator('[data-testid=transactions-table]');
        const row = table.locator(`tr[data-id="${bill.id}"]`);
        await eventually(
          async () =>
            (await table.locator('tr[data-id]').count()) === 1 && (await row.count()) === 1,
          'searching the invoice number did not list only that sale',
        );
        const shown = (await row.locator('[data-testid=invoice-no]').textContent()).trim();
        assert(shown === bill.invoice_no, `row shows invoice number "${shown}"`);
        assert(
          (await row.locator('[data-action=receipt]').count()) === 0,
          'an unpaid sale offers a receipt',
        );
        await w.screenshot(page, 'staff-desktop-transaksi-invoice-no');

        // Recording the payment opens the receipt and prints it once.
        await row.locator('[data-action=pay]').click();
        await page.locator('[data-testid=pay-submit]').click();
        await page.waitForURL(new RegExp(`/transaksi/${bill.id}/struk$`), { timeout: 15000 });
        await page.locator('[data-testid=receipt][data-width="58"]').waitFor({ timeout: 15000 });
        await eventually(
          async () => (await page.evaluate(() => window.__printCalls)) === 1,
          'auto-print did not call window.print() once',
        );
        const paid = (await w.api('GET', `/api/transactions/${bill.id}`, { token: staffToken }))
          .json;
        assert(
          paid?.status === 'paid' && paid.paid_by === 'staff',
          `paid: ${JSON.stringify(paid)}`,
        );

        for (const width of ['58', '80']) {
          if (width !== '58') {
            await page.locator(`label:has([data-testid=receipt-width-${width}])`).click();
          }
          await page.locator(`[data-testid=receipt][data-width="${width}"]`).waitFor();
          await w.screenshot(page, `staff-desktop-struk-${width}mm`);
          const rule = await pageRule(page);
          assert(rule.widthMm === Number(width), `@page width ${rule.widthMm} mm on ${width} mm`);
          const pdf = await page.pdf({ width: `${width}mm`, preferCSSPageSize: true });
          assertFields(checkPaper(pdf, width, rule.lengthMm), paid, customer, width);
        }
        assert(
          (await page.evaluate(() => window.__printCalls)) === 1,
          'switching the width printed again',
        );

        // Back on the list the paid sale offers its receipt; the A4 invoice shows the number.
        await page.locator('.invoice-tools button', { hasText: 'Kembali' }).click();
        await row.locator('[data-action=receipt]').waitFor({ timeout: 10000 });
        await row.locator('button', { hasText: /^Cetak$/ }).click();
        const number = page.locator('[data-testid=invoice-number]');
        await number.waitFor({ timeout: 10000 });
        assert((await number.textContent()).trim() === bill.invoice_no, 'invoice page number');
        await w.screenshot(page, 'staff-desktop-invoice-a4-invoice-no');
        await page.locator('.invoice-tools [data-action=receipt]').click();
        await page.locator('[data-testid=receipt]').waitFor({ timeout: 10000 });

        // The customer's history shows the number too.
        await page.goto(`${w.baseUrl}/pelanggan/${customer.id}`);
        const history = page.locator(`[data-testid=transactions-table] tr[data-id="${bill.id}"]`);
        await history.waitFor({ timeout: 10000 });
        assert(
          (await history.locator('[data-testid=invoice-no]').textContent()).trim() ===
            bill.invoice_no,
          'customer history shows the invoice number',
        );
      } finally {
        await restore();
      }
    },
  },
  {
    name: 'receipt: Pengaturan > Invoice & struk checks the pattern like the server, shows the next number and saves',
    async run(w) {
      const admin = await w.token('admin', 'admin123');
      const restore = await keepSettings(w, admin);
      try {
        await saveSettings(w, admin, { invoice: { pattern: DEFAULT_PATTERN } });
        // The next number today is one more than the newest sale's.
        const { bill } = await gasSale(w, admin);
        const [, prefix, sequence] = /^(.*\/)(\d+)$/.exec(bill.invoice_no);
        const next = `${prefix}${String(Number(sequence) + 1).padStart(sequence.length, '0')}`;

        const page = await w.login(await w.context('admin'), 'admin', 'admin123');
        await page.goto(`${w.baseUrl}/pengaturan`);
        await page.click('nav.tabs button:has-text("Invoice & struk")');
        const form = page.locator('[data-testid=invoice-settings]');
        await form.waitFor({ timeout: 10000 });
        const example = page.locator('[data-testid=invoice-example]');
        await eventually(
          async () => (await example.textContent()).includes(`Nomor berikutnya hari ini: ${next}`),
          `the next number ${next} is not shown`,
        );
        await w.screenshot(page, 'admin-desktop-pengaturan-invoice-struk');

        // The server's rule, checked as staff type.
        const pattern = '[id="f-invoice.pattern"]';
        for (const [bad, message] of [
          ['INV {SEQ}', /tanpa spasi/],
          ['INV/{YYYY}/{DD}/{SEQ}', /Isian yang dikenal hanya/],
          ['INV/{YYYY}/{MM}', /tepat satu \{SEQ\}/],
          ['X'.repeat(36) + '{SEQ}', /Maksimal 40 karakter/],
        ]) {
          await page.fill(pattern, bad);
          await eventually(
            async () => message.test(await fieldError(page, 'invoice.pattern')),
            `"${bad}" is not flagged with ${message}`,
          );
          // ...and the server agrees it is wrong.
          const refused = await w.api('POST', '/api/settings', {
            token: admin,
            body: { invoice: { pattern: bad } },
          });
          assert(
            refused.status === 400 && refused.json?.error?.fields?.['invoice.pattern'],
            `the server took "${bad}": ${refused.status} ${refused.text}`,
          );
        }
        await w.screenshot(page, 'admin-desktop-pengaturan-invoice-error');

        // A new pattern: its first number this month, as the server will write it.
        const tag = `E${unique('').slice(-5).toUpperCase()}`;
        const custom = `${tag}-{YY}{MM}-{SEQ:5}`;
        const [, yyyy, mm] = /^INV\/(\d{4})\/(\d{2})\//.exec(bill.invoice_no);
        const first = `${tag}-${yyyy.slice(2)}${mm}-00001`;
        await page.fill(pattern, custom);
        await eventually(
          async () => (await example.textContent()).includes(first),
          `the example for ${custom} is not ${first}`,
        );

        // The server's own refusal shows on the field: its real answer to a bad pattern, given
        // to this save.
        const refusal = await w.api('POST', '/api/settings', {
          token: admin,
          body: { invoice: { pattern: 'INV {SEQ}' } },
        });
        await w.allowing([/status of 400/], async () => {
          await page.route('**/api/settings', (route) =>
            route.request().method() === 'POST'
              ? route.fulfill({ status: 400, contentType: 'application/json', body: refusal.text })
              : route.continue(),
          );
          await form.locator('button[type=submit]').click();
          const serverError = await fieldError(page, 'invoice.pattern');
          assert(
            serverError === refusal.json.error.fields['invoice.pattern'],
            `the server's message is not on the field: ${serverError}`,
          );
          await page.unroute('**/api/settings');
        });

        // Saved for real, with the receipt settings.
        await page.selectOption('[id="f-receipt.width"]', '80');
        await page.fill('[id="f-receipt.footer"]', 'Matur nuwun, sampai jumpa lagi');
        await page.check('[id="f-receipt.auto_print"]');
        await form.locator('button[type=submit]').click();
        await eventually(async () => {
          const s = (await w.api('GET', '/api/settings', { token: admin })).json;
          return (
            s?.invoice?.pattern === custom &&
            s.receipt?.width === '80' &&
            s.receipt.footer === 'Matur nuwun, sampai jumpa lagi' &&
            s.receipt.auto_print === true
          );
        }, 'the invoice and receipt settings were not saved');
        const { bill: numbered } = await gasSale(w, admin);
        assert(
          numbered.invoice_no === first,
          `the next sale got ${numbered.invoice_no}, the page said ${first}`,
        );
      } finally {
        await restore();
      }
    },
  },
  {
    name: 'receipt: the template preview for a customer warns about placeholders empty for them',
    needs: ['whatsapp'],
    async run(w) {
      const admin = await w.token('admin', 'admin123');
      const { customer: fresh } = await gasSale(w, admin, { sale: false });
      const { customer: buyer } = await gasSale(w, admin);

      const page = await w.login(await w.context('admin'), 'admin', 'admin123');
      await page.goto(`${w.baseUrl}/pengaturan`);
      await page.click('nav.tabs button:has-text("Template pesan")');
      await page.click('.segmented label:has-text("Faktur gas")');
      const text = '#f-templates\\.gas_invoice';
      await page.locator(text).waitFor({ timeout: 10000 });
      await page.fill(text, 'Yth. {nama}\nNo. invoice: {no_invoice}\n{rincian}\nTotal {total}');
      for (const chip of ['{no_invoice}', '{rincian}']) {
        assert(
          (await page.locator('.chip', { hasText: chip }).count()) === 1,
          `no ${chip} among the placeholders offered`,
        );
      }

      const preview = page.locator('[data-testid=template-preview]');
      const warning = page.locator('[data-testid=empty-placeholders]');
      const pick = async (customer) => {
        await page.fill('.template-preview input[type=search]', customer.name);
        await page
          .locator(`#f-preview_customer option[value="${customer.id}"]`)
          .waitFor({ state: 'attached', timeout: 10000 });
        await page.selectOption('#f-preview_customer', String(customer.id));
        await eventually(
          async () => (await preview.textContent()).includes(customer.name),
          `the preview is not rendered for ${customer.name}`,
        );
      };

      // Without any sale, the invoice number and the lines are empty for this customer.
      await pick(fresh);
      await warning.waitFor({ timeout: 10000 });
      const said = await warning.textContent();
      assert(
        /Untuk pelanggan ini .*\{no_invoice\}.*kosong: baris yang hanya berisi placeholder kosong tidak dikirim\./.test(
          said,
        ) && said.includes('{rincian}'),
        `warning: ${said}`,
      );
      await w.screenshot(page, 'admin-desktop-template-empty-placeholders');

      // With a sale they are filled: no warning, and the number is in the text.
      await pick(buyer);
      await eventually(async () => (await warning.count()) === 0, 'the warning stayed');
      const sale = (
        await w.api('GET', `/api/transactions?customer_id=${buyer.id}`, { token: admin })
      ).json?.items?.[0];
      assert(
        (await preview.textContent()).includes(sale?.invoice_no ?? '?'),
        `preview without the invoice number: ${await preview.textContent()}`,
      );
    },
  },
];
