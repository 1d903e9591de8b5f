// Network control helpers: router ports, masked secrets, validation of routers, policy, reasons.
import { describe, expect, it } from 'vitest';
import {
  SECRET_MASK,
  credentialField,
  defaultPort,
  destinationChanged,
  nextPort,
  policyBody,
  policyForm,
  problemRows,
  rateLimitError,
  reasonError,
  routerBody,
  routerForm,
  validatePolicy,
  validateRouter,
} from '../src/lib/network.js';

describe('router ports', () => {
  it('defaults to the RouterOS API, API-SSL or RADIUS port', () => {
    expect(defaultPort('routeros', false)).toBe(8728);
    expect(defaultPort('routeros', true)).toBe(8729);
    expect(defaultPort('radius', false)).toBe(3799);
  });
  it('follows kind and TLS unless staff typed another port', () => {
    expect(nextPort('8728', 'routeros', true)).toBe(8729);
    expect(nextPort('8729', 'radius', false)).toBe(3799);
    expect(nextPort('', 'routeros', false)).toBe(8728);
    expect(nextPort('18728', 'radius', false)).toBe(18728);
  });
  it('prefills a new router form', () => {
    expect(routerForm()).toMatchObject({
      kind: 'routeros',
      port: '8728',
      isolir_mode: 'profile',
      isolir_profile: 'isolir',
      enabled: true,
    });
  });
});

describe('router body', () => {
  const stored = {
    id: 4,
    name: 'Pusat',
    kind: 'routeros',
    host: '10.0.0.1',
    port: 8729,
    tls: true,
    username: 'api',
    password: SECRET_MASK,
    secret: '',
    isolir_mode: 'disable',
    isolir_profile: 'isolir',
    enabled: true,
  };
  it('sends a masked password back unchanged so the stored one is kept', () => {
    const body = routerBody(routerForm(stored));
    expect(body.password).toBe(SECRET_MASK);
    expect(body).toMatchObject({
      kind: 'routeros',
      port: 8729,
      tls: true,
      username: 'api',
      isolir_mode: 'disable',
    });
    expect(body).not.toHaveProperty('secret');
  });
  it('sends only the secret for a RADIUS NAS', () => {
    const body = routerBody({
      ...routerForm({ kind: 'radius' }),
      name: ' NAS ',
      host: '127.0.0.1',
      secret: 's3cret',
      password: 'x',
    });
    expect(body).toMatchObject({
      name: 'NAS',
      kind: 'radius',
      port: 3799,
      secret: 's3cret',
      tls: false,
    });
    expect(body).not.toHaveProperty('password');
  });
  it('validates name, host and port', () => {
    expect(validateRouter(routerForm({ name: '', host: 'a b', port: 70000 }))).toEqual({
      name: 'Wajib diisi',
      host: 'Isi alamat IP atau nama host tanpa spasi',
      port: 'Isi port 1 sampai 65535',
    });
    expect(validateRouter(routerForm({ name: 'R1', host: 'fe80::1' }))).toEqual({});
    expect(
      validateRouter({ ...routerForm({ name: 'R1', host: 'r1.lan' }), isolir_profile: '' }),
    ).toHaveProperty('isolir_profile');
  });
});

describe('policy', () => {
  it('checks the ranges of grace days and the check interval', () => {
    expect(validatePolicy(policyForm({ grace_days: 61, check_minutes: 4 }))).toEqual({
      grace_days: 'Isi angka 0 sampai 60',
      check_minutes: 'Isi angka 5 sampai 1440',
    });
    expect(validatePolicy(policyForm({}))).toEqual({});
  });
  it('sends numbers', () => {
    expect(policyBody({ ...policyForm({}), grace_days: '7', check_minutes: '30' })).toMatchObject({
      grace_days: 7,
      check_minutes: 30,
    });
  });
});

describe('reason and rate limit', () => {
  it('needs a reason of at most 200 characters', () => {
    expect(reasonError('  ')).toBe('Wajib diisi');
    expect(reasonError('x'.repeat(201))).toBe('Maksimal 200 karakter');
    expect(reasonError('Tunggakan 2 bulan')).toBeNull();
  });
  it('accepts empty or rx/tx rate limits', () => {
    for (const ok of ['', '10M/10M', '512k/1M', '10M/10M 20M/20M 8M/8M 10/10'])
      expect(rateLimitError(ok)).toBeNull();
    for (const bad of ['10 Mbps', '10M', 'M/M']) expect(rateLimitError(bad)).toMatch(/10M\/10M/);
  });
});

describe('problem rows', () => {
  it('lists each router that is behind, not the ones in sync', () => {
    const rows = problemRows([
      {
        customer_id: 1,
        links: [
          { router_id: 1, state: 'ok' },
          { router_id: 2, state: 'failed' },
        ],
      },
      { customer_id: 2, links: [] },
    ]);
    expect(rows.map((r) => [r.customer.customer_id, r.link?.router_id ?? null])).toEqual([
      [1, 2],
      [2, null],
    ]);
  });
});

describe('a router moved to another destination', () => {
  const stored = {
    id: 3,
    name: 'R1',
    kind: 'routeros',
    host: '10.0.0.1',
    port: 8728,
    tls: false,
    username: 'api',
    password: SECRET_MASK,
    secret: '',
  };

  it('notices host, port, TLS and kind changes only', () => {
    const form = routerForm(stored);
    expect(destinationChanged(stored, form)).toBe(false);
    expect(destinationChanged(stored, { ...form, name: 'Lain', username: 'x' })).toBe(false);
    expect(destinationChanged(stored, { ...form, host: '10.0.0.2' })).toBe(true);
    expect(destinationChanged(stored, { ...form, port: '18728' })).toBe(true);
    expect(destinationChanged(stored, { ...form, tls: true })).toBe(true);
    expect(destinationChanged(stored, { ...form, kind: 'radius' })).toBe(true);
    expect(destinationChanged(null, { ...form, host: '10.0.0.2' })).toBe(false);
  });

  it('asks for the password or secret of the kind again', () => {
    const form = { ...routerForm(stored), host: '10.0.0.2' };
    expect(validateRouter(form, stored).password).toBeTruthy();
    expect(validateRouter({ ...form, password: '' }, stored).password).toBeTruthy();
    expect(validateRouter({ ...form, password: 'baru' }, stored).password).toBeUndefined();
    expect(validateRouter(routerForm(stored), stored).password).toBeUndefined();
    const radius = { ...routerForm(stored), kind: 'radius', port: '3799' };
    expect(validateRouter(radius, stored).secret).toBeTruthy();
    expect(credentialField('radius')).toBe('secret');
    expect(credentialField('routeros')).toBe('password');
  });
});
