// Browser test of the cash book (Kas): staff record an expense with a photo of the receipt in
// Kas; the admin's open Kas page shows it without a reload; the photo opens; the profit report
// (Laba rugi) shows this month's numbers as the API computes them.
import { formatRupiah } from '../../src/lib/format.js';
import { assert, currentPeriod, eventually, unique } from '../harness.mjs';

export const needs = ['cash', 'reports', 'events'];

// A 1x1 PNG: the browser decodes it, the page redraws it as a JPEG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

// Today in Asia/Jakarta as "YYYY-MM-DD".
function todayInJakarta() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
}

export const tests = [
  {
    name: 'cash_book: staff record an expense with a receipt photo, the admin sees it live, and Laba rugi shows the month',
    async run(w) {
      const staffToken = await w.token('staff', 'staff123');
      const categories = (await w.api('GET', '/api/cash/categories', { token: staffToken })).json
        .items;
      const electricity = categories.find((c) => c.name === 'Listrik');
      assert(electricity, `no Listrik category: ${JSON.stringify(categories)}`);

      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      await admin.goto(`${w.baseUrl}/kas`);
      await w.settle(admin);
      await admin.locator('[data-testid=live-status][data-status=online]').waitFor({
        timeout: 15000,
      });
      await admin.evaluate(() => {
        window.__noReload = true;
      });

      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      await staff.goto(`${w.baseUrl}/kas`);
      await w.settle(staff);
      const note = unique('Token listrik ');
      const amount = 123456;
      await staff.click('[data-testid=cash-add]');
      await staff.locator('[data-testid=cash-entry-form]').waitFor({ timeout: 10000 });
      await staff.selectOption('#f-kind', 'expense');
      await staff.selectOption('#f-category_id', String(electricity.id));
      // Checked in the page before anything is sent.
      await staff.fill('#f-amount', '0');
      await staff.fill('#f-date', todayInJakarta());
      await staff.click('[data-testid=cash-entry-save]');
      await staff.locator('[data-field=amount] .field-error').waitFor({ timeout: 5000 });
      await staff.fill('#f-amount', '123.456');
      await staff.fill('#f-note', note);
      await staff.setInputFiles('#f-photo', {
        name: 'nota.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
      await staff.locator('[data-field=photo] .hint').filter({ hasText: 'siap' }).waitFor({
        timeout: 10000,
      });
      await w.screenshot(staff, 'staff-desktop-kas-form');
      await staff.click('[data-testid=cash-entry-save]');

      const row = `[data-testid=cash-entry]:has-text("${note}")`;
      await staff.locator(row).waitFor({ timeout: 10000 });
      const entry = await eventually(async () => {
        const list = (await w.api('GET', '/api/cash/entries?kind=expense', { token: staffToken }))
          .json;
        return (list?.items ?? []).find((e) => e.note === note);
      }, 'the expense was not recorded');
      assert(entry.amount === amount, `recorded amount ${entry.amount}`);
      assert(entry.has_photo === true, 'the photo was not stored');
      assert(entry.date === todayInJakarta(), `recorded date ${entry.date}`);
      const shown = (await staff.locator(`${row} [data-testid=cash-amount]`).textContent()).trim();
      assert(shown.includes(formatRupiah(amount)), `the list shows ${shown}`);

      // The admin's page follows without a reload; the receipt opens.
      await admin.locator(row).waitFor({ timeout: 15000 });
      assert(await admin.evaluate(() => window.__noReload === true), 'the admin page was reloaded');
      await admin.click(`${row} [data-testid=cash-photo]`);
      const image = admin.locator('[data-testid=cash-photo-image]');
      await image.waitFor({ timeout: 10000 });
      assert(
        await image.evaluate((img) => img.complete && img.naturalWidth > 0),
        'the photo does not show',
      );
      await w.screenshot(admin, 'admin-desktop-kas-photo');
      await admin.keyboard.press('Escape');

      // Laba rugi: this month's row as the API computes it, this expense included.
      const period = currentPeriod();
      const report = (
        await w.api('GET', `/api/reports/profit?from=${period}&to=${period}`, {
          token: staffToken,
        })
      ).json;
      const month = report.items[0];
      assert(month.expense >= amount, `the report's expense ${month.expense} lacks this one`);
      await staff.click('[data-testid=cash-tab-profit]');
      const monthRow = staff.locator(`[data-testid=profit-table] tr[data-period="${period}"]`);
      await monthRow.waitFor({ timeout: 10000 });
      const cell = async (id) =>
        (await monthRow.locator(`[data-testid=${id}]`).textContent()).trim();
      await eventually(
        async () => (await cell('profit-expense')) === formatRupiah(month.expense),
        `Laba rugi expense is not ${formatRupiah(month.expense)}`,
      );
      assert(
        (await cell('profit-income')) === formatRupiah(month.income),
        `Laba rugi income ${await cell('profit-income')}, API ${formatRupiah(month.income)}`,
      );
      assert(
        (await cell('profit-profit')) === formatRupiah(month.profit),
        `Laba rugi profit ${await cell('profit-profit')}, API ${formatRupiah(month.profit)}`,
      );
      await w.screenshot(staff, 'staff-desktop-laba-rugi');
    },
  },
];
