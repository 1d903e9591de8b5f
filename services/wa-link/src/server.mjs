// The HTTP API of docs/wa-link.md on node:http. Every route but GET /health needs
// `Authorization: Bearer <WA_LINK_SECRET>` (compared in constant time); bodies are JSON of at
// most 64 KiB; a request has 30 s to finish; every error has the shape {error, message}.

import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { LinkError } from './link.mjs';

export const BODY_LIMIT_BYTES = 64 * 1024;
export const REQUEST_TIMEOUT_MS = 30000;
// A send that WhatsApp has not answered by then gets 502 (the send goes on; a retry with the
// same key waits for it), so the answer comes before the 30 s cut-off.
export const SEND_TIMEOUT_MS = 25000;

const TO_PATTERN = /^[0-9]{8,15}$/;
const TEXT_MAX_CHARS = 4096;
const KEY_MAX_CHARS = 100;

// Route → the one method it answers.
const ROUTES = new Map([
  ['/health', 'GET'],
  ['/status', 'GET'],
  ['/qr', 'GET'],
  ['/link', 'POST'],
  ['/send', 'POST'],
  ['/unlink', 'POST'],
]);

class HttpError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function send(res, status, body, headers = {}) {
  if (res.headersSent || res.writableEnded) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

function sendError(res, status, code, message, extra = {}, headers = {}) {
  send(res, status, { error: code, message, ...extra }, headers);
}

const digest = (value) => createHash('sha256').update(value, 'utf8').digest();

// Both sides are hashed first, so the comparison takes the same time whatever the length.
export function secretMatches(header, secret) {
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const given = digest(header.slice('Bearer '.length));
  return timingSafeEqual(given, digest(secret));
}

// Reads the body up to the limit. Resolves to the parsed JSON object ({} for an empty body);
// throws HttpError 413 / 400.
function readJson(req) {
  return new Promise((resolve, reject) => {
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > BODY_LIMIT_BYTES) {
      reject(new HttpError(413, 'too_large', `the body is over ${BODY_LIMIT_BYTES} bytes`));
      return;
    }
    const chunks = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk) => {
      if (done) return;
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        done = true;
        req.pause();
        reject(new HttpError(413, 'too_large', `the body is over ${BODY_LIMIT_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(err);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        resolve({});
        return;
      }
      let value;
      try {
        value = JSON.parse(text);
      } catch {
        reject(new HttpError(400, 'bad_request', 'the body is not JSON'));
        return;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        reject(new HttpError(400, 'bad_request', 'the body must be a JSON object'));
        return;
      }
      resolve(value);
    });
  });
}

function onlyFields(body, allowed) {
  for (const field of Object.keys(body)) {
    if (!allowed.includes(field)) {
      throw new HttpError(400, 'bad_request', `unknown field: ${field.slice(0, 40)}`);
    }
  }
}

// Characters as people count them (code points), not UTF-16 units.
const charCount = (text) => [...text].length;

function parseSend(body) {
  onlyFields(body, ['to', 'text', 'key']);
  const { to, text, key } = body;
  if (typeof to !== 'string' || !TO_PATTERN.test(to)) {
    throw new HttpError(400, 'bad_request', 'to: 8 to 15 digits, country code first');
  }
  if (typeof text !== 'string' || text.length === 0 || charCount(text) > TEXT_MAX_CHARS) {
    throw new HttpError(400, 'bad_request', `text: 1 to ${TEXT_MAX_CHARS} characters`);
  }
  if (text.trim() === '') {
    throw new HttpError(400, 'bad_request', 'text: empty');
  }
  if (key !== undefined) {
    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u001f\u007f]/;
    if (
      typeof key !== 'string' ||
      key.length === 0 ||
      charCount(key) > KEY_MAX_CHARS ||
      control.test(key)
    ) {
      throw new HttpError(400, 'bad_request', `key: 1 to ${KEY_MAX_CHARS} printable characters`);
    }
  }
  return { to, text, key };
}

function timeout(ms) {
  let timer;
  const promise = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new LinkError('send_failed', 502, 'WhatsApp did not answer in time')),
      ms,
    );
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

// createApi({ secret, link, sentKeys, log }) → a node:http Server (not listening yet).
export function createApi({
  secret,
  link,
  sentKeys,
  log,
  requestTimeoutMs = REQUEST_TIMEOUT_MS,
  sendTimeoutMs = SEND_TIMEOUT_MS,
}) {
  // Sends in progress by idempotency key: a repeat while the first is still out waits for it.
  const inFlight = new Map();

  async function sendOnce({ to, text, key }) {
    if (key !== undefined) {
      const known = sentKeys.get(key);
      if (known) return { id: known, duplicate: true };
      const pending = inFlight.get(key);
      if (pending) return { id: await pending, duplicate: true };
    }
    const sending = link.send(to, text).then(async (id) => {
      if (key !== undefined) {
        // The message is out: a failed write of the store is logged (in sent-keys) and this
        // process still refuses the repeat from memory.
        await sentKeys.put(key, id).catch(() => {});
      }
      return id;
    });
    if (key !== undefined) {
      inFlight.set(key, sending);
      sending.then(
        () => inFlight.delete(key),
        () => inFlight.delete(key),
      );
    }
    return { id: await sending, duplicate: false };
  }

  const handlers = {
    '/health': async (_req, res) => send(res, 200, { ok: true }),
    '/status': async (_req, res) => send(res, 200, link.status()),
    '/qr': async (_req, res) => {
      const qr = link.currentQr();
      if (!qr) {
        sendError(res, 404, 'no_qr', 'no QR code: not waiting for a scan');
        return;
      }
      send(res, 200, qr);
    },
    '/link': async (req, res) => {
      onlyFields(await readJson(req), []);
      const status = await link.link();
      log.info('link_requested', { state: status.state });
      send(res, 200, status);
    },
    '/unlink': async (req, res) => {
      onlyFields(await readJson(req), []);
      const status = await link.unlink();
      log.info('unlink_requested');
      send(res, 200, status);
    },
    '/send': async (req, res) => {
      const input = parseSend(await readJson(req));
      const limit = timeout(sendTimeoutMs);
      const started = Date.now();
      try {
        const result = await Promise.race([sendOnce(input), limit.promise]);
        log.info('sent', {
          to: input.to,
          id: result.id,
          duplicate: result.duplicate,
          ms: Date.now() - started,
        });
        send(res, 200, result);
      } catch (err) {
        if (err instanceof LinkError) {
          log.warn('send_refused', { to: input.to, error: err.code, message: err.message });
        }
        throw err;
      } finally {
        limit.cancel();
      }
    },
  };

  async function handle(req, res) {
    // A request that has not been answered in time is cut off.
    const cutOff = setTimeout(() => {
      log.warn('request_cut_off', { method: req.method, path: req.url?.slice(0, 100) });
      req.socket.destroy();
    }, requestTimeoutMs);
    res.on('close', () => clearTimeout(cutOff));

    let path;
    try {
      path = new URL(req.url ?? '/', 'http://wa-link').pathname;
    } catch {
      path = '';
    }
    const method = ROUTES.get(path);
    try {
      if (path !== '/health' && !secretMatches(req.headers.authorization, secret)) {
        sendError(res, 401, 'unauthorized', 'a valid Bearer secret is required');
        return;
      }
      if (!method) {
        sendError(res, 404, 'not_found', 'no such route');
        return;
      }
      if (req.method !== method) {
        sendError(res, 405, 'method_not_allowed', `use ${method}`, {}, { Allow: method });
        return;
      }
      await handlers[path](req, res);
    } catch (err) {
      if (err instanceof HttpError) {
        const headers = err.status === 413 ? { Connection: 'close' } : {};
        sendError(res, err.status, err.code, err.message, {}, headers);
      } else if (err instanceof LinkError) {
        const headers = err.extra.retry_after
          ? { 'Retry-After': String(err.extra.retry_after) }
          : {};
        sendError(res, err.status, err.code, err.message, err.extra, headers);
      } else {
        log.error('request_failed', { path, error: err?.message ?? String(err) });
        sendError(res, 500, 'internal', 'internal error');
      }
    }
  }

  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(10000, requestTimeoutMs),
      connectionsCheckingInterval: 1000,
    },
    (req, res) => {
      handle(req, res).catch((err) => log.error('request_failed', { error: err.message }));
    },
  );
  server.keepAliveTimeout = 5000;
  return server;
}
