// Browser tests of network control: routers on the Jaringan page, isolir and buka isolir from a
// customer's page (admin and staff), the isolir policy, package profiles and notice templates.
// The runner includes this file only once /api/network/* answers (not 404).
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { assert, eventually, fieldError, unique } from '../harness.mjs';

export const needs = ['network', 'customers', 'packages', 'settings'];

const MASK = '********';

// A TCP / UDP port on 127.0.0.1 that nobody listens on (bound, then released).
async function freeTcpPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function freeUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

// Routers made by the first test, removed through the page by the last one.
const routers = { radius: null, routeros: null };

async function networkStatus(page) {
  const badge = page.locator('[data-testid=network-status]');
  if ((await badge.count()) === 0) return null;
  return {
    status: await badge.getAttribute('data-status'),
    text: (await badge.textContent()).trim(),
  };
}

// The customer page's Jaringan panel: the network service may mirror a new customer a moment
// after it was created (until then its state answers 404 and the panel stays hidden).
async function openCustomerPanel(w, page, customer) {
  await page.goto(`${w.baseUrl}/pelanggan/${customer.id}`);
  await eventually(
    async () => {
      if ((await page.locator('[data-testid=network-panel]').count()) > 0) return true;
      await page.reload();
      await page.locator('[data-testid=current-user]').waitFor();
      await page.waitForTimeout(500);
      return false;
    },
    `network panel of customer ${customer.id}`,
    { timeout: 30000, interval: 1000 },
  );
}

// Isolir or buka isolir through the panel's dialog; checks the reason is required first.
async function act(page, action, reason) {
  await page.click(`[data-testid=network-${action}]`);
  await page.locator('[data-testid=network-action-form]').waitFor();
  await page.fill('#f-reason', '');
  await page.click('[data-testid=network-action-submit]');
  assert(
    (await fieldError(page, 'reason')) === 'Wajib diisi',
    'an empty reason is flagged next to the field',
  );
  await page.fill('#f-reason', reason);
  await page.click('[data-testid=network-action-submit]');
  await page
    .locator('[data-testid=network-action-form]')
    .waitFor({ state: 'detached', timeout: 10000 });
}

async function expectStatus(page, status, text) {
  await eventually(async () => {
    const s = await networkStatus(page);
    return s && s.status === status && s.text === text;
  }, `network status ${status} ("${text}")`);
}

// A 404 while a fresh customer is not mirrored yet is expected.
const NOT_MIRRORED_YET = [/status of 404.*\/api\/customers\/\d+\/network/];

