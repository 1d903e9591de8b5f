// Browser test of the linked WhatsApp device (provider "Perangkat tertaut", docs/wa-link.md)
// against a fake wa-link sidecar (tests/support/fake_wa_link.h, FAKE_WA_LINK_URL) that the real
// messaging service talks to: the admin chooses the provider, presses "Tautkan perangkat", sees
// the QR code and its replacement without a reload, then "Terhubung" with the number once the
// phone "scans"; staff follow on the dashboard and the WhatsApp page without link controls;
// "Putuskan" unlinks.
import { PHONE, assert, eventually } from '../harness.mjs';

export const needs = ['settings', 'whatsapp', 'events'];

const NUMBER = '6281234567890';
const NUMBER_SHOWN = '+62 812-3456-7890';

// The fake sidecar's control routes (no secret).
async function fake(method, path, body) {
  const base = process.env.FAKE_WA_LINK_URL;
  assert(base, 'FAKE_WA_LINK_URL is not set (tests/e2e/e2e_test.cc starts the fake wa-link)');
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert(response.ok, `fake wa-link ${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

const setFake = (fields) => fake('POST', '/__fake/state', fields);
const fakeSent = () => fake('GET', '/__fake/sent');

async function liveOnline(page) {
  await page.locator('[data-testid=live-status][data-status=online]').waitFor({ timeout: 15000 });
}

// Opens Pengaturan › WhatsApp.
async function whatsappSettings(w, page) {
  await page.goto(`${w.baseUrl}/pengaturan`);
  await page.click('nav.tabs button:has-text("WhatsApp")');
  await page.locator('[id="f-whatsapp.provider"]').waitFor({ timeout: 10000 });
}

// The drawn QR code: the text the panel was given and the SVG path of its modules.
async function shownQr(page) {
  const box = page.locator('[data-testid=link-qr]');
  if (!(await box.count())) return null;
  const path = box.locator('svg.qr path');
  return {
    text: await box.getAttribute('data-qr'),
    path: (await path.count()) ? await path.getAttribute('d') : '',
  };
}

async function linkedState(page, scope) {
  const cell = page.locator(`${scope} [data-testid=linked-state]`.trim());
  if (!(await cell.count())) return null;
  return {
    state: await cell.getAttribute('data-state'),
    text: (await cell.textContent()).trim(),
    number: (
      await page.locator(`${scope} [data-testid=linked-number]`.trim()).textContent()
    ).trim(),
  };
}

export const tests = [
  {
    name: 'wa_link: the admin links the phone by its live QR code, everyone sees Terhubung with the number, Putuskan unlinks',
    async run(w) {
      const token = await w.token('admin', 'admin123');
      const before = (await w.api('GET', '/api/settings', { token })).json?.whatsapp;
      assert(before, 'GET /api/settings has no whatsapp section');
      // A fresh sidecar with no session; the QR code WhatsApp will offer once pairing starts.
      await setFake({ state: 'disconnected', number: '', name: '', reason: '', qr: '2@first' });
      const calls = await fakeSent();
      try {
        // ---- The admin chooses "Perangkat tertaut": no URL or token to fill in.
        const admin = await w.login(await w.context('admin'), 'admin', 'admin123');
        await whatsappSettings(w, admin);
        await admin.selectOption('[id="f-whatsapp.provider"]', 'linked');
        await admin.locator('[data-testid=linked-save-first]').waitFor({ timeout: 5000 });
        assert(
          (await admin.locator('[id="f-whatsapp.base_url"], [id="f-whatsapp.token"]').count()) ===
            0,
          'the base URL / token fields are shown for the linked device',
        );
        await admin.click('form:has([id="f-whatsapp.provider"]) button[type=submit]');
        await eventually(
          async () =>
            (await w.api('GET', '/api/settings', { token })).json?.whatsapp?.provider === 'linked',
          'the provider "linked" was not saved',
        );
        const panel = admin.locator('[data-testid=linked-device]');
        await admin.locator('[data-testid=linked-device][data-state=disconnected]').waitFor({
          timeout: 15000,
        });
        await liveOnline(admin);
        await admin.evaluate(() => {
          window.__noReload = true;
        });

        // ---- Staff keep the dashboard open.
        const staff = await w.login(await w.context('staff'), 'staff', 'staff123');
        await staff.goto(`${w.baseUrl}/`);
        await staff.locator('[data-testid=dashboard-linked]').waitFor({ timeout: 15000 });
        await liveOnline(staff);
        await staff.evaluate(() => {
          window.__noReload = true;
        });
        const staffLink = await w.api('GET', '/api/whatsapp/link', {
          token: await w.token('staff', 'staff123'),
        });
        assert(staffLink.status === 403, `staff GET /api/whatsapp/link: ${staffLink.status}`);

        // ---- Tautkan perangkat: the QR code from wa-link.
        await admin.click('[data-testid=link-start]');
        const first = await eventually(async () => {
          const qr = await shownQr(admin);
          return qr?.text === '2@first' && qr.path ? qr : null;
        }, 'the QR code "2@first" was not shown after Tautkan perangkat');
        assert(
          (await fakeSent()).link_calls === calls.link_calls + 1,
          'Tautkan perangkat did not reach wa-link exactly once',
        );
        assert(
          (await panel.textContent()).includes('Buka WhatsApp di HP › Perangkat tertaut'),
          'the scanning steps are not shown',
        );
        assert(
          (await admin.locator('[data-testid=link-start]').count()) === 0,
          'Tautkan perangkat is still offered while waiting for the scan',
        );
        await w.screenshot(admin, 'admin-desktop-whatsapp-linked-qr');

        // The owner's phone: the code fits the screen and is large enough to scan.
        const phone = await w.login(await w.context('admin-phone', PHONE), 'admin', 'admin123');
        await whatsappSettings(w, phone);
        await phone.locator('[data-testid=link-qr] svg.qr').waitFor({ timeout: 15000 });
        const size = await phone.locator('[data-testid=link-qr] svg.qr').boundingBox();
        assert(
          size && size.width >= 240 && size.x >= 0 && size.x + size.width <= PHONE.width,
          `the QR code on a phone: ${JSON.stringify(size)}`,
        );
        await w.screenshot(phone, 'admin-phone-whatsapp-linked-qr');

        // ---- WhatsApp sends a new code: the page follows without a reload.
        await setFake({ qr: '2@second' });
        const second = await eventually(async () => {
          const qr = await shownQr(admin);
          return qr?.text === '2@second' ? qr : null;
        }, 'the new QR code was not shown');
        assert(second.path && second.path !== first.path, 'the drawn QR code did not change');

        // ---- The phone scans: Terhubung with the number, on every open page.
        await setFake({ state: 'connected', number: NUMBER, name: 'Sejahtera Net', qr: '' });
        await eventually(async () => {
          const s = await linkedState(admin, '[data-testid=linked-device]');
          return (
            s?.state === 'connected' && s.text.includes('Terhubung') && s.number === NUMBER_SHOWN
          );
        }, 'the settings page does not show the linked phone as connected');
        assert((await shownQr(admin)) === null, 'the QR code is still shown once connected');
        await admin.locator('[data-testid=link-unlink]').waitFor({ timeout: 5000 });
        assert(
          (await panel.textContent()).includes('Sejahtera Net'),
          "the account's name is not shown",
        );
        await w.screenshot(admin, 'admin-desktop-whatsapp-linked-connected');

        await eventually(async () => {
          const s = await linkedState(staff, '[data-testid=dashboard-linked]');
          return (
            s?.state === 'connected' && s.text.includes('Terhubung') && s.number === NUMBER_SHOWN
          );
        }, 'the dashboard does not show the linked phone as connected');
        await w.screenshot(staff, 'staff-desktop-dashboard-linked');

        // Staff on a phone: the WhatsApp page shows the state, and no way to link or unlink.
        const staffPhone = await w.login(
          await w.context('staff-phone', PHONE),
          'staff',
          'staff123',
        );
        await staffPhone.goto(`${w.baseUrl}/whatsapp`);
        await eventually(async () => {
          const s = await linkedState(staffPhone, '');
          return s?.state === 'connected' && s.number === NUMBER_SHOWN;
        }, 'the WhatsApp page does not show the linked phone to staff');
        assert(
          (await staffPhone
            .locator('[data-testid=link-unlink], [data-testid=link-start], [data-testid=link-qr]')
            .count()) === 0,
          'staff are offered link controls',
        );
        assert(
          !(await staffPhone.locator('body').textContent()).includes('Putuskan'),
          'staff see Putuskan',
        );
        await w.screenshot(staffPhone, 'staff-phone-whatsapp-linked');

        // ---- Putuskan, after the question: wa-link logs the phone out.
        await admin.click('[data-testid=link-unlink]');
        await admin.click('[data-testid=confirm-yes]');
        await eventually(
          async () => (await fakeSent()).unlink_calls === calls.unlink_calls + 1,
          'Putuskan did not reach wa-link',
        );
        await eventually(async () => {
          const s = await linkedState(admin, '[data-testid=linked-device]');
          return s?.state === 'disconnected' && s.text.includes('Terputus');
        }, 'the settings page does not show the phone as disconnected');
        await admin.locator('[data-testid=link-start]').waitFor({ timeout: 5000 });
        await eventually(async () => {
          const s = await linkedState(staff, '[data-testid=dashboard-linked]');
          return s?.state === 'disconnected';
        }, 'the dashboard does not show the phone as disconnected');
        assert(
          (await fakeSent()).unlink_calls === calls.unlink_calls + 1,
          'Putuskan reached wa-link more than once',
        );
        assert(await admin.evaluate(() => window.__noReload === true), 'the admin page reloaded');
        assert(await staff.evaluate(() => window.__noReload === true), 'the staff page reloaded');
        await w.screenshot(admin, 'admin-desktop-whatsapp-linked-unlinked');
      } finally {
        const restore = { ...before };
        if (restore.token === '***') delete restore.token;
        await w.api('POST', '/api/settings', { token, body: { whatsapp: restore } });
        await setFake({ state: 'disconnected', number: '', name: '', reason: '', qr: '' });
      }
    },
  },
];
