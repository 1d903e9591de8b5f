// Browser test of bill lines: an admin turns on PPN 11% (added) and the first month pro rata in
// Pengaturan, adds an internet customer installed this month with a 10% discount and an
// installation fee, and makes their bill for this month. The new-bill dialog, the A4 invoice and
// the counter receipt show the server's lines (pro rata package, installation fee, discount,
// PPN) and its total; Laporan shows the PPN inside the month's income.
import { addMonths, formatRupiah } from '../../src/lib/format.js';
import { assert, currentPeriod, eventually, unique } from '../harness.mjs';

export const needs = ['transactions', 'customers', 'settings', 'reports'];

const FEE = 150000;
const INSTALLATION_FEE = 250000;
const DISCOUNT_PERCENT = 10;
const TAX_RATE = 11;

// The settings sections the test changes, as they were before it; put back afterwards.
async function keepSettings(w, token) {
  const before = (await w.api('GET', '/api/settings', { token })).json ?? {};
  return async () => {
    const body = {};
    for (const section of ['billing', 'tax']) {
      if (before[section]) body[section] = before[section];
    }
    await w.api('POST', '/api/settings', { token, body });
  };
}

// Today in Asia/Jakarta as "YYYY-MM-DD".
function todayInJakarta() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
}

function roundHalfUp(numerator, denominator) {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

// What billing should have computed for this bill (services/billing/bill_lines.h), to tell a
// wrong server sum from a wrong page.
function expectedBill(installedAt) {
  const [year, month, day] = installedAt.split('-').map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const daysUsed = daysInMonth - day + 1;
  const base = day === 1 ? FEE : roundHalfUp(FEE * daysUsed, daysInMonth);
  const discount = roundHalfUp(base * DISCOUNT_PERCENT, 100);
  const taxable = base - discount + INSTALLATION_FEE;
  const tax = roundHalfUp(taxable * TAX_RATE, 100);
  return { base, discount, tax, amount: taxable + tax, daysUsed, daysInMonth, prorata: day !== 1 };
}

// The PPN in the income report of `from`..`to` (months), as the API gives it.
async function reportedTax(w, token, from, to) {
  const reply = await w.api('GET', `/api/reports/income?from=${from}&to=${to}`, { token });
  assert(reply.status === 200, `income report: ${reply.status} ${reply.text}`);
  return (reply.json?.items ?? []).reduce((sum, item) => sum + (Number(item.tax) || 0), 0);
}

// The rows of a lines table: [{kind, included, label, note, amount}] as the page shows them.
async function shownLines(table) {
  return table.locator('tr[data-kind]').evaluateAll((rows) =>
    rows.map((row) => ({
      kind: row.dataset.kind,
      included: row.dataset.included === 'true',
      label: row.querySelector('[data-testid=line-label]')?.textContent.trim() ?? '',
      note: row.querySelector('[data-testid=line-note]')?.textContent.trim() ?? '',
      amount: row.querySelector('[data-testid=line-amount]')?.textContent.trim() ?? '',
    })),
  );
}

// The table shows exactly the server's lines, in its order, and the server's total.
async function assertLinesMatch(table, bill, where) {
  const shown = await shownLines(table);
  const charged = bill.lines.filter((l) => !(l.kind === 'tax' && l.included));
  const included = bill.lines.filter((l) => l.kind === 'tax' && l.included);
  const expected = [...charged, ...included];
  assert(
    shown.length === expected.length,
    `${where} shows ${shown.length} lines, the server has ${expected.length}: ${JSON.stringify(shown)}`,
  );
  expected.forEach((line, i) => {
    const row = shown[i];
    assert(row.kind === line.kind, `${where} line ${i}: ${row.kind}, server ${line.kind}`);
    assert(
      row.label.startsWith(line.label) || row.label.endsWith(line.label),
      `${where} line ${i}: "${row.label}", server "${line.label}"`,
    );
    assert(
      row.amount === formatRupiah(line.amount),
      `${where} line ${i} (${line.kind}): ${row.amount}, server ${formatRupiah(line.amount)}`,
    );
    if (line.note) {
      assert(row.note === line.note, `${where} ${line.kind} note "${row.note}", "${line.note}"`);
    }
  });
  const total = (await table.locator('[data-testid=bill-total]').textContent()).trim();
  assert(
    total === formatRupiah(bill.amount),
    `${where} total ${total}, server ${formatRupiah(bill.amount)}`,
  );
}

export const tests = [
  {
    name: 'bill_lines: PPN and pro rata from Pengaturan; a first bill with installation fee and 10% discount shows every line on the invoice and the receipt',
    async run(w) {
      const admin = await w.token('admin', 'admin123');
      const restore = await keepSettings(w, admin);
      try {
        const page = await w.login(await w.context('admin'), 'admin', 'admin123');

        // Pengaturan > Penagihan: the first month pro rata.
        await page.goto(`${w.baseUrl}/pengaturan`);
        await page.click('nav.tabs button:has-text("Penagihan")');
        const prorata = page.locator('[id="f-billing.prorata_first_month"]');
        await prorata.waitFor({ timeout: 10000 });
        await prorata.check();
        await page.locator('section.card form button[type=submit]').click();
        await eventually(
          async () =>
            (await w.api('GET', '/api/settings', { token: admin })).json?.billing
              ?.prorata_first_month === true,
          'the pro rata setting was not saved',
        );

        // Pengaturan > Pajak (PPN): 11%, added to the prices; a bad rate is refused first.
        await page.click('nav.tabs button:has-text("Pajak (PPN)")');
        const taxForm = page.locator('[data-testid=tax-settings]');
        await taxForm.waitFor({ timeout: 10000 });
        await page.check('[id="f-tax.enabled"]');
        await page.fill('[id="f-tax.rate"]', '11,555');
        await taxForm.locator('button[type=submit]').click();
        await page.locator('[data-field="tax.rate"] .field-error').waitFor({ timeout: 5000 });
        await page.fill('[id="f-tax.rate"]', String(TAX_RATE));
        await page.selectOption('[id="f-tax.mode"]', 'added');
        await page.fill('[id="f-tax.label"]', 'PPN');
        await w.screenshot(page, 'admin-desktop-pengaturan-pajak');
        await taxForm.locator('button[type=submit]').click();
        await eventually(async () => {
          const tax = (await w.api('GET', '/api/settings', { token: admin })).json?.tax;
          return tax?.enabled === true && tax.rate === TAX_RATE && tax.mode === 'added';
        }, 'the PPN settings were not saved');

        // A new internet customer installed today, 10% off, with an installation fee.
        const packageId = await w.internetPackage();
        const installedAt = todayInJakarta();
        const name = unique('Pelanggan Diskon ');
        await page.goto(`${w.baseUrl}/pelanggan`);
        await page.click('[data-testid=add-customer]');
        await page.fill('#f-name', name);
        await page.fill('#f-phone', '081234567890');
        await page.fill('#f-address', 'Jl. Kenanga 9');
        await page.fill('#f-pppoe_username', unique('diskon').toLowerCase());
        await page.fill('#f-pppoe_password', 'rahasia-88');
        await page
          .locator(`#f-package_id option[value="${packageId}"]`)
          .waitFor({ state: 'attached', timeout: 10000 });
        await page.selectOption('#f-package_id', String(packageId));
        await page.fill('#f-monthly_fee', String(FEE));
        await page.fill('#f-installed_at', installedAt);
        await page.fill('#f-installation_fee', String(INSTALLATION_FEE));
        await page.selectOption('#f-discount_type', 'percent');
        // Checked as the server checks it before anything is sent.
        await page.fill('#f-discount_value', '150');
        await page.click('[data-testid=customer-save]');
        await page.locator('[data-field=discount_value] .field-error').waitFor({ timeout: 5000 });
        await page.fill('#f-discount_value', String(DISCOUNT_PERCENT));
        await w.screenshot(page, 'admin-desktop-customer-form-discount');
        await page.click('[data-testid=customer-save]');
        const customer = await eventually(async () => {
          const list = (
            await w.api('GET', `/api/customers?q=${encodeURIComponent(name)}`, { token: admin })
          ).json;
          return (list?.items ?? []).find((c) => c.name === name);
        }, 'the customer was not created');
        assert(
          customer.discount_type === 'percent' &&
            customer.discount_value === DISCOUNT_PERCENT &&
            customer.installation_fee === INSTALLATION_FEE,
          `customer's discount and installation fee: ${JSON.stringify(customer)}`,
        );

        // Their page shows both; its bill for this month is made from there.
        await page.goto(`${w.baseUrl}/pelanggan/${customer.id}`);
        const discount = page.locator('[data-testid=customer-discount]');
        await discount.waitFor({ timeout: 10000 });
        assert((await discount.textContent()).trim() === '10%', 'customer page discount');
        assert(
          (await page.locator('[data-testid=customer-installation-fee]').textContent()).includes(
            formatRupiah(INSTALLATION_FEE),
          ),
          'customer page installation fee',
        );
        await page.click('button:has-text("Tagihan Internet")');
        await page.locator('#f-period').waitFor({ timeout: 10000 });
        assert(
          (await page.inputValue('#f-period')) === currentPeriod(),
          'the new bill is not for this month',
        );
        const choice = page.locator('[id="f-discount.type"] option[value=customer]');
        assert(
          /Ikut pelanggan: 10%/.test(await choice.textContent()),
          `the bill's discount choice does not name the customer's: ${await choice.textContent()}`,
        );
        await page.click('button[form=tx-form]');
        const created = page.locator('[data-testid=bill-created]');
        await created.waitFor({ timeout: 15000 });
        const billId = await created.getAttribute('data-id');
        const bill = (await w.api('GET', `/api/transactions/${billId}`, { token: admin })).json;
        assert(bill?.customer_id === customer.id, `bill: ${JSON.stringify(bill)}`);

        // The server's arithmetic, as billing's contract says.
        const want = expectedBill(installedAt);
        const line = (kind) => bill.lines.find((l) => l.kind === kind);
        assert(
          line('package')?.amount === want.base &&
            line('installation')?.amount === INSTALLATION_FEE &&
            line('discount')?.amount === -want.discount &&
            line('tax')?.amount === want.tax &&
            line('tax')?.included === false &&
            bill.amount === want.amount &&
            bill.tax_amount === want.tax &&
            bill.discount_amount === want.discount,
          `the server's bill ${JSON.stringify(bill)} is not ${JSON.stringify(want)}`,
        );
        if (want.prorata) {
          assert(
            line('package').note.includes(`${want.daysUsed}/${want.daysInMonth}`),
            `no pro rata note: ${JSON.stringify(line('package'))}`,
          );
        }
        await assertLinesMatch(page.locator('[data-testid=created-lines]'), bill, 'new bill');
        await w.screenshot(page, 'admin-desktop-bill-created-lines');

        // The A4 invoice.
        await page.click('[data-testid=bill-created-print]');
        await page.waitForURL(new RegExp(`/transaksi/${bill.id}/cetak$`), { timeout: 15000 });
        const invoice = page.locator('[data-testid=invoice-lines]');
        await invoice.waitFor({ timeout: 10000 });
        await assertLinesMatch(invoice, bill, 'invoice');
        await w.screenshot(page, 'admin-desktop-invoice-bill-lines');

        // Paid: the counter receipt has every line within 32 columns, and Laporan counts the PPN
        // (its default range: the last 12 months).
        const month = currentPeriod();
        const taxBefore = await reportedTax(w, admin, month, month);
        const paid = await w.api('POST', `/api/transactions/${bill.id}/mark-lunas`, {
          token: admin,
          body: { method: 'cash' },
        });
        assert(paid.status === 200, `paying the bill: ${paid.status} ${paid.text}`);
        await page.goto(`${w.baseUrl}/transaksi/${bill.id}/struk?lebar=58`);
        const receipt = page.locator('[data-testid=receipt]');
        await receipt.waitFor({ timeout: 10000 });
        const printed = await receipt
          .locator('.receipt-line')
          .evaluateAll((rows) => rows.map((row) => row.textContent));
        const tooWide = printed.filter((text) => Array.from(text).length > 32);
        assert(!tooWide.length, `receipt lines wider than 32 columns: ${tooWide.join(' | ')}`);
        const text = printed.join('\n').replace(/\s+/g, ' ');
        for (const l of bill.lines) {
          assert(text.includes(l.label), `the receipt lacks "${l.label}":\n${printed.join('\n')}`);
        }
        assert(
          text.includes(`TOTAL ${formatRupiah(bill.amount)}`),
          `the receipt's total is not ${formatRupiah(bill.amount)}:\n${printed.join('\n')}`,
        );
        await w.screenshot(page, 'admin-desktop-struk-bill-lines');

        await eventually(
          async () => (await reportedTax(w, admin, month, month)) === taxBefore + bill.tax_amount,
          'the income report does not count the PPN of the paid bill',
        );
        const yearTax = await reportedTax(w, admin, addMonths(month, -11), month);
        await page.goto(`${w.baseUrl}/laporan`);
        const taxCell = page.locator('[data-testid=income-tax-total]');
        await eventually(
          async () => (await taxCell.textContent()).trim() === formatRupiah(yearTax),
          `Laporan does not show the PPN of the last 12 months, ${formatRupiah(yearTax)}`,
        );
        await w.screenshot(page, 'admin-desktop-laporan-ppn');
      } finally {
        await restore();
      }
    },
  },
];
