// Browser tests of customers, bills and live sync. They need the customer/billing API and
// SSE (/api/events); the runner includes this file only once those answer (not 404).
import { assert, currentPeriod, eventually, unique } from '../harness.mjs';
import { PAGES } from './core.mjs';

export const needs = ['customers', 'transactions', 'stats', 'events'];

async function statText(page, name) {
  return (await page.locator(`[data-stat=${name}] strong`).textContent()).trim();
}

async function liveOnline(page) {
  await page.locator('[data-testid=live-status][data-status=online]').waitFor({ timeout: 15000 });
}

export const tests = [
  {
    name: "staff adds a customer and the admin's open customer list shows it without a reload",
    async run(w) {
      const pkg = await w.internetPackage();
      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      await admin.goto(`${w.baseUrl}/pelanggan`);
      await w.settle(admin);
      await liveOnline(admin);
      await admin.evaluate(() => {
        window.__noReload = true;
      });

      await staff.goto(`${w.baseUrl}/pelanggan`);
      const name = `Budi ${unique('E2E')}`;
      await staff.click('[data-testid=add-customer]');
      await staff.fill('#f-name', name);
      await staff.fill('#f-phone', '0812 3456 7890');
      await staff.fill('#f-address', 'Jl. Melati 5, RT 02');
      await staff.fill('#f-pppoe_username', unique('budi').toLowerCase());
      await staff.fill('#f-pppoe_password', 'rahasia77');
      await staff.selectOption('#f-package_id', String(pkg));
      await staff.fill('#f-monthly_fee', '150.000');
      await staff.fill('#f-due_day', '10');
      await staff.click('[data-testid=customer-save]');
      await staff
        .locator(`[data-testid=customers-table] >> text=${name}`)
        .waitFor({ timeout: 10000 });

      await admin
        .locator(`[data-testid=customers-table] >> text=${name}`)
        .waitFor({ timeout: 15000 });
      assert(await admin.evaluate(() => window.__noReload === true), 'the admin page was reloaded');
      await w.screenshot(admin, 'admin-desktop-pelanggan-live');
    },
  },
  {
    name: "staff marks a bill lunas and the admin's dashboard figures change",
    async run(w) {
      const token = await w.token('staff', 'staff123');
      const customer = await w.internetCustomer(token, {
        name: `Sari ${unique('E2E')}`,
        phone: '081298765432',
        address: 'Gg. Mawar 3',
        pppoe_username: unique('sari').toLowerCase(),
        pppoe_password: 'sari-123',
        monthly_fee: 175000,
        due_day: 5,
      });
      const bill = await w.create(
        '/api/transactions',
        { customer_id: customer.id, period: currentPeriod(), amount: 175000 },
        token,
      );

      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      await w.settle(admin);
      await liveOnline(admin);
      const before = {
        month: await statText(admin, 'month'),
        outstanding: await statText(admin, 'outstanding'),
      };
      await admin.evaluate(() => {
        window.__noReload = true;
      });

      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      await staff.goto(`${w.baseUrl}/transaksi?status=unpaid`);
      const row = staff.locator(`[data-testid=transactions-table] tr[data-id="${bill.id}"]`);
      await row.waitFor({ timeout: 10000 });
      await row.locator('[data-action=pay]').click();
      await staff.click('[data-testid=pay-submit]');
      // Reads the row without waiting for it: the unpaid list may drop it while we look.
      const paidOrGone = async () => {
        const states = await row.evaluateAll((rows) =>
          rows.map((r) => r.getAttribute('data-status')),
        );
        return states.length === 0 || states[0] === 'paid';
      };
      await eventually(paidOrGone, 'bill shown as paid for staff');

      await eventually(
        async () =>
          (await statText(admin, 'month')) !== before.month &&
          (await statText(admin, 'outstanding')) !== before.outstanding,
        `admin dashboard did not change (was ${JSON.stringify(before)})`,
      );
      assert(await admin.evaluate(() => window.__noReload === true), 'the admin page was reloaded');
      await w.screenshot(admin, 'admin-desktop-dashboard-after-payment');

      // Paying the same bill again is answered clearly, not recorded twice.
      const again = await w.api('POST', `/api/transactions/${bill.id}/mark-lunas`, {
        token,
        body: { method: 'cash' },
      });
      assert([200, 409].includes(again.status), `second mark-lunas answered ${again.status}`);
    },
  },
  {
    name: 'pages with data render on desktop and phone (screenshots)',
    async run(w) {
      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      for (const p of PAGES) {
        await admin.goto(`${w.baseUrl}${p.path}`);
        await w.screenshot(admin, `admin-desktop-${p.name}-data`);
      }
    },
  },
];
