// The one linked-device session and its connection state machine (docs/wa-link.md):
//
//   disconnected ──POST /link──▶ waiting_for_scan ──scanned──▶ connected
//        ▲   ▲                        │ 5 min without a scan          │ connection lost
//        │   └──── qr_timeout ◀───────┘                               ▼
//        │                                         disconnected (reconnecting), back-off 1 s … 60 s
//        └── logged_out (WhatsApp removed the device) / unlinked (POST /unlink): session deleted
//
// Baileys' socket and auth state come from factories, so the tests replace them with fakes.

import { chmod, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  Browsers,
  DisconnectReason,
  makeCacheableSignalKeyStore,
  makeWASocket,
  useMultiFileAuthState,
} from '@whiskeysockets/baileys';
import { baileysLogger } from './log.mjs';

export const BACKOFF_INITIAL_MS = 1000;
export const BACKOFF_MAX_MS = 60000;
export const PAIRING_TIMEOUT_MS = 5 * 60 * 1000;
export const LOGOUT_TIMEOUT_MS = 10000;
// How long WhatsApp is asked to wait after it refused a send for sending too much: it names no
// time of its own, and the messaging service only retries after this.
export const RATE_LIMIT_RETRY_AFTER_S = 60;

// An answer of the HTTP API other than 200: `code` is the `error` of docs/wa-link.md.
export class LinkError extends Error {
  constructor(code, status, message, extra = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.extra = extra;
  }
}

// "6281234567890:12@s.whatsapp.net" (or without the device part) → "6281234567890".
export function numberFromJid(jid) {
  const match = /^(\d+)(?::\d+)?@/.exec(typeof jid === 'string' ? jid : '');
  return match ? match[1] : '';
}

// Boom errors carry the status in output.statusCode; a refused IQ carries WhatsApp's own code
// in data (assertNodeErrorFree), e.g. 429 with the text 'rate-overlimit'.
function statusOf(err) {
  return err?.output?.statusCode;
}

function isRateLimit(err) {
  return (
    statusOf(err) === 429 || err?.data === 429 || /rate-overlimit/i.test(String(err?.message ?? ''))
  );
}

function sendError(err) {
  if (err instanceof LinkError) return err;
  if (isRateLimit(err)) {
    return new LinkError('rate_limited', 429, 'WhatsApp refused the message: sending too much', {
      retry_after: RATE_LIMIT_RETRY_AFTER_S,
    });
  }
  const detail = String(err?.message ?? err).slice(0, 200);
  return new LinkError('send_failed', 502, `WhatsApp did not take the message: ${detail}`);
}

// The real thing: Baileys' multi-file auth state, its keys behind Baileys' in-memory cache.
export async function baileysAuthState(dir, logger) {
  const { state, saveCreds } = await useMultiFileAuthState(dir);
  return {
    state: { creds: state.creds, keys: makeCacheableSignalKeyStore(state.keys, logger) },
    saveCreds,
  };
}

// The real socket. The library's own WhatsApp Web version (no fetch at start: the process
// must not need the internet to answer /status), a desktop browser name as shown on the
// phone's list of linked devices, and no "online" presence so the phone keeps its
// notifications.
export function baileysSocket(config) {
  return makeWASocket({
    browser: Browsers.ubuntu('Chrome'),
    markOnlineOnConnect: false,
    syncFullHistory: false,
    ...config,
  });
}

