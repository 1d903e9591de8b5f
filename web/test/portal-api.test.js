// The portal's API client against docs/portal-api.md: paths, bodies, the Bearer token, the one
// error shape, Retry-After, and the session kept for the tab.
import { describe, expect, it, vi } from 'vitest';
import {
  PortalError,
  createPortalApi,
  errorText,
  loadSession,
  saveSession,
} from '../src/portal/api.js';

function reply(status, body, headers = {}) {
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name) => headers[name] ?? null },
    text: async () => (body === undefined ? '' : JSON.stringify(body)),
  };
}

function recorder(...replies) {
  const calls = [];
  const fetch = vi.fn(async (url, init) => {
    calls.push({ url, ...init, body: init.body === undefined ? undefined : JSON.parse(init.body) });
    return replies.shift();
  });
  return { fetch, calls };
}

describe('portal api client', () => {
  it('asks for a code and verifies it without a token', async () => {
    const { fetch, calls } = recorder(
      reply(202, { resend_after: 60, expires_in: 300 }),
      reply(200, { token: 'p1', expires_at: '2026-12-01T06:30:00Z' }),
    );
    const api = createPortalApi({ fetch });
    expect(await api.askCode('PLG-1', '0812')).toEqual({ resend_after: 60, expires_in: 300 });
    expect(await api.verify('PLG-1', '0812', '123456')).toMatchObject({ token: 'p1' });
    expect(calls[0]).toMatchObject({
      url: '/api/portal/login/code',
      method: 'POST',
      body: { customer_number: 'PLG-1', phone: '0812' },
    });
    expect(calls[1]).toMatchObject({
      url: '/api/portal/login/verify',
      body: { customer_number: 'PLG-1', phone: '0812', code: '123456' },
    });
    expect(calls[0].headers.Authorization).toBeUndefined();
  });

  it('sends the session token and names every endpoint of the contract', async () => {
    const { fetch, calls } = recorder(...Array.from({ length: 8 }, () => reply(200, {})));
    const api = createPortalApi({ fetch, getToken: () => 'tok' });
    await api.openLink('abc_DEF-1');
    await api.me();
    await api.pay(981);
    await api.payAll();
    await api.payment('T 1/2');
    await api.bill(917);
    await api.logout();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/portal/login/link',
      'GET /api/portal/me',
      'POST /api/portal/bills/981/pay',
      'POST /api/portal/bills/pay-all',
      'GET /api/portal/payments/T%201%2F2',
      'GET /api/portal/bills/917',
      'POST /api/portal/logout',
    ]);
    expect(calls[0].body).toEqual({ token: 'abc_DEF-1' });
    for (const call of calls) expect(call.headers.Authorization).toBe('Bearer tok');
  });

  it('turns the error shape and Retry-After into a PortalError', async () => {
    const { fetch } = recorder(
      reply(
        429,
        { error: { code: 'resource_exhausted', message: 'Terlalu sering', fields: {} } },
        { 'Retry-After': '42' },
      ),
    );
    const api = createPortalApi({ fetch });
    const error = await api.verify('PLG-1', '0812', '000000').catch((e) => e);
    expect(error).toBeInstanceOf(PortalError);
    expect(error).toMatchObject({
      status: 429,
      code: 'resource_exhausted',
      message: 'Terlalu sering',
      retryAfter: 42,
    });
    expect(errorText(error)).toEqual(['errors.tooMany', { seconds: 42 }]);
  });

  it('ends the session on 401 only when one was open', async () => {
    const onUnauthorized = vi.fn();
    const signedIn = createPortalApi({
      fetch: recorder(reply(401, { error: { code: 'unauthenticated' } })).fetch,
      getToken: () => 'old',
      onUnauthorized,
    });
    await expect(signedIn.me()).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    const signedOut = createPortalApi({
      fetch: recorder(reply(401, undefined)).fetch,
      onUnauthorized,
    });
    await expect(signedOut.openLink('x')).rejects.toMatchObject({ code: 'http_401' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('reports a lost connection as status 0', async () => {
    const api = createPortalApi({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const error = await api.me().catch((e) => e);
    expect(error.status).toBe(0);
    expect(errorText(error)).toEqual(['errors.network']);
  });

  it('maps statuses to the portal texts', () => {
    expect(errorText(new PortalError({ status: 429 }))).toEqual(['errors.tooManyNow']);
    expect(errorText(new PortalError({ status: 404 }))).toEqual(['errors.notFound']);
    expect(errorText(new PortalError({ status: 409 }))).toEqual(['errors.paidAlready']);
    expect(errorText(new PortalError({ status: 503 }))).toEqual(['errors.unavailable']);
    expect(errorText(new PortalError({ status: 500 }))).toEqual(['errors.server']);
  });
});

describe('portal session storage', () => {
  function memory() {
    const items = new Map();
    return {
      getItem: (k) => items.get(k) ?? null,
      setItem: (k, v) => items.set(k, v),
      removeItem: (k) => items.delete(k),
    };
  }

  it('keeps a live session and drops an expired or cleared one', () => {
    const storage = memory();
    const later = new Date(Date.now() + 60_000).toISOString();
    saveSession({ token: 't', expires_at: later }, storage);
    expect(loadSession(storage)).toEqual({ token: 't', expires_at: later });
    saveSession({ token: 't', expires_at: '2000-01-01T00:00:00Z' }, storage);
    expect(loadSession(storage)).toBeNull();
    saveSession(null, storage);
    expect(loadSession(storage)).toBeNull();
    storage.setItem('portal.session', '{broken');
    expect(loadSession(storage)).toBeNull();
  });
});