export const tests = [
  {
    name: 'admin adds a RADIUS NAS and a MikroTik router on the Jaringan page; both show Tidak terhubung',
    async run(w) {
      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      await admin.locator('[data-nav=network]').click();
      await admin.locator('[data-testid=network-summary]').waitFor({ timeout: 10000 });

      // RADIUS NAS: the port follows the kind, the secret is asked instead of a login.
      routers.radius = unique('NAS ');
      await admin.click('[data-testid=add-router]');
      await admin.fill('#f-name', routers.radius);
      await admin.selectOption('#f-kind', 'radius');
      assert(
        (await admin.inputValue('#f-port')) === '3799',
        `RADIUS port prefilled: ${await admin.inputValue('#f-port')}`,
      );
      assert(
        (await admin.locator('#f-password').count()) === 0,
        'a RADIUS NAS has no API password',
      );
      await admin.fill('#f-host', '127.0.0.1');
      await admin.fill('#f-port', String(await freeUdpPort()));
      await admin.fill('#f-secret', 'rahasia-nas');
      await admin.click('[data-testid=router-save]');
      await admin.locator(`tr[data-router="${routers.radius}"]`).waitFor({ timeout: 10000 });

      // MikroTik: 8728, 8729 with TLS; a bad host is flagged before anything is sent.
      routers.routeros = unique('Mikrotik ');
      await admin.click('[data-testid=add-router]');
      await admin.fill('#f-name', routers.routeros);
      assert((await admin.inputValue('#f-port')) === '8728', 'RouterOS API port prefilled');
      await admin.check('#f-tls');
      assert((await admin.inputValue('#f-port')) === '8729', 'API-SSL port with TLS');
      await admin.uncheck('#f-tls');
      assert((await admin.inputValue('#f-port')) === '8728', 'back to 8728 without TLS');
      await admin.fill('#f-host', 'router pusat');
      await admin.click('[data-testid=router-save]');
      assert(/tanpa spasi/.test(await fieldError(admin, 'host')), 'host with a space flagged');
      await admin.fill('#f-host', '127.0.0.1');
      await admin.fill('#f-port', String(await freeTcpPort()));
      await admin.fill('#f-username', 'api-billing');
      await admin.fill('#f-password', 'api-rahasia');
      await admin.selectOption('#f-isolir_mode', 'profile');
      await admin.fill('#f-isolir_profile', 'isolir');
      await admin.click('[data-testid=router-save]');

      for (const name of [routers.radius, routers.routeros]) {
        const row = admin.locator(`tr[data-router="${name}"]`);
        await eventually(
          async () =>
            /Tidak terhubung/.test(
              await row.locator('[data-testid=router-reachable]').textContent(),
            ),
          `${name} shown as Tidak terhubung`,
          { timeout: 30000 },
        );
      }
      await w.screenshot(admin, 'admin-desktop-jaringan-routers');

      // Stored secrets come back masked; saved unchanged, the stored one is kept.
      const row = admin.locator(`tr[data-router="${routers.routeros}"]`);
      await row.locator('[data-action=edit]').click();
      assert(
        (await admin.inputValue('#f-password')) === MASK,
        `password field shows the mask: "${await admin.inputValue('#f-password')}"`,
      );
      await admin.click('[data-testid=router-save]');
      await admin
        .locator('[data-testid=router-form]')
        .waitFor({ state: 'detached', timeout: 10000 });
      const token = await w.token('admin', 'admin123');
      const settings = await w.api('GET', '/api/network/settings', { token });
      assert(settings.status === 200, `GET /api/network/settings answered ${settings.status}`);
      const stored = settings.json.routers.find((r) => r.name === routers.routeros);
      assert(
        stored && stored.password === MASK && stored.username === 'api-billing',
        `router kept its password: ${JSON.stringify(stored)}`,
      );
      const nas = settings.json.routers.find((r) => r.name === routers.radius);
      assert(
        nas && nas.secret === MASK && nas.kind === 'radius',
        `NAS stored with its secret: ${JSON.stringify(nas)}`,
      );
      assert(
        !settings.text.includes('api-rahasia') && !settings.text.includes('rahasia-nas'),
        'a secret was sent back in clear',
      );

      // A new port (or host, TLS, kind) does not take the stored password along: asked again.
      await row.locator('[data-action=edit]').click();
      await admin.fill('#f-port', String(await freeTcpPort()));
      assert(
        (await admin.inputValue('#f-password')) === '',
        'the mask is cleared once the destination changes',
      );
      await admin.click('[data-testid=router-save]');
      assert(/Isi ulang/.test(await fieldError(admin, 'password')), 'the password is asked again');
      await admin.fill('#f-password', 'api-rahasia-2');
      await admin.click('[data-testid=router-save]');
      await admin
        .locator('[data-testid=router-form]')
        .waitFor({ state: 'detached', timeout: 10000 });
    },
  },
  {
    name: 'admin isolates an internet customer from its page, with a reason, and opens it again',
    async run(w) {
      const customer = await w.internetCustomer(await w.token('staff', 'staff123'), {
        name: `Rina ${unique('NET')}`,
      });
      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      await w.allowing(NOT_MIRRORED_YET, async () => {
        await openCustomerPanel(w, admin, customer);
        await expectStatus(admin, 'active', 'Aktif');
        await w.screenshot(admin, 'admin-desktop-pelanggan-jaringan-aktif');

        const reason = `Tunggakan 2 bulan ${unique('')}`;
        await act(admin, 'isolate', reason);
        await expectStatus(admin, 'isolated', 'Diisolir');
        assert(
          (await admin.locator('[data-testid=network-reason]').textContent()).trim() === reason,
          'the reason is shown',
        );
        assert(
          /manual/.test(await admin.locator('[data-testid=network-isolated-by]').textContent()),
          'isolated by hand',
        );
        assert(
          (await admin.locator('[data-testid=network-reconnect]').count()) === 1,
          'Buka isolir offered',
        );
        // The router rows say where the change stands (nobody listens: it waits or fails).
        const states = await admin
          .locator('[data-testid=network-links] tr[data-state]')
          .evaluateAll((rows) => rows.map((r) => r.dataset.state));
        assert(
          states.length >= 2 && states.every((s) => ['ok', 'pending', 'failed'].includes(s)),
          `router rows: ${states}`,
        );
        await w.screenshot(admin, 'admin-desktop-pelanggan-jaringan-isolir');

        await act(admin, 'reconnect', 'Sudah bayar di loket');
        await expectStatus(admin, 'active', 'Aktif');
        assert(
          (await admin.locator('[data-testid=network-isolate]').count()) === 1,
          'Isolir offered again',
        );
        await w.screenshot(admin, 'admin-desktop-pelanggan-jaringan-buka');
      });
      const token = await w.token('admin', 'admin123');
      const reply = await w.api('GET', `/api/customers/${customer.id}`, { token });
      assert(
        reply.json?.status === 'active',
        `customer status after buka isolir: ${reply.json?.status}`,
      );
    },
  },
  {
    name: 'staff has no Jaringan menu and is refused /jaringan, but isolates from the customer page',
    async run(w) {
      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      assert(
        (await staff.locator('[data-nav=network]').count()) === 0,
        'staff menu shows Jaringan',
      );
      await staff.goto(`${w.baseUrl}/jaringan`);
      await staff.locator('[data-testid=no-access]').waitFor({ timeout: 10000 });
      assert(
        (await staff.locator('[data-testid=routers-table], [data-testid=add-router]').count()) ===
          0,
        'network page rendered for staff',
      );
      const token = await w.token('staff', 'staff123');
      const refused = await w.api('GET', '/api/network/settings', { token });
      assert(
        refused.status === 403,
        `GET /api/network/settings as staff answered ${refused.status}`,
      );

      const customer = await w.internetCustomer(token, { name: `Joko ${unique('NET')}` });
      await w.allowing(NOT_MIRRORED_YET, async () => {
        await openCustomerPanel(w, staff, customer);
        await expectStatus(staff, 'active', 'Aktif');
        await act(staff, 'isolate', 'Permintaan pelanggan (pindah rumah)');
        await expectStatus(staff, 'isolated', 'Diisolir');
        await w.screenshot(staff, 'staff-desktop-pelanggan-jaringan-isolir');
        await act(staff, 'reconnect', 'Sudah kembali');
        await expectStatus(staff, 'active', 'Aktif');
      });
      // The PPPoE password is hidden until asked for ("Tampilkan"; the server audits it).
      const shown = staff.locator('[data-testid=pppoe-password]');
      assert(
        (await shown.textContent()).trim() === '••••••',
        `password hidden: ${await shown.textContent()}`,
      );
      await staff.click('[data-testid=pppoe-password-show]');
      await eventually(
        async () => (await shown.textContent()).trim() === 'rahasia-88',
        'the password is shown on demand',
      );
    },
  },
  {
    name: 'admin runs the isolir check, saves the policy, sees problem customers and removes the routers',
    async run(w) {
      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      await admin.goto(`${w.baseUrl}/jaringan`);
      await admin.locator('[data-testid=policy-form]').waitFor({ timeout: 10000 });

      await admin.click('[data-testid=network-run-check]');
      const result = admin.locator('[data-testid=isolir-result]');
      await result.waitFor({ timeout: 30000 });
      assert(
        /^\d+ pelanggan menunggak, \d+ diisolir$/.test((await result.textContent()).trim()),
        `check result: ${await result.textContent()}`,
      );
      await admin.click('[data-testid=network-sync]');
      await admin.locator('.toast', { hasText: 'Sinkron' }).waitFor({ timeout: 30000 });

      // Policy: out-of-range values are flagged, good ones saved.
      await admin.fill('#f-grace_days', '61');
      await admin.fill('#f-check_minutes', '2');
      await admin.click('[data-testid=policy-save]');
      assert(/0 sampai 60/.test(await fieldError(admin, 'grace_days')), 'grace days range flagged');
      assert(
        /5 sampai 1440/.test(await fieldError(admin, 'check_minutes')),
        'check interval range flagged',
      );
      await admin.fill('#f-grace_days', '5');
      await admin.fill('#f-check_minutes', '30');
      await admin.fill('#f-isolir_pool', 'pool-isolir');
      await admin.click('[data-testid=policy-save]');
      const token = await w.token('admin', 'admin123');
      await eventually(async () => {
        const reply = await w.api('GET', '/api/network/settings', { token });
        const p = reply.json?.policy;
        return p && p.grace_days === 5 && p.check_minutes === 30 && p.isolir_pool === 'pool-isolir';
      }, 'policy saved');

      // Nobody listens on the routers' ports: the customers' changes wait or fail, and say so.
      await eventually(
        async () =>
          (await admin.locator('[data-testid=problems-table] tr[data-customer]').count()) > 0,
        'problem customers listed',
        { timeout: 30000 },
      );
      const link = admin.locator('[data-testid=problems-table] tr[data-customer] a').first();
      const href = await link.getAttribute('href');
      assert(/^\/pelanggan\/\d+$/.test(href), `problem customer links to ${href}`);
      await w.screenshot(admin, 'admin-desktop-jaringan');

      // Remove both routers through the page.
      for (const name of [routers.radius, routers.routeros].filter(Boolean)) {
        const row = admin.locator(`tr[data-router="${name}"]`);
        await row.locator('[data-action=delete]').click();
        await admin.click('[data-testid=confirm-yes]');
        await row.waitFor({ state: 'detached', timeout: 10000 });
      }
    },
  },
  {
    name: 'package form takes a PPP profile and a RADIUS rate limit; isolir templates preview the reason',
    async run(w) {
      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      await admin.goto(`${w.baseUrl}/pengaturan`);
      await admin.click('nav.tabs button:has-text("Paket internet")');
      const name = unique('Paket Profil ');
      await admin.click('button:has-text("Tambah paket")');
      await admin.fill('#f-name', name);
      await admin.fill('#f-speed', '20 Mbps');
      await admin.fill('#f-price', '200.000');
      assert(
        (await admin.getAttribute('#f-profile', 'placeholder')) === name,
        'profile placeholder is the package name',
      );
      await admin.fill('#f-profile', 'paket-20m');
      await admin.fill('#f-rate_limit', '20 Mbps');
      await admin.click('button[form=package-form]');
      assert(/10M\/10M/.test(await fieldError(admin, 'rate_limit')), 'bad rate limit flagged');
      await admin.fill('#f-rate_limit', '20M/20M');
      await admin.click('button[form=package-form]');
      const row = admin.locator('tr', { hasText: name });
      await row.waitFor({ timeout: 10000 });
      const text = await row.textContent();
      assert(text.includes('paket-20m') && text.includes('20M/20M'), `package row: ${text}`);
      await w.screenshot(admin, 'admin-desktop-paket-profil');

      await admin.click('nav.tabs button:has-text("Template pesan")');
      await admin.click('.segmented label:has-text("Pemberitahuan isolir")');
      await admin.fill(
        '#f-templates\\.isolir',
        'Yth. {nama}, internet Anda diisolir: {alasan}. {nama_usaha}',
      );
      const preview = admin.locator('[data-testid=template-preview]');
      assert(
        /Budi Santoso, internet Anda diisolir: Tunggakan 2 bulan/.test(await preview.textContent()),
        `preview: ${await preview.textContent()}`,
      );
      await admin.click('form button[type=submit]:has-text("Simpan")');
      // The package's "Tersimpan" toast may still be showing: wait for the saved template itself.
      const token = await w.token('admin', 'admin123');
      await eventually(async () => {
        const settings = await w.api('GET', '/api/settings', { token });
        return /diisolir: \{alasan\}/.test(settings.json?.templates?.isolir ?? '');
      }, 'isolir template saved');
      await admin.locator('.toast', { hasText: 'Tersimpan' }).first().waitFor({ timeout: 10000 });
      await admin.click('.segmented label:has-text("Pemberitahuan buka isolir")');
      await admin.locator('#f-templates\\.reconnect').waitFor();
      await w.screenshot(admin, 'admin-desktop-template-reconnect');
    },
  },
];
