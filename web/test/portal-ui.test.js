// The built portal (web/dist/portal.html) in Chromium at 360 px against a fake gateway that
// answers docs/portal-api.md: isolir notice, code sign-in (wrong code, too many tries, resend),
// bills, receipt, pay and the return from the provider, logout, personal links. Skipped when
// web/dist (the web_build fixture) or Chromium is missing.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const ready = existsSync(join(dist, 'portal.html')) && existsSync(executablePath);

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";

// The fake gateway: one customer with two unpaid bills; code 123456; link GOODLINK.
function fakeGateway() {
  const state = { polls: 0, wrongCodes: 0, calls: [] };
  const paid = () => state.polls >= 2;
  const me = () => ({
    customer: {
      number: 'PLG-0042',
      name: 'Budi Santoso',
      type: 'internet',
      status: paid() ? 'active' : 'isolated',
      isolation_reason: 'unpaid',
    },
    unpaid: paid()
      ? []
      : [981, 982].map((id, i) => ({
          id,
          period: `2026-1${i + 1}`,
          description: 'Internet 20 Mbps',
          amount: 150000,
          due_date: `2026-1${i + 1}-10`,
        })),
    paid: [{ id: 917, period: '2026-10', amount: 150000, paid_at: '2026-10-08T03:12:00Z' }],
    bank_accounts: [{ bank: 'BRI', number: '0123-01-000123-50-1', holder: 'Warung Net' }],
    shop: { name: 'Warung Net', phone: '0812 0000 1111' },
    online_payment: true,
  });
  const error = (code) => ({ error: { code, message: '', fields: {} } });
  const answer = (path, body, auth) => {
    if (path === '/login/code') return [202, { resend_after: 3, expires_in: 300 }];
    if (path === '/login/verify') {
      if (body.code === '123456') return [200, { token: 'S1', expires_at: null }];
      state.wrongCodes += 1;
      return state.wrongCodes > 1
        ? [429, error('resource_exhausted'), { 'Retry-After': '120' }]
        : [400, error('invalid_argument')];
    }
    if (path === '/login/link') {
      return body.token === 'GOODLINK' ? [200, { token: 'S2' }] : [404, error('not_found')];
    }
    if (!auth) return [401, error('unauthenticated')];
    if (path === '/me') return [200, me()];
    if (path === '/bills/917') {
      return [
        200,
        {
          id: 917,
          number: 'INV-2026-10-0042',
          period: '2026-10',
          description: 'Internet 20 Mbps',
          amount: 150000,
          // A PPN inside the price: shown under the package, not added.
          lines: [
            {
              kind: 'package',
              label: 'Internet 20 Mbps 2026-10',
              qty: 1,
              unit_price: 150000,
              amount: 150000,
              included: false,
              note: '',
            },
            {
              kind: 'tax',
              label: 'PPN 11%',
              qty: 1,
              unit_price: 14865,
              amount: 14865,
              included: true,
              note: '',
            },
          ],
          status: 'paid',
          paid_at: '2026-10-08T03:12:00Z',
          method: 'online',
          customer: { number: 'PLG-0042', name: 'Budi Santoso' },
          shop: { name: 'Warung Net' },
        },
      ];
    }
    if (path === '/bills/981/pay') return [200, { url: '/provider' }];
    if (path === '/payments/T9') {
      state.polls += 1;
      return [200, { status: paid() ? 'paid' : 'pending' }];
    }
    if (path === '/logout') return [204];
    return [404, error('not_found')];
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://portal');
    if (url.pathname.startsWith('/api/portal/')) {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        const path = url.pathname.slice('/api/portal'.length);
        state.calls.push(`${req.method} ${path} ${req.headers.authorization ?? '-'}`);
        const [status, body, headers] = answer(
          path,
          text ? JSON.parse(text) : {},
          req.headers.authorization,
        );
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(body === undefined ? '' : JSON.stringify(body));
      });
      return;
    }
    if (url.pathname === '/provider') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<p>provider</p>');
      return;
    }
    // As the gateway: /portal pages are portal.html, everything else a file of the build.
    const file =
      /^\/portal(\/|$)/.test(url.pathname) && !extname(url.pathname)
        ? '/portal.html'
        : url.pathname;
    const path = join(dist, file);
    if (!path.startsWith(dist) || !existsSync(path)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(path)] || 'application/octet-stream',
      'Content-Security-Policy': CSP,
    });
    res.end(readFileSync(path));
  });
  return { server, state };
}

