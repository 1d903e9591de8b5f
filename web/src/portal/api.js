// The portal's calls to the gateway (docs/portal-api.md): its own small client, so the portal
// bundle carries nothing of the staff app's session or API code.

export class PortalError extends Error {
  constructor({ status, code, message, fields, retryAfter }) {
    super(message || code);
    this.status = status;
    this.code = code;
    this.fields = fields || {};
    this.retryAfter = retryAfter ?? null;
  }
}

const STORAGE_KEY = 'portal.session';

// The portal session: a Bearer token kept for this tab only (sessionStorage).
export function loadSession(storage = globalThis.sessionStorage) {
  try {
    const saved = JSON.parse(storage?.getItem(STORAGE_KEY) || 'null');
    if (saved?.token && (!saved.expires_at || Date.parse(saved.expires_at) > Date.now())) {
      return saved;
    }
  } catch {}
  return null;
}

export function saveSession(session, storage = globalThis.sessionStorage) {
  try {
    if (session) storage?.setItem(STORAGE_KEY, JSON.stringify(session));
    else storage?.removeItem(STORAGE_KEY);
  } catch {}
}

// `getToken` returns the current session token (or null); `onUnauthorized` runs when a signed-in
// call answers 401 (the session expired or was ended).
export function createPortalApi({
  fetch: fetchFn = (...args) => globalThis.fetch(...args),
  getToken = () => null,
  onUnauthorized = () => {},
} = {}) {
  async function call(method, path, body) {
    const token = getToken();
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
      response = await fetchFn(`/api/portal${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch {
      throw new PortalError({ status: 0, code: 'network' });
    }
    const text = response.status === 204 ? '' : await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {}
    if (response.ok) return json;
    const detail = json?.error || {};
    const header = response.headers.get('Retry-After');
    const error = new PortalError({
      status: response.status,
      code: detail.code || `http_${response.status}`,
      message: detail.message,
      fields: detail.fields,
      retryAfter: header && /^\d+$/.test(header.trim()) ? Number(header) : null,
    });
    if (response.status === 401 && token) onUnauthorized(error);
    throw error;
  }

  const id = (value) => encodeURIComponent(String(value));
  return {
    askCode: (customerNumber, phone) =>
      call('POST', '/login/code', { customer_number: customerNumber, phone }),
    verify: (customerNumber, phone, code) =>
      call('POST', '/login/verify', { customer_number: customerNumber, phone, code }),
    openLink: (linkToken) => call('POST', '/login/link', { token: linkToken }),
    logout: () => call('POST', '/logout'),
    me: () => call('GET', '/me'),
    pay: (billId) => call('POST', `/bills/${id(billId)}/pay`),
    payAll: () => call('POST', '/bills/pay-all'),
    payment: (reference) => call('GET', `/payments/${id(reference)}`),
    bill: (billId) => call('GET', `/bills/${id(billId)}`),
  };
}

// The message key (i18n/portal.js) and parameters for an error of any portal call.
export function errorText(error) {
  const status = error?.status ?? -1;
  if (status === 0) return ['errors.network'];
  if (status === 429) {
    return error.retryAfter
      ? ['errors.tooMany', { seconds: error.retryAfter }]
      : ['errors.tooManyNow'];
  }
  if (status === 401) return ['errors.expired'];
  if (status === 404) return ['errors.notFound'];
  if (status === 409) return ['errors.paidAlready'];
  if (status === 503) return ['errors.unavailable'];
  return ['errors.server'];
}
