// Browser tests of online payments that need only billing's settings (no payment service):
// Pengaturan > Pembayaran shows each provider's own fields and never a stored secret.
import { assert, eventually, fieldError } from '../harness.mjs';

export const needs = ['settings'];

const input = (name) => `[id="f-${name}"]`;

const TRIPAY = {
  provider: 'tripay',
  mode: 'sandbox',
  fee_mode: 'absorbed',
  customer_fee: 0,
  public_url: 'https://tagihan.example.net',
  link_hours: 24,
  tripay: {
    api_base_url: '',
    merchant_code: 'T0001',
    api_key: 'tripay-api-rahasia-123',
    private_key: 'tripay-private-rahasia-456',
    method: 'QRIS',
  },
};

export const tests = [
  {
    name: 'Pengaturan > Pembayaran masks the secrets and shows the chosen provider fields',
    async run(w) {
      const token = await w.token('admin', 'admin123');
      const saved = await w.api('POST', '/api/settings', { token, body: { payment: TRIPAY } });
      assert(saved.status === 200, `POST /api/settings payment: ${saved.status} ${saved.text}`);
      try {
        const stored = await w.api('GET', '/api/settings', { token });
        assert(
          stored.json?.payment?.tripay?.api_key === '***' &&
            !stored.text.includes('tripay-api-rahasia-123') &&
            !stored.text.includes('tripay-private-rahasia-456'),
          `GET /api/settings shows a payment secret: ${stored.text}`,
        );

        const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
        await admin.goto(`${w.baseUrl}/pengaturan`);
        await admin.click('nav.tabs button:has-text("Pembayaran")');
        const form = admin.locator('[data-testid=payment-settings]');
        await form.waitFor({ timeout: 10000 });
        assert((await admin.inputValue(input('payment.provider'))) === 'tripay', 'provider');
        for (const secret of ['api_key', 'private_key']) {
          const field = input(`payment.tripay.${secret}`);
          assert((await admin.inputValue(field)) === '***', `${secret} is not masked`);
          assert((await admin.getAttribute(field, 'type')) === 'password', `${secret} type`);
        }
        assert(
          (await admin.inputValue(input('payment.tripay.merchant_code'))) === 'T0001',
          'merchant code',
        );
        const html = await admin.content();
        assert(!html.includes('rahasia'), 'a stored secret reached the page');
        const callback = admin.locator('[data-testid=payment-callback]');
        assert(
          (await callback.textContent()).includes(
            'https://tagihan.example.net/pay/callback/tripay',
          ),
          `callback URL: ${await callback.textContent()}`,
        );
        assert(
          (await admin.locator(input('payment.xendit.secret_key')).count()) === 0,
          'Xendit fields shown for Tripay',
        );
        await w.screenshot(admin, 'admin-desktop-pembayaran-tripay');

        // Another provider: only its fields, its callback URL; its empty keys are asked for.
        await admin.selectOption(input('payment.provider'), 'xendit');
        await admin.locator(input('payment.xendit.secret_key')).waitFor();
        await admin.locator(input('payment.xendit.callback_token')).waitFor();
        assert(
          (await admin.locator(input('payment.tripay.api_key')).count()) === 0,
          'Tripay fields shown for Xendit',
        );
        await eventually(
          async () => (await callback.textContent()).includes('/pay/callback/xendit'),
          'the callback URL follows the provider',
        );
        await form.locator('button[type=submit]').click();
        assert(
          /Wajib/.test(await fieldError(admin, 'payment.xendit.secret_key')),
          'empty Xendit secret key not flagged',
        );
        await w.screenshot(admin, 'admin-desktop-pembayaran-xendit');

        // Back to Tripay: a changed merchant code saves, the secrets stay masked and kept.
        await admin.selectOption(input('payment.provider'), 'tripay');
        await admin.fill(input('payment.tripay.merchant_code'), 'T0002');
        await form.locator('button[type=submit]').click();
        await eventually(async () => {
          const again = await w.api('GET', '/api/settings', { token });
          return (
            again.json?.payment?.tripay?.merchant_code === 'T0002' &&
            again.json.payment.tripay.api_key === '***' &&
            again.json.payment.tripay.private_key === '***'
          );
        }, 'the merchant code was not saved with the secrets kept');
      } finally {
        await w.api('POST', '/api/settings', {
          token,
          body: { payment: { ...TRIPAY, provider: 'none' } },
        });
      }
    },
  },
];
