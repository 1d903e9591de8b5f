// Browser tests that need only what exists from the start: login, roles, users, forms, pages.
import { PHONE, assert, eventually, fieldError, unique } from '../harness.mjs';

export const needs = ['users'];

// Every page of the app and which API area it depends on (for the "not yet available" check).
export const PAGES = [
  { name: 'dashboard', path: '/', api: 'stats' },
  { name: 'transaksi', path: '/transaksi', api: 'transactions', also: ['customers'] },
  { name: 'pelanggan', path: '/pelanggan', api: 'customers' },
  { name: 'pelanggan-impor', path: '/pelanggan/impor', api: null },
  { name: 'stok', path: '/stok', api: 'shop' },
  { name: 'whatsapp', path: '/whatsapp', api: 'whatsapp' },
  { name: 'kas', path: '/kas', api: 'cash' },
  { name: 'laporan', path: '/laporan', api: 'reports' },
  { name: 'pengaturan', path: '/pengaturan', api: 'settings', admin: true },
  { name: 'jaringan', path: '/jaringan', api: 'network', admin: true },
  { name: 'pengguna', path: '/pengguna', api: 'users', also: ['audit'], admin: true },
  { name: 'backup', path: '/backup', api: null, admin: true },
  { name: 'akun', path: '/akun', api: null },
];

const ADMIN_MENU = [
  'dashboard',
  'transactions',
  'customers',
  'stock',
  'whatsapp',
  'cash',
  'reports',
  'settings',
  'network',
  'users',
  'backup',
];
const STAFF_MENU = [
  'dashboard',
  'transactions',
  'customers',
  'stock',
  'whatsapp',
  'cash',
  'reports',
];

async function menuItems(page) {
  return page.$$eval('.sidebar nav a[data-nav]', (links) => links.map((a) => a.dataset.nav));
}

