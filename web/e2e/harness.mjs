// A small end-to-end test harness around playwright-core and Debian's chromium: browser
// contexts per role, console-error tracking, API probing, screenshots, waiting helpers.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export class AssertionError extends Error {}

export function assert(condition, message) {
  if (!condition) throw new AssertionError(message);
}

// Every API area the UI uses: the request that tells whether it exists (non-404), and the
// path prefix of all its endpoints.
export const ENDPOINTS = {
  users: { probe: '/api/users?limit=1', prefix: '/api/users' },
  customers: { probe: '/api/customers?limit=1', prefix: '/api/customers' },
  packages: { probe: '/api/packages', prefix: '/api/packages' },
  transactions: { probe: '/api/transactions?limit=1', prefix: '/api/transactions' },
  stats: { probe: '/api/transactions/stats', prefix: '/api/transactions/stats' },
  billrun: { probe: null, prefix: '/api/billing/' },
  reports: { probe: '/api/reports/income?from=2026-01&to=2026-01', prefix: '/api/reports/' },
  settings: { probe: '/api/settings', prefix: '/api/settings' },
  cash: { probe: '/api/cash/categories', prefix: '/api/cash/' },
  whatsapp: { probe: '/api/whatsapp/status', prefix: '/api/whatsapp/' },
  audit: { probe: '/api/audit?limit=1', prefix: '/api/audit' },
  backup: { probe: '/api/backup', prefix: '/api/backup' },
  events: { probe: '/api/events', prefix: '/api/events' },
  network: { probe: '/api/network/status', prefix: '/api/network/' },
  payments: { probe: '/api/payments?needs_check=true&limit=1', prefix: '/api/payments' },
  // The gas shop: products and prices, stock, the LPG 3 kg buyer log.
  shop: { probe: '/api/products', prefix: '/api/products' },
  stock: { probe: '/api/stock/movements?limit=1', prefix: '/api/stock' },
  buyerlog: { probe: null, prefix: '/api/shop/' },
  imports: {
    probe: '/api/customers/import/template?format=csv',
    prefix: '/api/customers/import',
  },
  // Without its route, /api/customers/export is taken for a customer id (400): only a file
  // counts as deployed.
  exports: {
    probe: '/api/customers/export?format=csv',
    prefix: '/api/customers/export',
    deployed: (status) => status === 200,
  },
};

// A customer's network state lives under /api/customers/:id/ but belongs to the network area.
const CUSTOMER_NETWORK = /^\/api\/customers\/\d+\/(network|isolate|reconnect)$/;
// A bill's pay link, payment attempts and portal link live under /api/transactions/:id/ but
// belong to the payment area.
const TRANSACTION_PAYMENT =
  /^\/api\/(transactions|customers)\/\d+\/(payments|payment-link|portal-link)/;

// This month (YYYY-MM) in the business time zone the e2e suite runs with.
export function currentPeriod() {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Jakarta',
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(new Date());
  return `${parts.find((p) => p.type === 'year').value}-${parts.find((p) => p.type === 'month').value}`;
}

