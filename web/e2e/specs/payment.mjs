// Browser test of online payment: a customer opens their personal portal link, pays through the
// provider (the fake Tripay the e2e test runs, with its checkout page), and a staff browser already
// open on Transaksi shows the bill lunas without reloading. Needs the payment API and the fake:
// FAKE_TRIPAY_URL, FAKE_TRIPAY_API_KEY, FAKE_TRIPAY_PRIVATE_KEY, FAKE_TRIPAY_MERCHANT.
import { assert, currentPeriod, eventually, unique } from '../harness.mjs';

export const needs = ['transactions', 'settings', 'events', 'payments'];

const PHONE = { width: 390, height: 844 };

export const tests = [
  {
    name: 'a customer pays from the portal link and the open Transaksi page shows it lunas live',
    async run(w) {
      const fake = process.env.FAKE_TRIPAY_URL;
      assert(fake, 'FAKE_TRIPAY_URL is not set (tests/e2e starts the fake Tripay)');
      const admin = await w.token('admin', 'admin123');
      const saved = await w.api('POST', '/api/settings', {
        token: admin,
        body: {
          payment: {
            provider: 'tripay',
            mode: 'sandbox',
            public_url: w.baseUrl,
            tripay: {
              api_base_url: fake,
              merchant_code: process.env.FAKE_TRIPAY_MERCHANT,
              api_key: process.env.FAKE_TRIPAY_API_KEY,
              private_key: process.env.FAKE_TRIPAY_PRIVATE_KEY,
              method: 'QRIS',
            },
          },
        },
      });
      assert(saved.status === 200, `saving the payment settings: ${saved.status} ${saved.text}`);

      const staffToken = await w.token('staff', 'staff123');
      const customer = await w.internetCustomer(staffToken, { name: `Rina ${unique('E2E')}` });
      const bill = await w.create(
        '/api/transactions',
        { customer_id: customer.id, period: currentPeriod(), amount: 165000 },
        staffToken,
      );
      const link = await w.api('GET', `/api/transactions/${bill.id}/portal-link`, {
        token: staffToken,
      });
      assert(link.status === 200 && link.json?.url, `portal link: ${link.status} ${link.text}`);
      assert(
        link.json.url.startsWith(`${w.baseUrl}/portal/t/`),
        `the portal link is not on the public address: ${link.json.url}`,
      );

      // Staff keep Transaksi open.
      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      await staff.goto(`${w.baseUrl}/transaksi`);
      const row = staff.locator(`[data-testid=transactions-table] tr[data-id="${bill.id}"]`);
      await row.waitFor({ timeout: 10000 });
      await staff
        .locator('[data-testid=live-status][data-status=online]')
        .waitFor({ timeout: 15000 });
      await staff.evaluate(() => {
        window.__noReload = true;
      });

      // The customer, on a phone, opens the link from WhatsApp and pays.
      const phone = await (await w.context('customer', PHONE)).newPage();
      await phone.goto(link.json.url);
      const unpaid = phone.locator(`[data-unpaid-id="${bill.id}"]`);
      await unpaid.waitFor({ timeout: 15000 });
      await w.screenshot(phone, 'customer-phone-portal-unpaid');
      await unpaid.locator('[data-action=pay]').click();
      await phone.waitForURL((url) => url.href.startsWith(fake), { timeout: 15000 });
      await phone.locator('#pay').click();
      await phone.waitForURL((url) => url.href.startsWith(`${w.baseUrl}/portal`), {
        timeout: 15000,
      });
      await phone.locator(`[data-paid-id="${bill.id}"]`).waitFor({ timeout: 30000 });
      await w.screenshot(phone, 'customer-phone-portal-paid');

      await eventually(
        async () => (await row.getAttribute('data-status')) === 'paid',
        'the staff Transaksi page did not show the bill lunas',
      );
      assert(await staff.evaluate(() => window.__noReload === true), 'the staff page reloaded');
      await w.screenshot(staff, 'staff-desktop-transaksi-paid-online');

      const after = await w.api('GET', `/api/transactions/${bill.id}`, { token: staffToken });
      assert(after.json?.status === 'paid', `bill status ${after.json?.status}`);
      assert(after.json?.payment_method === 'online', `method ${after.json?.payment_method}`);
      assert(after.json?.paid_by === 'sistem', `paid by ${after.json?.paid_by}`);
      assert(after.json?.payment_reference, 'no payment reference on the bill');
    },
  },
  {
    name: 'the isolir page says the service is suspended and lets the customer find the bill',
    async run(w) {
      const phone = await (await w.context('isolated', PHONE)).newPage();
      await phone.goto(`${w.baseUrl}/portal/isolir`);
      await phone.getByText('Layanan internet Anda sedang diisolir').waitFor({ timeout: 10000 });
      await phone.locator('input').first().waitFor({ timeout: 10000 });
      await w.screenshot(phone, 'customer-phone-isolir');
    },
  },
];