export const tests = [
  {
    name: 'wrong password shows the error on the login page',
    async run(w) {
      const context = await w.context('anon');
      const page = await context.newPage();
      await page.goto(`${w.baseUrl}/`);
      await w.screenshot(page, 'login-desktop');
      await page.fill('#f-username', 'staff');
      await page.fill('#f-password', 'salah-sekali');
      await w.allowing([/status of 401/], async () => {
        await page.click('button[type=submit]');
        const error = page.locator('[data-testid=login-error]');
        await error.waitFor({ timeout: 10000 });
        const text = await error.textContent();
        assert(/Username atau password salah/.test(text), `login error text was "${text}"`);
      });
      assert(
        (await page.locator('[data-testid=current-user]').count()) === 0,
        'a wrong password must not sign in',
      );
      await w.screenshot(page, 'login-error-desktop');
      // Empty fields are caught before anything is sent, next to the field.
      await page.fill('#f-username', '');
      await page.fill('#f-password', '');
      await page.click('button[type=submit]');
      assert(
        (await fieldError(page, 'username')) === 'Wajib diisi',
        'empty username must be flagged',
      );
      const phone = await (await w.context('anon-phone', PHONE)).newPage();
      await phone.goto(`${w.baseUrl}/`);
      await w.screenshot(phone, 'login-phone');
    },
  },
  {
    name: 'admin and staff are signed in at once in two browser contexts, each with its menu',
    async run(w) {
      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      assert(
        /Admin/.test(await admin.locator('[data-testid=current-user]').textContent()),
        'admin role shown',
      );
      assert(
        /Staff/.test(await staff.locator('[data-testid=current-user]').textContent()),
        'staff role shown',
      );
      assert(
        JSON.stringify(await menuItems(admin)) === JSON.stringify(ADMIN_MENU),
        `admin menu: ${await menuItems(admin)}`,
      );
      assert(
        JSON.stringify(await menuItems(staff)) === JSON.stringify(STAFF_MENU),
        `staff menu: ${await menuItems(staff)}`,
      );
      // Both sessions stay valid side by side.
      await admin.reload();
      await staff.reload();
      await admin.locator('[data-testid=current-user]').waitFor();
      await staff.locator('[data-testid=current-user]').waitFor();
    },
  },
  {
    name: 'staff cannot reach Pengaturan, Jaringan, Kelola User or Backup by menu or by URL',
    async run(w) {
      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      for (const hidden of ['settings', 'network', 'users', 'backup']) {
        assert(
          (await staff.locator(`[data-nav=${hidden}]`).count()) === 0,
          `staff menu shows ${hidden}`,
        );
      }
      for (const page of PAGES.filter((p) => p.admin)) {
        assert(
          (await staff.locator(`a[href="${page.path}"]`).count()) === 0,
          `staff page links to ${page.path}`,
        );
      }
      for (const page of PAGES.filter((p) => p.admin)) {
        await staff.goto(`${w.baseUrl}${page.path}`);
        await staff.locator('[data-testid=no-access]').waitFor({ timeout: 10000 });
        assert(
          (await staff.locator('[data-testid=users-table]').count()) === 0,
          `${page.path} rendered admin content for staff`,
        );
      }
      await w.screenshot(staff, 'staff-no-access-desktop');
      // The back end refuses too, whatever the browser does.
      const token = await w.token('staff', 'staff123');
      const reply = await w.api('GET', '/api/users', { token });
      assert(reply.status === 403, `GET /api/users as staff answered ${reply.status}`);
    },
  },
  {
    name: 'user form rejects bad input with a message next to the field',
    async run(w) {
      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      await admin.goto(`${w.baseUrl}/pengguna`);
      await admin.click('[data-testid=add-user]');
      await admin.fill('#f-username', 'a!');
      await admin.fill('#f-password', '123');
      await admin.click('[data-testid=user-save]');
      assert(
        /3-32 karakter/.test(await fieldError(admin, 'username')),
        'bad username flagged next to the field',
      );
      assert(
        /minimal 8/.test(await fieldError(admin, 'password')),
        'short password flagged next to the field',
      );
      await w.screenshot(admin, 'admin-desktop-user-form-errors');
      // A rule only the server knows: the username is taken. Its message lands by the field.
      await admin.fill('#f-username', 'staff');
      await admin.fill('#f-password', 'panjang-sekali-123');
      await w.allowing([/status of (409|400|422)/], async () => {
        await admin.click('[data-testid=user-save]');
        const text = await fieldError(admin, 'username');
        assert(/sudah dipakai/.test(text), `server field error shown next to username: "${text}"`);
      });
    },
  },
  {
    name: 'Kelola User: add a user, deactivate it, and it can no longer sign in',
    async run(w) {
      const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
      await admin.goto(`${w.baseUrl}/pengguna`);
      const username = unique('kasir');
      await admin.click('[data-testid=add-user]');
      await admin.fill('#f-username', username);
      await admin.fill('#f-full_name', 'Kasir Percobaan');
      await admin.selectOption('#f-role', 'staff');
      await admin.fill('#f-password', 'kasir-rahasia-1');
      await admin.click('[data-testid=user-save]');
      const row = admin.locator(`tr[data-username="${username}"]`);
      await row.waitFor({ timeout: 10000 });
      assert((await row.getAttribute('data-active')) === 'true', 'new user is active');

      // The new user signs in and sees the staff menu.
      const kasir = await w.login(await w.context('kasir'), username, 'kasir-rahasia-1');
      assert(!(await menuItems(kasir)).includes('users'), 'new staff user sees no admin menu');

      // From here on the kasir's requests are refused (401), and so is the kasir's login.
      await w.allowing([/status of (401|403)/], async () => {
        await row.locator('[data-action=deactivate]').click();
        await admin.click('[data-testid=confirm-yes]');
        await eventually(
          async () => (await row.getAttribute('data-active')) === 'false',
          'user shown as inactive',
        );
        await w.screenshot(admin, 'admin-desktop-pengguna-after');

        // A deactivated user cannot sign in again; the open session ends within seconds.
        const again = await (await w.context('kasir-again')).newPage();
        await again.goto(`${w.baseUrl}/`);
        await again.fill('#f-username', username);
        await again.fill('#f-password', 'kasir-rahasia-1');
        await again.click('button[type=submit]');
        const error = again.locator('[data-testid=login-error]');
        await error.waitFor({ timeout: 10000 });
        const text = await error.textContent();
        assert(/dinonaktifkan|salah/.test(text), `login of a deactivated user said "${text}"`);
        // The open session ends: at once when the change event makes the page check its token,
        // at the latest with its next request (here: a reload).
        await eventually(
          async () => {
            if ((await kasir.locator('[data-testid=login-notice]').count()) > 0) return true;
            await kasir.reload();
            return (
              (await kasir.locator('#f-username').count()) > 0 &&
              (await kasir.locator('[data-testid=current-user]').count()) === 0
            );
          },
          'the deactivated user was sent back to the login page',
          { timeout: 20000, interval: 1000 },
        );
      });
    },
  },
  {
    name: 'a password set by the admin must be changed first: the form comes before any page',
    async run(w) {
      const token = await w.token('admin', 'admin123');
      const username = unique('baru');
      const created = await w.api('POST', '/api/users', {
        token,
        body: { username, password: 'Kasir-Awal-123', role: 'staff', full_name: 'Kasir Baru' },
      });
      assert(created.status === 201, `create user answered ${created.status}`);
      const reset = await w.api('PUT', `/api/users/${created.json.id}`, {
        token,
        body: { password: 'Sementara-456' },
      });
      assert(
        reset.status === 200 && reset.json.password_is_default,
        `reset answered ${reset.status}: ${reset.text}`,
      );

      const page = await (await w.context('first-login')).newPage();
      await page.goto(`${w.baseUrl}/pelanggan`);
      await page.fill('#f-username', username);
      await page.fill('#f-password', 'Sementara-456');
      await page.click('button[type=submit]');
      await page.locator('[data-testid=first-password]').waitFor({ timeout: 10000 });
      assert(
        (await page.locator('[data-testid=current-user]').count()) === 0,
        'no page before the password is changed',
      );
      await w.screenshot(page, 'first-login-change-password');

      // A known default is refused by the server, next to the field.
      await page.fill('#f-old_password', 'Sementara-456');
      await page.fill('#f-new_password', 'admin123');
      await page.fill('#f-confirm', 'admin123');
      await w.allowing([/status of 400/], async () => {
        await page.click('[data-testid=change-password-save]');
        assert(
          /mudah ditebak/.test(await fieldError(page, 'new_password')),
          'known default refused next to the field',
        );
      });

      await page.fill('#f-new_password', 'Kasir-Sendiri-789');
      await page.fill('#f-confirm', 'Kasir-Sendiri-789');
      await page.click('[data-testid=change-password-save]');
      // Then it continues normally, on the page that was asked for.
      await page.locator('[data-testid=current-user]').waitFor({ timeout: 10000 });
      assert(
        JSON.stringify(await menuItems(page)) === JSON.stringify(STAFF_MENU),
        `menu after the change: ${await menuItems(page)}`,
      );
      assert(new URL(page.url()).pathname === '/pelanggan', `landed on ${page.url()}`);
      const again = await w.api('POST', '/api/auth/login', {
        body: { username, password: 'Kasir-Sendiri-789' },
      });
      assert(
        again.status === 200 && !again.json.user.password_is_default,
        'the new password works and is not flagged',
      );
    },
  },
  {
    name: 'an expired or revoked session returns to the login page with a message',
    async run(w) {
      const context = await w.context('admin');
      const page = await w.login(context, 'admin', 'admin123');
      // Sign out from the API behind the page's back: its token stops working.
      const token = await page.evaluate(
        () => JSON.parse(sessionStorage.getItem('billing.session')).token,
      );
      const reply = await w.api('POST', '/api/auth/logout', { token, body: {} });
      assert(reply.status === 200, `logout answered ${reply.status}`);
      // Every request still in flight with the old token answers 401 too.
      await w.allowing([/status of 401/], async () => {
        await page.goto(`${w.baseUrl}/pengguna`);
        const notice = page.locator('[data-testid=login-notice]');
        await notice.waitFor({ timeout: 10000 });
        assert(
          /Sesi Anda telah berakhir/.test(await notice.textContent()),
          'session expired message',
        );
        // Signing in again lands on the page that was asked for.
        await page.fill('#f-username', 'admin');
        await page.fill('#f-password', 'admin123');
        await page.click('button[type=submit]');
        await page.locator('[data-testid=users-table]').waitFor({ timeout: 10000 });
      });
      // Logging out from the menu.
      await page.click('[data-testid=logout]');
      const notice = page.locator('[data-testid=login-notice]');
      await notice.waitFor({ timeout: 10000 });
      assert(/sudah keluar/.test(await notice.textContent()), 'logged out message');
    },
  },
  {
    name: 'customer and sale forms reject bad input next to the field before sending',
    async run(w) {
      const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
      await staff.goto(`${w.baseUrl}/pelanggan`);
      await staff.click('[data-testid=add-customer]');
      await staff.fill('#f-name', '');
      await staff.fill('#f-phone', '12345');
      await staff.fill('#f-monthly_fee', 'seratus');
      await staff.fill('#f-due_day', '31');
      await staff.click('[data-testid=customer-save]');
      assert((await fieldError(staff, 'name')) === 'Wajib diisi', 'empty name flagged');
      assert(/Nomor HP tidak valid/.test(await fieldError(staff, 'phone')), 'bad phone flagged');
      assert(/angka rupiah/.test(await fieldError(staff, 'monthly_fee')), 'bad fee flagged');
      assert(/1 sampai 28/.test(await fieldError(staff, 'due_day')), 'bad due day flagged');
      await w.screenshot(staff, 'staff-desktop-customer-form-errors');
      // Switching to gas hides the PPPoE fields.
      await staff.click('[data-field=type] label:has-text("Gas")');
      assert(
        (await staff.locator('#f-pppoe_username').count()) === 0,
        'gas form has no PPPoE fields',
      );
      await staff.locator('#f-gas_price').waitFor();
      await staff.keyboard.press('Escape');

      await staff.goto(`${w.baseUrl}/transaksi`);
      await staff.click('[data-testid=new-gas]');
      await staff.fill('#f-items\\.0\\.qty', '0');
      await staff.fill('#f-items\\.0\\.unit_price', '22,5');
      await staff.click('button[form=tx-form]');
      assert(
        /Pilih pelanggan/.test(await fieldError(staff, 'customer_id')),
        'missing customer flagged',
      );
      assert(/minimal 1/.test(await fieldError(staff, 'items.0.qty')), 'bad quantity flagged');
      assert(
        /angka rupiah/.test(await fieldError(staff, 'items.0.unit_price')),
        'bad price flagged',
      );
      await w.screenshot(staff, 'staff-desktop-gas-form-errors');
    },
  },
  {
    name: 'every page renders for admin (desktop and phone); pages without their API say so in Indonesian',
    async run(w) {
      const desktop = await w.login(await w.context('admin'), 'admin', 'admin123');
      const phone = await w.login(await w.context('admin-phone', PHONE), 'admin', 'admin123');
      for (const [page, size] of [
        [desktop, 'desktop'],
        [phone, 'phone'],
      ]) {
        for (const p of PAGES) {
          await page.goto(`${w.baseUrl}${p.path}`);
          await w.settle(page);
          assert(
            (await page.locator('[data-testid=no-access], [data-testid=not-found]').count()) === 0,
            `${p.path} refused admin`,
          );
          const notice = await page.locator('[data-testid=not-available]').count();
          if (p.api && !w.has(p.api)) {
            assert(
              notice > 0,
              `${p.path}: its API (${p.api}) is missing but no "belum tersedia" notice`,
            );
            const text = await page.locator('[data-testid=not-available]').first().textContent();
            assert(/belum tersedia/.test(text), `${p.path}: notice text "${text}"`);
          } else if (p.api && (p.also ?? []).every((a) => w.has(a))) {
            assert(
              notice === 0,
              `${p.path}: shows "belum tersedia" although ${[p.api, ...(p.also ?? [])]} answer`,
            );
          }
          await w.screenshot(page, `admin-${size}-${p.name}`);
        }
      }
      // The phone menu opens as a drawer.
      await phone.goto(`${w.baseUrl}/`);
      await phone.click('.menu-btn');
      await phone.waitForTimeout(300);
      await w.screenshot(phone, 'admin-phone-menu-open');
      // An unknown address inside the app.
      await desktop.goto(`${w.baseUrl}/tidak-ada`);
      await desktop.locator('[data-testid=not-found]').waitFor();
    },
  },
  {
    name: 'staff pages render on a phone',
    async run(w) {
      const phone = await w.login(await w.context('staff-phone', PHONE), 'staff', 'staff123');
      for (const p of PAGES.filter((x) => !x.admin)) {
        await phone.goto(`${w.baseUrl}${p.path}`);
        await w.screenshot(phone, `staff-phone-${p.name}`);
      }
      await phone.goto(`${w.baseUrl}/pengaturan`);
      await phone.locator('[data-testid=no-access]').waitFor();
      await w.screenshot(phone, 'staff-phone-no-access');
    },
  },
];