function withTimeout(promise, ms, message) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export class Link {
  constructor({
    sessionDir,
    log,
    makeSocket = baileysSocket,
    loadAuthState = baileysAuthState,
    timers = { setTimeout, clearTimeout },
    now = () => new Date(),
    backoffInitialMs = BACKOFF_INITIAL_MS,
    backoffMaxMs = BACKOFF_MAX_MS,
    pairingTimeoutMs = PAIRING_TIMEOUT_MS,
    logoutTimeoutMs = LOGOUT_TIMEOUT_MS,
  }) {
    this.sessionDir = sessionDir;
    this.log = log;
    this.baileysLog = baileysLogger(log);
    this.makeSocket = makeSocket;
    this.loadAuthState = loadAuthState;
    this.timers = timers;
    this.now = now;
    this.backoffInitialMs = backoffInitialMs;
    this.backoffMaxMs = backoffMaxMs;
    this.pairingTimeoutMs = pairingTimeoutMs;
    this.logoutTimeoutMs = logoutTimeoutMs;

    this.state = 'disconnected';
    this.reason = '';
    this.since = now();
    this.number = '';
    this.name = '';
    this.qr = '';
    this.qrSince = undefined;

    this.sock = undefined; // the current socket; events of any other one are ignored
    this.auth = undefined; // { state, saveCreds, guard } of the current session
    this.pairing = false; // POST /link started pairing and it has not ended
    this.paired = false; // the QR code was scanned (pair-success) during this pairing
    this.backoffMs = backoffInitialMs;
    this.reconnectTimer = undefined;
    this.pairingTimer = undefined;
    this.closed = false;
    this.queue = Promise.resolve(); // link, unlink, start and close run one at a time
  }

  status() {
    return {
      state: this.state,
      number: this.number,
      name: this.name,
      since: this.since.toISOString(),
      reason: this.reason,
    };
  }

  // The newest QR code while waiting for a scan, else undefined.
  currentQr() {
    if (this.state !== 'waiting_for_scan' || !this.qr) return undefined;
    return { qr: this.qr, since: this.qrSince.toISOString() };
  }

  // At start: a saved, paired session connects by itself; otherwise nothing happens (no
  // socket, no files) until POST /link.
  start() {
    return this.exclusive(async () => {
      if (!(await this.hasSavedSession())) {
        this.log.info('no_session');
        return;
      }
      await this.tightenSessionModes();
      this.log.info('session_found');
      this.setState('disconnected', 'reconnecting');
      await this.connect();
    });
  }

  link() {
    return this.exclusive(async () => {
      if (this.closed || this.state !== 'disconnected' || this.reconnectTimer) {
        return this.status();
      }
      if (await this.hasSavedSession()) return this.status();
      // Whatever is left of an earlier pairing that was never scanned.
      await this.dropSession();
      this.pairing = true;
      this.paired = false;
      this.backoffMs = this.backoffInitialMs;
      this.setState('waiting_for_scan', '');
      this.pairingTimer = this.timers.setTimeout(() => {
        this.exclusive(() => this.pairingTimedOut()).catch((err) =>
          this.log.error('pairing_timeout_failed', { error: err.message }),
        );
      }, this.pairingTimeoutMs);
      this.log.info('pairing_started');
      await this.connect();
      return this.status();
    });
  }

  unlink() {
    return this.exclusive(async () => {
      this.clearTimers();
      const sock = this.sock;
      this.sock = undefined;
      if (sock && this.state === 'connected') {
        try {
          await withTimeout(sock.logout(), this.logoutTimeoutMs, 'logout timed out');
          this.log.info('logged_out_of_whatsapp');
        } catch (err) {
          // The session is deleted anyway; the phone drops the device on its own later.
          this.log.warn('logout_failed', { error: err.message });
        }
      } else if (this.number || (await this.hasSavedSession())) {
        this.log.warn('unlink_offline', { message: 'not connected: the phone still lists it' });
      }
      this.endSocket(sock);
      this.pairing = false;
      this.paired = false;
      await this.dropSession();
      this.setState('disconnected', 'unlinked');
      return this.status();
    });
  }

  // Shutdown: closes the socket without logging out (the session stays for the next start).
  close() {
    return this.exclusive(async () => {
      this.closed = true;
      this.clearTimers();
      const sock = this.sock;
      this.sock = undefined;
      this.endSocket(sock);
    });
  }

  // Sends `text` to the number `to` (digits). Resolves to WhatsApp's message id or throws a
  // LinkError: not_linked (409), not_on_whatsapp (422), rate_limited (429), send_failed (502).
  async send(to, text) {
    const sock = this.sock;
    if (this.state !== 'connected' || !sock) {
      throw new LinkError(
        'not_linked',
        409,
        'no WhatsApp account is linked, or it is reconnecting',
      );
    }
    let found;
    try {
      found = await sock.onWhatsApp(to);
    } catch (err) {
      throw sendError(err);
    }
    if (!Array.isArray(found)) {
      throw new LinkError('send_failed', 502, 'WhatsApp did not answer the number lookup');
    }
    const account = found.find((entry) => entry?.exists && typeof entry.jid === 'string');
    if (!account) {
      throw new LinkError('not_on_whatsapp', 422, 'the number has no WhatsApp account');
    }
    let sent;
    try {
      sent = await sock.sendMessage(account.jid, { text });
    } catch (err) {
      throw sendError(err);
    }
    const id = sent?.key?.id;
    if (typeof id !== 'string' || id === '') {
      throw new LinkError('send_failed', 502, 'WhatsApp gave no message id');
    }
    return id;
  }

  // ---- internals ----

  exclusive(fn) {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }

  setState(state, reason) {
    const changed = state !== this.state || reason !== this.reason;
    if (state !== 'waiting_for_scan') {
      this.qr = '';
      this.qrSince = undefined;
    }
    if (state !== 'connected') {
      this.number = '';
      this.name = '';
    }
    if (!changed) return;
    this.state = state;
    this.reason = reason;
    this.since = this.now();
    this.log.info('state', { state, reason, number: this.number });
  }

  clearTimers() {
    if (this.reconnectTimer) this.timers.clearTimeout(this.reconnectTimer);
    if (this.pairingTimer) this.timers.clearTimeout(this.pairingTimer);
    this.reconnectTimer = undefined;
    this.pairingTimer = undefined;
  }

  endSocket(sock) {
    if (!sock) return;
    try {
      const ended = sock.end(undefined);
      if (ended && typeof ended.catch === 'function') ended.catch(() => {});
    } catch (err) {
      this.log.debug('socket_end_failed', { error: err.message });
    }
  }

  credsFile() {
    return join(this.sessionDir, 'creds.json');
  }

  // A session is saved when its credentials name the paired account (creds.me.id): a pairing
  // that was never scanned leaves credentials without it.
  async hasSavedSession() {
    try {
      const creds = JSON.parse(await readFile(this.credsFile(), 'utf8'));
      return typeof creds?.me?.id === 'string' && creds.me.id !== '';
    } catch {
      return false;
    }
  }

  // Sessions written by an older version or under a looser umask: files 0600, the folder 0700.
  async tightenSessionModes() {
    try {
      await chmod(this.sessionDir, 0o700);
      for (const entry of await readdir(this.sessionDir, { withFileTypes: true })) {
        if (entry.isFile()) await chmod(join(this.sessionDir, entry.name), 0o600);
      }
    } catch (err) {
      this.log.warn('session_modes_failed', { error: err.message });
    }
  }

  // Deletes the session folder. Writes that a socket still in flight makes later are refused
  // (the guard), so a deleted session stays deleted.
  async dropSession() {
    if (this.auth) this.auth.guard.open = false;
    this.auth = undefined;
    await rm(this.sessionDir, { recursive: true, force: true });
  }

  // Loads the session (once per session) behind a guard that stops writes after dropSession.
  async authState() {
    if (this.auth) return this.auth;
    await mkdir(this.sessionDir, { recursive: true, mode: 0o700 });
    const loaded = await this.loadAuthState(this.sessionDir, this.baileysLog);
    const guard = { open: true };
    const keys = loaded.state.keys;
    const guardedKeys = {
      get: (type, ids) => keys.get(type, ids),
      set: async (data) => {
        if (guard.open) await keys.set(data);
      },
    };
    if (typeof keys.clear === 'function') {
      guardedKeys.clear = async () => {
        if (guard.open) await keys.clear();
      };
    }
    this.auth = {
      state: { creds: loaded.state.creds, keys: guardedKeys },
      saveCreds: async () => {
        if (guard.open) await loaded.saveCreds();
      },
      guard,
    };
    return this.auth;
  }

  async connect() {
    this.reconnectTimer = undefined;
    if (this.closed) return;
    let sock;
    try {
      const auth = await this.authState();
      sock = this.makeSocket({ auth: auth.state, logger: this.baileysLog });
    } catch (err) {
      this.log.error('socket_failed', { error: err.message });
      this.scheduleReconnect();
      return;
    }
    this.sock = sock;
    const auth = this.auth;
    sock.ev.on('creds.update', () => {
      auth.saveCreds().catch((err) => this.log.error('creds_save_failed', { error: err.message }));
      if (sock === this.sock && this.state === 'connected') {
        this.name = sock.user?.name || auth.state.creds.me?.name || this.name;
      }
    });
    sock.ev.on('connection.update', (update) => {
      this.onConnectionUpdate(sock, update).catch((err) =>
        this.log.error('connection_update_failed', { error: err.message }),
      );
    });
    this.log.info('connecting', { pairing: this.pairing });
  }

  async onConnectionUpdate(sock, update) {
    if (sock !== this.sock) return;
    const { connection, qr, isNewLogin, lastDisconnect } = update ?? {};
    if (qr) {
      if (!this.pairing || this.paired) {
        // WhatsApp wants a new pairing for a session we thought was linked: it is not.
        this.log.warn('unexpected_qr');
        await this.exclusive(() => this.loggedOut(sock));
        return;
      }
      this.qr = qr;
      this.qrSince = this.now();
      this.setState('waiting_for_scan', '');
      this.log.info('qr', { since: this.qrSince.toISOString() });
    }
    if (isNewLogin) {
      this.paired = true;
      this.qr = '';
      this.qrSince = undefined;
      if (this.pairingTimer) this.timers.clearTimeout(this.pairingTimer);
      this.pairingTimer = undefined;
      this.log.info('paired');
    }
    if (connection === 'open') {
      this.pairing = false;
      this.paired = false;
      this.clearTimers();
      this.backoffMs = this.backoffInitialMs;
      const me = sock.user ?? this.auth?.state.creds.me;
      this.number = numberFromJid(me?.id);
      this.name = typeof me?.name === 'string' ? me.name : '';
      this.setState('connected', '');
    }
    if (connection === 'close') {
      await this.exclusive(() => this.onClose(sock, lastDisconnect?.error));
    }
  }

  async onClose(sock, error) {
    if (sock !== this.sock) return;
    this.sock = undefined;
    const code = statusOf(error);
    this.log.info('connection_closed', { code: code ?? null, error: error?.message ?? '' });
    if (code === DisconnectReason.loggedOut) {
      await this.loggedOut(undefined);
      return;
    }
    if (this.pairing && !this.paired) {
      // The QR codes ran out or the connection broke while waiting for the scan: fetch new
      // ones until the pairing time is up.
      this.qr = '';
      this.qrSince = undefined;
      this.scheduleReconnect();
      return;
    }
    if (code === DisconnectReason.restartRequired) {
      // WhatsApp asks for a new connection right after the scan (and now and then later).
      if (this.state === 'connected') this.setState('disconnected', 'reconnecting');
      this.scheduleReconnect(0);
      return;
    }
    if (this.state !== 'waiting_for_scan') this.setState('disconnected', 'reconnecting');
    this.scheduleReconnect();
  }

  // WhatsApp logged the device out (removed on the phone, or the number banned).
  async loggedOut(sock) {
    if (sock && sock !== this.sock) return;
    this.clearTimers();
    const current = this.sock;
    this.sock = undefined;
    this.endSocket(current);
    this.pairing = false;
    this.paired = false;
    await this.dropSession();
    this.setState('disconnected', 'logged_out');
  }

  async pairingTimedOut() {
    this.pairingTimer = undefined;
    if (!this.pairing || this.paired || this.state === 'connected') return;
    this.log.info('pairing_timeout');
    this.clearTimers();
    const sock = this.sock;
    this.sock = undefined;
    this.endSocket(sock);
    this.pairing = false;
    await this.dropSession();
    this.setState('disconnected', 'qr_timeout');
  }

  // The next connection after `delay` ms; without one, the back-off's next step (1 s, 2 s,
  // 4 s ... 60 s; back to 1 s once connected).
  scheduleReconnect(delay) {
    if (this.closed) return;
    let wait = delay;
    if (wait === undefined) {
      wait = this.backoffMs;
      this.backoffMs = Math.min(this.backoffMs * 2, this.backoffMaxMs);
    }
    if (this.reconnectTimer) this.timers.clearTimeout(this.reconnectTimer);
    this.log.info('reconnect_scheduled', { delay_ms: wait });
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.exclusive(() => this.connect()).catch((err) =>
        this.log.error('reconnect_failed', { error: err.message }),
      );
    }, wait);
  }
}
