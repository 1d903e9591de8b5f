// Calls to the gateway's REST API: Bearer token, one error type, 401/403/429 handling.
import { t } from '../i18n/index.js';
import { clearSession, session } from './session.svelte.js';

export class ApiError extends Error {
  // `body` is the whole answer when it was JSON: some errors carry more than {"error": ...}
  // (a refused import carries its report).
  constructor({ status, code, message, fields, retryAfter, body }) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.retryAfter = retryAfter ?? null;
    this.body = body ?? null;
  }

  // The endpoint is not there (yet): the back end for this page is not deployed.
  get missing() {
    return this.status === 404;
  }
}

function fallbackMessage(status, retryAfter) {
  if (status === 0) return t('errors.network');
  if (status === 401) return t('errors.sessionExpired');
  if (status === 403) return t('errors.forbidden');
  if (status === 404) return t('errors.notFound');
  if (status === 409) return t('errors.conflict');
  if (status === 413) return t('errors.tooLarge');
  if (status === 429) {
    return retryAfter
      ? t('errors.rateLimitedFor', { seconds: retryAfter })
      : t('errors.rateLimited');
  }
  if (status === 503) return t('errors.unavailable');
  if (status >= 500) return t('errors.server');
  return t('errors.badRequest');
}

// Seconds from a Retry-After header (seconds or an HTTP date); null when absent.
export function parseRetryAfter(header, now = Date.now()) {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const when = Date.parse(header);
  return Number.isNaN(when) ? null : Math.max(0, Math.ceil((when - now) / 1000));
}

// A fresh Idempotency-Key: 128 random bits as hex (crypto.randomUUID needs a secure context,
// and the UI may be opened over plain HTTP on the LAN).
export function newIdempotencyKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// One submission of a create form: its Idempotency-Key. Sending the same body again (a retry
// after a lost answer or an error, a double click) reuses the key, so the server creates it at
// most once and answers the retry with the first answer; a changed body, or any send after a
// success, is a new submission with a new key. Keep one per open form or button.
export class Submission {
  #text = null;
  #key = null;

  keyFor(body) {
    const text = JSON.stringify(body ?? null);
    if (this.#key === null || text !== this.#text) {
      this.#text = text;
      this.#key = newIdempotencyKey();
    }
    return this.#key;
  }

  // After a success the next send is a new submission.
  done() {
    this.#key = null;
    this.#text = null;
  }
}

// Performs a request. `body` is sent as JSON unless it is a Blob/File/FormData/string.
// Resolves with the parsed JSON (or a Response when raw is set); rejects with ApiError.
export async function request(
  method,
  path,
  { body, raw = false, signal, query, idempotencyKey, headers: extraHeaders } = {},
) {
  const headers = { ...extraHeaders, Accept: raw ? '*/*' : 'application/json' };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let payload;
  if (body !== undefined) {
    if (body instanceof FormData) {
      payload = body; // the browser sets the multipart boundary
    } else if (body instanceof Blob) {
      payload = body;
      headers['Content-Type'] = body.type || 'application/json';
    } else if (typeof body === 'string') {
      payload = body;
      headers['Content-Type'] = 'application/json';
    } else {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
  }
  const url = path + queryString(query);
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: payload,
      signal,
      credentials: 'same-origin',
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError({ status: 0, code: 'network', message: t('errors.network') });
  }
  if (response.ok) {
    if (raw) return response;
    if (response.status === 204) return null;
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  }
  throw failedRequest(path, response.status, parseJson(await response.text().catch(() => '')), {
    retryAfter: response.headers.get('Retry-After'),
  });
}

function parseJson(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

// The ApiError of a refused request (`body`: its parsed JSON or null), shared by fetch and
// upload. A token that stopped working ends the session; the login page explains why.
function failedRequest(path, status, body, { retryAfter: retryHeader = null } = {}) {
  const retryAfter = parseRetryAfter(retryHeader);
  const detail = body?.error ?? {};
  const error = new ApiError({
    status,
    code: detail.code || `http_${status}`,
    message:
      status === 429 && retryAfter
        ? t('errors.rateLimitedFor', { seconds: retryAfter })
        : detail.message || fallbackMessage(status, retryAfter),
    fields: detail.fields,
    retryAfter,
    body,
  });
  if (status === 401 && session.token && !path.startsWith('/api/auth/login')) {
    clearSession('expired');
  }
  return error;
}

// POSTs `file` as the raw request body and resolves with the
// parsed JSON answer; rejects with ApiError like request(). fetch cannot report upload progress,
// so this uses XMLHttpRequest: `onprogress({sent, total, uploaded})` follows the upload, and
// `uploaded` turns true once the server has the whole body and is working on it.
export function upload(path, file, { query, onprogress = () => {} } = {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path + queryString(query));
    xhr.setRequestHeader('Accept', 'application/json');
    // Always octet-stream: the server tells .xlsx from CSV by the bytes, and browsers label the
    // same .csv differently (Windows: application/vnd.ms-excel, which upload routes refuse).
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    if (session.token) xhr.setRequestHeader('Authorization', `Bearer ${session.token}`);
    const total = file.size;
    xhr.upload.onprogress = (e) =>
      onprogress({ sent: e.loaded, total: e.lengthComputable ? e.total : total, uploaded: false });
    xhr.upload.onload = () => onprogress({ sent: total, total, uploaded: true });
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, code: 'network', message: t('errors.network') }));
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else
        reject(
          failedRequest(path, xhr.status, body, {
            retryAfter: xhr.getResponseHeader('Retry-After'),
          }),
        );
    };
    xhr.send(file);
  });
}

export function queryString(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const api = {
  get: (path, query, options) => request('GET', path, { ...options, query }),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  del: (path, options) => request('DELETE', path, options),
  // A create (POST) that must not happen twice: sent with `submission`'s Idempotency-Key.
  create: async (path, body, submission = new Submission(), options) => {
    const reply = await request('POST', path, {
      ...options,
      body,
      idempotencyKey: submission.keyFor(body),
    });
    submission.done();
    return reply;
  },
};

// Saves a response body as a file download (CSV reports, backups); `headers` are sent along
// (the backup passphrase travels in one, never in the URL).
export async function download(path, query, fallbackName, headers = {}) {
  const response = await request('GET', path, { query, raw: true, headers });
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  return name;
}
