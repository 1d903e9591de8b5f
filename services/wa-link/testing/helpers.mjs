// Test support (outside test/, which node --test runs file by file): a fake of Baileys' socket, manual timers, a started wa-link over a temporary
// data directory, and a small HTTP client.

import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import { silentLogger } from '../src/log.mjs';
import { startWaLink } from '../src/main.mjs';

export const SECRET = 'test-secret-0123456789abcdefghijklmnop';
export const ME_JID = '6281234567890:12@s.whatsapp.net';

// An error shaped like Baileys' Boom errors (output.statusCode), without depending on Boom.
export function boom(message, statusCode, data) {
  const err = new Error(message);
  err.isBoom = true;
  err.output = { statusCode, payload: {} };
  if (data !== undefined) err.data = data;
  return err;
}

// Stands in for makeWASocket's result: the parts wa-link uses (ev, user, onWhatsApp,
// sendMessage, logout, end). Tests drive WhatsApp's side with qr(), pair(), open(), close().
export class FakeSocket {
  constructor(config) {
    this.config = config;
    this.ev = new EventEmitter();
    this.ended = false;
    this.endedWith = undefined;
    this.loggedOut = false;
    this.lookups = [];
    this.sent = [];
    this.nextId = 1;
    this.lookup = async (number) => [{ jid: `${number}@s.whatsapp.net`, exists: true }];
    this.deliver = async () => ({
      key: { id: `3EB0FAKE${String(this.nextId++).padStart(4, '0')}` },
    });
  }

  get user() {
    return this.config.auth.creds.me;
  }

  update(update) {
    this.ev.emit('connection.update', update);
  }

  qr(text) {
    this.update({ qr: text });
  }

  // The phone scanned the code: Baileys stores `me` in the credentials and asks for a restart.
  pair(me = { id: ME_JID, name: 'Sejahtera Net' }) {
    Object.assign(this.config.auth.creds, { me });
    this.ev.emit('creds.update', { me });
    this.update({ isNewLogin: true, qr: undefined });
  }

  open() {
    this.update({ connection: 'open' });
  }

  close(error) {
    this.update({ connection: 'close', lastDisconnect: { error, date: new Date() } });
  }

  async onWhatsApp(...numbers) {
    this.lookups.push(numbers);
    return this.lookup(numbers[0]);
  }

  async sendMessage(jid, content) {
    this.sent.push({ jid, content });
    return this.deliver(jid, content);
  }

  async logout() {
    this.loggedOut = true;
    this.end(boom('Intentional Logout', 401));
  }

  end(error) {
    if (this.ended) return;
    this.ended = true;
    this.endedWith = error;
    this.close(error);
  }
}

export function fakeSockets() {
  const sockets = [];
  const makeSocket = (config) => {
    const sock = new FakeSocket(config);
    sockets.push(sock);
    return sock;
  };
  return { sockets, makeSocket, last: () => sockets[sockets.length - 1] };
}

// Timers the test fires by hand: pending() lists {id, ms}, fire(entry) runs one.
export class ManualTimers {
  constructor() {
    this.entries = new Map();
    this.nextId = 1;
    this.setTimeout = (fn, ms) => {
      const id = this.nextId++;
      this.entries.set(id, { id, fn, ms });
      return id;
    };
    this.clearTimeout = (id) => {
      this.entries.delete(id);
    };
  }

  pending() {
    return [...this.entries.values()];
  }

  find(ms) {
    return this.pending().find((entry) => entry.ms === ms);
  }

  fire(entry) {
    if (!this.entries.delete(entry.id)) throw new Error(`timer ${entry.id} is not pending`);
    entry.fn();
  }
}

export async function waitFor(predicate, what = 'condition', timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function tempDir() {
  return mkdtemp(join(tmpdir(), 'wa-link-test-'));
}

// Starts wa-link on a free loopback port over dataDir with fake sockets and manual timers.
export async function startApp({ dataDir, sockets = fakeSockets(), timers = new ManualTimers() }) {
  const config = { secret: SECRET, dataDir, host: '127.0.0.1', port: 0, logLevel: 'error' };
  const app = await startWaLink(config, {
    log: silentLogger,
    linkOptions: { makeSocket: sockets.makeSocket, timers },
  });
  const client = makeClient(app.address.port);
  return { app, sockets, timers, client, config };
}

export async function removeDir(dir) {
  await rm(dir, { recursive: true, force: true });
}

// Call inside describe(): before each test a fresh temporary data directory and wa-link started
// over it (startApp); after each test wa-link stopped and the directory removed. Returns one
// context that each test sees refilled: dataDir plus startApp's app, sockets, timers, client and
// config. A test that stopped wa-link starts it again over the same directory with
// ctx.start({ sockets, timers }); the new one is the one stopped after the test.
export function useApp() {
  const ctx = {
    async start(options = {}) {
      Object.assign(ctx, await startApp({ dataDir: ctx.dataDir, ...options }));
      return ctx;
    },
  };
  beforeEach(async () => {
    ctx.dataDir = await tempDir();
    await ctx.start();
  });
  afterEach(async () => {
    await ctx.app.stop();
    await removeDir(ctx.dataDir);
  });
  return ctx;
}

// call(method, path, { body, secret, headers, raw }) → { status, headers, body (parsed JSON) }.
export function makeClient(port) {
  return (method, path, { body, secret = SECRET, headers = {}, raw } = {}) =>
    new Promise((resolve, reject) => {
      const payload = raw ?? (body === undefined ? undefined : JSON.stringify(body));
      const allHeaders = { ...headers };
      if (secret !== null) allHeaders.Authorization = `Bearer ${secret}`;
      if (payload !== undefined && !('Transfer-Encoding' in allHeaders)) {
        allHeaders['Content-Type'] = 'application/json';
        allHeaders['Content-Length'] = Buffer.byteLength(payload);
      }
      const req = request(
        { host: '127.0.0.1', port, method, path, headers: allHeaders, agent: false },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              parsed = text;
            }
            resolve({ status: res.statusCode, headers: res.headers, body: parsed });
          });
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
}

// POST /link, then WhatsApp shows the QR code qr on the new pairing socket. Resolves to that
// socket.
export async function startPairing({ client, sockets }, qr) {
  await client('POST', '/link', { body: {} });
  const pairing = sockets.last();
  pairing.qr(qr);
  return pairing;
}

// Links the fake phone: POST /link, a QR code, the scan, WhatsApp's restart, open. Resolves to
// the connected socket.
export async function linkPhone({ client, sockets, timers }, me) {
  const pairing = await startPairing({ client, sockets }, '2@ref,noise,identity,adv');
  pairing.pair(me);
  pairing.close(boom('Stream Errored (restart required)', 515));
  const restart = await waitFor(() => timers.find(0), 'the reconnect after the scan');
  const count = sockets.sockets.length;
  timers.fire(restart);
  await waitFor(() => sockets.sockets.length === count + 1, 'the socket after the scan');
  const sock = sockets.last();
  sock.open();
  await waitFor(
    async () => (await client('GET', '/status')).body.state === 'connected',
    'connected',
  );
  return sock;
}