export class World {
  constructor({ baseUrl, screenshotDir, executablePath }) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.screenshotDir = screenshotDir;
    this.executablePath = executablePath;
    this.available = {};
    this.consoleProblems = [];
    this.allowedConsole = [];
    this.contexts = [];
  }

  async start() {
    mkdirSync(this.screenshotDir, { recursive: true });
    // Screenshots of an earlier run would be mistaken for this one's.
    for (const name of readdirSync(this.screenshotDir)) {
      if (name.endsWith('.png')) rmSync(join(this.screenshotDir, name));
    }
    this.browser = await chromium.launch({
      executablePath: this.executablePath,
      headless: true,
      // playwright gives every launch a fresh, empty profile (user-data-dir) of its own.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
        '--lang=id-ID',
      ],
    });
  }

  async stop() {
    await this.browser?.close();
  }

  // ---- API (from Node, for setup and probing) -------------------------------------------

  async api(method, path, { token, body } = {}) {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, json, text };
  }

  async token(username, password) {
    const reply = await this.api('POST', '/api/auth/login', { body: { username, password } });
    assert(reply.status === 200, `login ${username} answered ${reply.status}: ${reply.text}`);
    return reply.json.token;
  }

  // POSTs `body` as `token`'s user and expects it created (200 or 201); returns what was made.
  async create(path, body, token) {
    const reply = await this.api('POST', path, { token, body });
    assert(
      reply.status === 200 || reply.status === 201,
      `POST ${path}: ${reply.status} ${reply.text}`,
    );
    return reply.json;
  }

  // An internet package (internet customers need one), with a PPP profile and a RADIUS rate
  // limit; created once per run. Returns its id.
  async internetPackage() {
    this.packageId ??= (
      await this.create(
        '/api/packages',
        {
          name: `Paket E2E ${unique('')}`,
          speed: '10 Mbps',
          price: 150000,
          profile: 'paket-10m',
          rate_limit: '10M/10M',
        },
        await this.token('admin', 'admin123'),
      )
    ).id;
    return this.packageId;
  }

  // An internet customer on that package, added by `token`'s user; `fields` replace the defaults.
  async internetCustomer(token, fields = {}) {
    return this.create(
      '/api/customers',
      {
        type: 'internet',
        name: unique('Pelanggan '),
        phone: '081234567890',
        address: 'Jl. Kenanga 7',
        pppoe_username: unique('net').toLowerCase(),
        pppoe_password: 'rahasia-88',
        package_id: await this.internetPackage(),
        monthly_fee: 150000,
        due_day: 10,
        ...fields,
      },
      token,
    );
  }

  // Asks each endpoint once, as admin; a 404 means that part of the back end is not there yet.
  async probe(adminToken) {
    for (const [name, { probe, prefix, deployed }] of Object.entries(ENDPOINTS)) {
      if (!probe) continue;
      const controller = new AbortController();
      let status = 0;
      try {
        const response = await fetch(this.baseUrl + probe, {
          headers: {
            Authorization: `Bearer ${adminToken}`,
            Accept: name === 'events' ? 'text/event-stream' : '*/*',
          },
          signal: controller.signal,
        });
        status = response.status;
      } catch {
        status = -1;
      } finally {
        controller.abort(); // SSE and backups stream: headers are enough
      }
      this.available[name] = {
        path: probe.split('?')[0],
        prefix,
        status,
        ok: deployed ? deployed(status) : status !== 404 && status > 0,
      };
    }
    return this.available;
  }

  has(name) {
    return !!this.available[name]?.ok;
  }

  // Path prefixes of the API areas that answered 404.
  missingPrefixes() {
    const missing = Object.values(this.available)
      .filter((a) => !a.ok)
      .map((a) => a.prefix);
    // The bill run comes with transactions, the buyer log with the shop.
    if (!this.has('transactions')) missing.push(ENDPOINTS.billrun.prefix);
    if (!this.has('shop')) missing.push(ENDPOINTS.buyerlog.prefix);
    return missing;
  }

  // ---- Browser ----------------------------------------------------------------------------

  async context(label, viewport = DESKTOP) {
    const phone = viewport.width < 600;
    const context = await this.browser.newContext({
      viewport,
      isMobile: phone,
      hasTouch: phone,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      acceptDownloads: true,
    });
    context.label = label;
    context.on('page', (page) => this.watch(page, label));
    this.contexts.push(context);
    return context;
  }

  async closeContexts() {
    for (const context of this.contexts.splice(0)) await context.close().catch(() => {});
  }

  // Records console errors and uncaught exceptions; expected ones are filtered.
  watch(page, label) {
    page.on('pageerror', (error) =>
      this.consoleProblems.push(`[${label}] uncaught: ${error.message}`),
    );
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      const url = message.location()?.url ?? '';
      if (this.isExpectedConsole(text, url)) return;
      this.consoleProblems.push(`[${label}] console error: ${text} ${url}`);
    });
  }

  isExpectedConsole(text, url) {
    const path = url.startsWith(this.baseUrl) ? new URL(url).pathname : url;
    // Requests to back-end parts that do not exist yet answer 404 by design.
    if (/status of 404/.test(text) && this.missingPrefixes().some((p) => path.startsWith(p))) {
      return true;
    }
    if (/status of 404/.test(text) && !this.has('network') && CUSTOMER_NETWORK.test(path))
      return true;
    if (/status of 404/.test(text) && !this.has('payments') && TRANSACTION_PAYMENT.test(path))
      return true;
    if (!this.has('events') && /EventSource|text\/event-stream|\/api\/events/.test(text + url))
      return true;
    // The gateway ends an open event stream when its session ends (logout, deactivation); the
    // browser reports the cut stream, and the page reconnects or goes to the login page.
    if (/ERR_INCOMPLETE_CHUNKED_ENCODING/.test(text) && path === '/api/events') return true;
    return this.allowedConsole.some((rule) => rule.test(`${text} ${path}`));
  }

  // Runs fn while console errors matching `rules` are expected (e.g. the 401 of a wrong password).
  async allowing(rules, fn) {
    this.allowedConsole.push(...rules);
    try {
      return await fn();
    } finally {
      this.allowedConsole.splice(this.allowedConsole.length - rules.length, rules.length);
    }
  }

  async login(context, username, password) {
    const page = await context.newPage();
    await page.goto(`${this.baseUrl}/`);
    await page.fill('#f-username', username);
    await page.fill('#f-password', password);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=current-user]').waitFor({ timeout: 15000 });
    return page;
  }

  async settle(page) {
    await page.waitForFunction(() => !document.querySelector('.loading'), null, { timeout: 15000 });
    await page.waitForTimeout(150);
  }

  async screenshot(page, name) {
    await this.settle(page).catch(() => {});
    await page.screenshot({ path: join(this.screenshotDir, `${name}.png`), fullPage: true });
  }
}

// The message shown under a form field (`data-field` name), once there is one.
export async function fieldError(page, name) {
  const locator = page.locator(`[data-field="${name}"] .field-error`);
  await locator.waitFor({ timeout: 5000 });
  return (await locator.textContent()).trim();
}

// Polls fn until it returns a truthy value (returned), or throws with the message.
export async function eventually(fn, message, { timeout = 15000, interval = 200 } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  throw new AssertionError(
    `${message} (waited ${timeout} ms; last: ${last instanceof Error ? last.message : JSON.stringify(last)})`,
  );
}

export function unique(prefix) {
  return `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}