describe.skipIf(!ready)('portal in the browser', () => {
  let gateway;
  let browser;
  let base;

  beforeAll(async () => {
    gateway = fakeGateway();
    await new Promise((resolve) => gateway.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${gateway.server.address().port}`;
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    gateway?.server.close();
  });

  it('signs in by code, shows the bills, pays and sees the bill lunas', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    const crashes = [];
    page.on('pageerror', (e) => crashes.push(String(e)));
    await page.goto(`${base}/portal/isolir`);
    await page.getByText('Layanan internet Anda sedang diisolir').waitFor();
    await page.getByLabel('Nomor pelanggan').fill('PLG-0042');
    await page.getByLabel('Nomor HP (WhatsApp)').fill('0812 3456');
    await page.getByRole('button', { name: 'Kirim kode' }).click();
    await page.getByText(/Kirim ulang dalam \d detik/).waitFor();
    await page.getByLabel('Kode 6 angka').fill('111111');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Kode salah').waitFor();
    await page.getByLabel('Kode 6 angka').fill('222222');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Coba lagi dalam 120 detik').waitFor();
    // The countdown (3 s here) ends and the resend button comes back.
    await page.getByRole('button', { name: 'Kirim ulang kode' }).waitFor();
    await page.getByLabel('Kode 6 angka').fill('123456');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await page.getByText('Halo, Budi Santoso').waitFor();
    await page.getByText('Bayar semua (Rp 300.000)').waitFor();
    expect(await page.getByText('Jatuh tempo 10 Nov 2026').count()).toBe(1);
    expect(await page.getByText('0123-01-000123-50-1').count()).toBe(1);
    // Nothing wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );

    await page.getByRole('button', { name: 'Lihat bukti bayar' }).click();
    await page.getByText('BUKTI PEMBAYARAN').waitFor();
    expect(await page.getByText('LUNAS', { exact: true }).count()).toBe(1);
    expect(await page.getByText('termasuk PPN 11%').count()).toBe(1);
    expect(await page.getByText('Rp 14.865').count()).toBe(1);
    await page.getByRole('button', { name: 'Kembali' }).click();

    await page.getByRole('button', { name: 'Bayar', exact: true }).first().click();
    await page.waitForURL(/\/provider$/);
    await page.goto(`${base}/portal?paid=T9`);
    await page.getByText('Pembayaran berhasil').waitFor({ timeout: 15_000 });
    await page.getByText('Tidak ada tagihan').waitFor();
    expect(new URL(page.url()).search).toBe('');

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByRole('button', { name: 'Kirim kode' }).waitFor();
    expect(gateway.state.calls).toContain('POST /login/verify -');
    expect(gateway.state.calls).toContain('GET /me Bearer S1');
    expect(gateway.state.calls).toContain('POST /logout Bearer S1');
    expect(crashes).toEqual([]);
    await page.close();
  }, 60_000);

  it('opens a personal link, and says so when the link is dead', async () => {
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${base}/portal/t/BADLINK`);
    await page.getByText('Tautan tidak berlaku lagi').waitFor();
    await page.goto(`${base}/portal/t/GOODLINK`);
    await page.getByText('Halo, Budi Santoso').waitFor();
    // The link is spent: it leaves the address bar and the history.
    expect(new URL(page.url()).pathname).toBe('/portal');
    await page.close();
  }, 60_000);
});
