// Browser tests of "Ambil pelanggan dari router": a fake MikroTik (e2e/fake_routeros.mjs) holds
// PPPoE secrets the suite does not know yet; the admin opens them from the router's row on
// Jaringan, types the phones (or leaves one for later), prices the new package, checks (a secret
// gone from the router is named by its username, nothing adopted), adopts, and finds the
// customers in Pelanggan (the one without a phone marked "Nomor HP belum diisi") while the
// router's secrets stay as they were (no second add, same password and profile).
import { createSocket } from 'node:dgram';
import { FakeRouterOs } from '../fake_routeros.mjs';
import { PHONE, assert, eventually, fieldError, unique } from '../harness.mjs';

export const needs = ['network', 'customers', 'packages'];

const API_USER = 'api-billing';
const API_PASSWORD = 'api-rahasia';

async function freeUdpPort() {
  const socket = createSocket('udp4');
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise((resolve) => socket.close(resolve));
  return port;
}

// A RouterOS router for `fake`, added through the API; returns its id.
async function addRouter(w, token, fake, name) {
  const router = await w.create(
    '/api/network/routers',
    {
      name,
      kind: 'routeros',
      host: fake.host,
      port: fake.port,
      tls: false,
      username: API_USER,
      password: API_PASSWORD,
      isolir_mode: 'profile',
      isolir_profile: 'isolir',
      enabled: true,
    },
    token,
  );
  return router.id;
}

async function removeRouter(w, token, id) {
  if (!id) return;
  const reply = await w.api('DELETE', `/api/network/routers/${id}`, { token });
  assert([200, 204, 404].includes(reply.status), `DELETE router ${id}: ${reply.status}`);
}

const row = (page, username) =>
  page.locator(`[data-testid=adopt-table] tr[data-username="${username}"]`);

async function stateOf(page, username) {
  return row(page, username).getAttribute('data-state');
}

export const tests = [
  {
    name: 'admin takes over a MikroTik’s PPPoE secrets: phones typed, new package priced, checked, adopted and listed in Pelanggan',
    async run(w) {
      const token = await w.token('admin', 'admin123');
      const u = unique('ad').toLowerCase();
      const p10 = `p10-${u}`;
      const p30 = `p30-${u}`;
      const packageName = `Paket 10 ${u}`;
      await w.create(
        '/api/packages',
        { name: packageName, speed: '10 Mbps', price: 150000, profile: p10, rate_limit: '10M/10M' },
        token,
      );

      const fake = await FakeRouterOs.start({ username: API_USER, password: API_PASSWORD });
      fake.addProfile({ name: p10, 'rate-limit': '10M/10M' });
      fake.addProfile({ name: p30, 'rate-limit': '30M/30M' });
      const secret = (who, profile, comment, extra = {}) =>
        fake.addSecret({
          name: `${u}-${who}`,
          password: `pw-${who}`,
          service: 'pppoe',
          profile,
          comment,
          ...extra,
        });
      secret('andi', p10, `Andi ${u}`);
      secret('budi', p30, `Budi ${u}`);
      secret('citra', p30, '', { disabled: 'yes' });
      secret('eko', p10, `Eko ${u}`);
      secret('fajar', p10, `Fajar ${u}`);

      const routerName = unique('Mikrotik Ambil ');
      const nasName = unique('NAS Ambil ');
      let routerId = null;
      let nasId = null;
      try {
        routerId = await addRouter(w, token, fake, routerName);
        nasId = (
          await w.create(
            '/api/network/routers',
            {
              name: nasName,
              kind: 'radius',
              host: '127.0.0.1',
              port: await freeUdpPort(),
              tls: false,
              secret: 'rahasia-nas',
              enabled: true,
            },
            token,
          )
        ).id;

        // Jaringan: the action is on the MikroTik's row only.
        const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
        await admin.goto(`${w.baseUrl}/jaringan`);
        const routerRow = admin.locator(`tr[data-router="${routerName}"]`);
        await routerRow.waitFor({ timeout: 15000 });
        await admin.locator(`tr[data-router="${nasName}"]`).waitFor({ timeout: 15000 });
        assert(
          (await admin.locator(`tr[data-router="${nasName}"] [data-action=adopt]`).count()) === 0,
          'a RADIUS NAS offers no adoption',
        );
        const action = routerRow.locator('[data-action=adopt]');
        assert(
          (await action.textContent()).trim() === 'Ambil pelanggan dari router',
          `the router's action: "${await action.textContent()}"`,
        );
        await action.click();
        await admin.waitForURL((url) => url.pathname === `/jaringan/router/${routerId}/ambil`, {
          timeout: 10000,
        });
        await eventually(
          async () =>
            (await admin.locator('[data-testid=adopt-title]').textContent()).trim() ===
            `Ambil pelanggan dari router ${routerName}`,
          'the page names the router',
        );
        const intro = await admin.locator('[data-testid=router-adoption]').textContent();
        assert(/password dan profilnya tidak diubah/.test(intro), 'the page says nothing changes');

        // The secrets this test made (the suite's own customers are on the router too, linked).
        await admin.locator('[data-testid=adopt-table]').waitFor({ timeout: 30000 });
        await admin.fill('input[type=search]', u);
        const ours = admin.locator(`[data-testid=adopt-table] tr[data-username^="${u}-"]`);
        await eventually(async () => (await ours.count()) === 5, 'the 5 secrets are listed');
        for (const who of ['andi', 'budi', 'citra', 'eko', 'fajar']) {
          assert((await stateOf(admin, `${u}-${who}`)) === 'noPhone', `${who} has no phone yet`);
          const pick = row(admin, `${u}-${who}`).locator('[data-testid=adopt-pick]');
          assert(!(await pick.isChecked()), `${who} is not ticked by itself`);
          assert(!(await pick.isDisabled()), `${who} may be ticked, its phone filled in later`);
        }
        const andi = row(admin, `${u}-andi`);
        const budi = row(admin, `${u}-budi`);
        const citra = row(admin, `${u}-citra`);
        const eko = row(admin, `${u}-eko`);
        const fajar = row(admin, `${u}-fajar`);
        assert(
          /nomor HP diisi nanti/.test(
            await andi.locator('[data-testid=adopt-state]').textContent(),
          ),
          'the state says the phone is missing',
        );
        assert(
          (await andi.locator('[data-testid=adopt-name]').inputValue()) === `Andi ${u}`,
          'the name comes from the comment',
        );
        assert(
          (await citra.locator('[data-testid=adopt-name]').inputValue()) === `${u}-citra`,
          'without a comment the name is the username',
        );
        const andiPackage = await andi.locator('[data-testid=adopt-package]').textContent();
        assert(
          andiPackage.includes(packageName) && !andiPackage.includes('paket baru'),
          `andi's profile matches the package: ${andiPackage}`,
        );
        assert(
          /paket baru/.test(await budi.locator('[data-testid=adopt-package]').textContent()),
          'budi’s profile has no package yet',
        );
        assert(
          (await citra.locator('[data-testid=adopt-disabled]').textContent()).trim() === 'nonaktif',
          'the disabled secret says nonaktif',
        );

        // Phones typed: the rows become ready and ticked; a bad number is said so.
        await andi.locator('[data-testid=adopt-phone]').fill('0812 3456 0001');
        await budi.locator('[data-testid=adopt-phone]').fill('12345');
        assert((await stateOf(admin, `${u}-budi`)) === 'badPhone', 'a bad phone is flagged');
        await budi.locator('[data-testid=adopt-phone]').fill('081234560002');
        await budi.locator('[data-testid=adopt-name]').fill(`Budi Santoso ${u}`);
        await eko.locator('[data-testid=adopt-phone]').fill('081234560004');
        for (const r of [andi, budi, eko]) {
          assert(await r.locator('[data-testid=adopt-pick]').isChecked(), 'a ready row is ticked');
        }
        const submit = admin.locator('[data-testid=adopt-submit]');
        assert(
          (await submit.textContent()).trim() === 'Ambil 3 pelanggan',
          `submit button: "${await submit.textContent()}"`,
        );

        // The new package's price is required before anything is sent.
        const price = admin.locator(`input[data-profile="${p30}"]`);
        await price.waitFor({ timeout: 5000 });
        await admin.click('[data-testid=adopt-check]');
        assert((await fieldError(admin, 'price-0')) === 'Wajib diisi', 'the price is required');
        await price.fill('200.000');

        // A secret removed from the router meanwhile: named by its username, nothing adopted.
        fake.removeSecret(`${u}-eko`);
        await admin.click('[data-testid=adopt-check]');
        const summary = admin.locator('[data-testid=adopt-summary]');
        await summary.waitFor({ timeout: 30000 });
        assert(
          (await summary.textContent()).trim() === '3 secret diperiksa, 2 valid, 1 bermasalah',
          `check summary: "${await summary.textContent()}"`,
        );
        const error = admin.locator(
          `[data-testid=adopt-errors] tr[data-username="${u}-eko"][data-column="Username PPPoE"]`,
        );
        assert((await error.count()) === 1, 'the error names eko and the username column');
        assert(/tidak ada lagi di router/.test(await error.textContent()), 'and says why');
        assert((await eko.getAttribute('data-bad')) === 'true', 'eko’s row is marked');
        await w.screenshot(admin, 'admin-desktop-ambil-pelanggan-errors');

        // Read the router again: eko is gone, the typed phones stay.
        await admin.click('[data-testid=adopt-reload]');
        await eventually(async () => (await ours.count()) === 4, 'eko is no longer listed');
        assert(
          (await andi.locator('[data-testid=adopt-phone]').inputValue()) === '0812 3456 0001',
          'the typed phone survives the reload',
        );
        // "Pilih semua yang siap" picks the secrets without a phone too (filled in later);
        // citra is unticked by hand and stays on the router as it is.
        await admin.click('[data-testid=adopt-select-ready]');
        for (const r of [citra, fajar]) {
          assert(await r.locator('[data-testid=adopt-pick]').isChecked(), 'picked without a phone');
        }
        await citra.locator('[data-testid=adopt-pick]').uncheck();
        assert(
          (await submit.textContent()).trim() === 'Ambil 3 pelanggan',
          `submit after the reload: "${await submit.textContent()}"`,
        );
        await admin.click('[data-testid=adopt-check]');
        await eventually(
          async () =>
            (await summary.textContent()).trim() === '3 secret diperiksa, 3 valid, 0 bermasalah',
          'the second check is clean',
        );
        await admin.locator('[data-testid=adopt-valid]').waitFor();
        const packages = await admin.locator('[data-testid=adopt-new-packages]').textContent();
        assert(packages.includes(p30) && packages.includes('200.000'), `new packages: ${packages}`);
        await w.screenshot(admin, 'admin-desktop-ambil-pelanggan-ready');

        await submit.click();
        const result = admin.locator('[data-testid=adopt-result]');
        await result.waitFor({ timeout: 60000 });
        const resultText = await result.textContent();
        assert(
          resultText.includes('3 pelanggan diambil dari router, 1 paket baru dibuat'),
          `adoption result: "${resultText}"`,
        );
        assert(/beberapa detik/.test(resultText), 'the result says the router follows shortly');
        assert(
          /1 pelanggan belum punya nomor HP/.test(
            await admin.locator('[data-testid=adopt-without-phone]').textContent(),
          ),
          'the result says one customer waits for a phone',
        );

        // The network service marks them on the router; the page follows.
        for (const who of ['andi', 'budi', 'fajar']) {
          await eventually(
            async () => (await stateOf(admin, `${u}-${who}`)) === 'linked',
            `${who} shown as sudah terhubung`,
            { timeout: 60000, interval: 500 },
          );
        }
        const link = andi.locator('[data-testid=adopt-linked]');
        assert(
          /^\/pelanggan\/\d+$/.test(await link.getAttribute('href')),
          'linked to the customer',
        );
        assert(/sudah terhubung/.test(await link.textContent()), 'says sudah terhubung');
        assert((await stateOf(admin, `${u}-citra`)) === 'noPhone', 'citra is left for later');
        await w.screenshot(admin, 'admin-desktop-ambil-pelanggan-done');

        // On the router: taken over as they were, nothing added twice, citra untouched.
        for (const who of ['andi', 'budi', 'fajar']) {
          const name = `${u}-${who}`;
          assert(fake.sent('/ppp/secret/add', name).length === 0, `${name} was added again`);
          const s = fake.secret(name);
          assert(s?.password === `pw-${who}`, `${name} kept its password: ${JSON.stringify(s)}`);
          assert(/^billing:\d+$/.test(s.comment), `${name} marked as ours: ${s.comment}`);
          assert(
            s.profile === (who === 'budi' ? p30 : p10),
            `${name} kept its profile: ${s.profile}`,
          );
        }
        const untouched = fake.secret(`${u}-citra`);
        assert(
          untouched.comment === '' && untouched.disabled === 'true',
          `citra untouched: ${JSON.stringify(untouched)}`,
        );

        // The result's link opens Pelanggan on the customers still waiting for a phone.
        await admin.locator('[data-testid=adopt-without-phone] a').click();
        await admin.waitForURL((url) => url.pathname === '/pelanggan', { timeout: 10000 });
        assert(
          (await admin.locator('[data-testid=phone-filter]').inputValue()) === 'missing',
          'the list is filtered to the missing phones',
        );
        await admin.fill('input[type=search]', u);
        const waiting = admin.locator('[data-testid=customers-table] tbody tr[data-id]');
        await eventually(
          async () =>
            (await waiting.count()) === 1 &&
            (await waiting.first().textContent()).includes(`Fajar ${u}`),
          'only fajar waits for a phone',
        );
        assert(
          /Nomor HP belum diisi/.test(
            await waiting.first().locator('[data-testid=phone-missing]').textContent(),
          ),
          'his row is marked',
        );
        await w.screenshot(admin, 'admin-desktop-pelanggan-nomor-hp-belum-diisi');

        // Pelanggan lists them all.
        await admin.goto(`${w.baseUrl}/pelanggan`);
        await admin.fill('input[type=search]', u);
        for (const name of [`Andi ${u}`, `Budi Santoso ${u}`, `Fajar ${u}`]) {
          await admin
            .locator(`[data-testid=customers-table] >> text=${name}`)
            .waitFor({ timeout: 10000 });
        }
        await w.screenshot(admin, 'admin-desktop-pelanggan-diambil');
        const customers = await w.api('GET', `/api/customers?q=${encodeURIComponent(u)}&limit=10`, {
          token,
        });
        const items = customers.json?.items ?? [];
        assert(items.length === 3, `adopted customers: ${customers.text}`);
        assert(
          items.find((c) => c.name === `Fajar ${u}`)?.phone === '',
          `fajar waits for a phone: ${customers.text}`,
        );
        const budiCustomer = items.find((c) => c.name === `Budi Santoso ${u}`);
        assert(
          budiCustomer?.pppoe_username === `${u}-budi` && budiCustomer.monthly_fee === 200000,
          `budi on the new package: ${JSON.stringify(budiCustomer)}`,
        );
      } finally {
        await removeRouter(w, token, routerId);
        await removeRouter(w, token, nasId);
        await fake.close();
      }
    },
  },
  {
    name: 'the adoption page works on a phone, says when the router cannot be reached, and is for admins only',
    async run(w) {
      const token = await w.token('admin', 'admin123');
      const u = unique('hp').toLowerCase();
      const fake = await FakeRouterOs.start({ username: API_USER, password: API_PASSWORD });
      fake.addProfile({ name: `p-${u}`, 'rate-limit': '5M/5M' });
      fake.addSecret({ name: `${u}-dina`, password: 'pw', profile: `p-${u}`, comment: 'Dina' });
      let routerId = null;
      try {
        routerId = await addRouter(w, token, fake, unique('Mikrotik HP '));
        const phone = await w.login(await w.context('admin-phone', PHONE), 'admin', 'admin123');
        await phone.goto(`${w.baseUrl}/jaringan/router/${routerId}/ambil`);
        const dina = row(phone, `${u}-dina`);
        await dina.waitFor({ timeout: 30000 });
        assert(await dina.isVisible(), 'the secret shows as a card');
        await dina.locator('[data-testid=adopt-phone]').fill('085712340001');
        assert(await dina.locator('[data-testid=adopt-pick]').isChecked(), 'ticked on a phone');
        await phone.locator(`input[data-profile="p-${u}"]`).waitFor();
        await w.screenshot(phone, 'admin-phone-ambil-pelanggan');

        // The router stops answering: the server's message is shown, what was typed stays.
        await fake.close();
        await w.allowing([/status of 503/], async () => {
          await phone.click('[data-testid=adopt-reload]');
          const notice = phone.locator('[data-testid=adopt-load-error]');
          await notice.waitFor({ timeout: 30000 });
          const text = await notice.textContent();
          assert(/Router tidak bisa dihubungi/.test(text), `unreachable router explained: ${text}`);
        });
        assert(
          (await dina.locator('[data-testid=adopt-phone]').inputValue()) === '085712340001',
          'the typed phone stays',
        );

        const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
        await staff.goto(`${w.baseUrl}/jaringan/router/${routerId}/ambil`);
        await staff.locator('[data-testid=no-access]').waitFor({ timeout: 10000 });
        const refused = await w.api('GET', `/api/network/routers/${routerId}/adoptable`, {
          token: await w.token('staff', 'staff123'),
        });
        assert(refused.status === 403, `staff asked for the secrets: ${refused.status}`);
      } finally {
        await removeRouter(w, token, routerId);
        await fake.close().catch(() => {});
      }
    },
  },
];
