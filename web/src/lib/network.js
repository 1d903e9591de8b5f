// Network control helpers (pure): router defaults, form validation and request bodies.
import { t } from '../i18n/index.js';

// What the server sends instead of a stored password or secret; sent back, it keeps that one.
export const SECRET_MASK = '********';

export const ROUTER_KINDS = ['routeros', 'radius'];
export const ISOLIR_MODES = ['profile', 'disable'];

export const NETWORK_STATUS_BADGE = { active: 'ok', isolated: 'warn', inactive: 'neutral' };
export const LINK_STATE_BADGE = { ok: 'ok', pending: 'info', failed: 'danger' };

const DEFAULT_PORTS = [8728, 8729, 3799];

// The usual port of a router: RouterOS API 8728 (8729 with TLS), RADIUS CoA/Disconnect 3799.
export function defaultPort(kind, tls) {
  if (kind === 'radius') return 3799;
  return tls ? 8729 : 8728;
}

// The port to show after kind or TLS changed: follow the default unless staff typed another.
export function nextPort(currentPort, kind, tls) {
  const text = String(currentPort ?? '').trim();
  if (text === '' || DEFAULT_PORTS.includes(Number(text))) return defaultPort(kind, tls);
  return Number(text);
}

// The form state for a router (new when `router` is empty).
export function routerForm(router = {}) {
  const kind = router.kind ?? 'routeros';
  const tls = !!router.tls;
  return {
    name: router.name ?? '',
    kind,
    host: router.host ?? '',
    port: router.port != null ? String(router.port) : String(defaultPort(kind, tls)),
    tls,
    username: router.username ?? '',
    password: router.password ?? '',
    secret: router.secret ?? '',
    isolir_mode: router.isolir_mode || 'profile',
    isolir_profile: router.isolir_profile ?? 'isolir',
    enabled: router.enabled ?? true,
  };
}

// The same rule as the network service (network_rules.cc IsHost).
const HOST = /^[A-Za-z0-9.:_-]{1,253}$/;

// Host, port, TLS or kind differ from the stored router (`original`; none when adding): the
// stored password/secret belongs to the old destination, so the server wants it typed again.
export function destinationChanged(original, form) {
  if (!original?.id) return false;
  const tls = form.kind === 'routeros' && !!form.tls;
  return (
    (form.host ?? '').trim() !== (original.host ?? '') ||
    Number(String(form.port ?? '').trim()) !== Number(original.port) ||
    tls !== !!original.tls ||
    form.kind !== original.kind
  );
}

// The credential field of the form's kind: `password` (RouterOS API) or `secret` (RADIUS).
export function credentialField(kind) {
  return kind === 'radius' ? 'secret' : 'password';
}

export function validateRouter(form, original = null) {
  const errors = {};
  const name = form.name?.trim() ?? '';
  if (!name) errors.name = t('validation.required');
  else if (name.length > 60) errors.name = t('validation.tooLong', { max: 60 });
  if (!ROUTER_KINDS.includes(form.kind)) errors.kind = t('validation.required');
  const host = form.host?.trim() ?? '';
  if (!host) errors.host = t('validation.required');
  else if (!HOST.test(host)) errors.host = t('validation.host');
  const port = Number(String(form.port ?? '').trim());
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = t('validation.port');
  if (form.kind === 'routeros') {
    if ((form.username ?? '').length > 100) errors.username = t('validation.tooLong', { max: 100 });
    if (!ISOLIR_MODES.includes(form.isolir_mode)) errors.isolir_mode = t('validation.required');
    const profile = form.isolir_profile?.trim() ?? '';
    if (form.isolir_mode === 'profile' && !profile)
      errors.isolir_profile = t('validation.required');
    else if (profile.length > 60) errors.isolir_profile = t('validation.tooLong', { max: 60 });
  }
  const credential = credentialField(form.kind);
  if (
    destinationChanged(original, form) &&
    (!form[credential] || form[credential] === SECRET_MASK)
  ) {
    errors[credential] = t('network.secretAgain');
  }
  return errors;
}

// The body of POST/PUT /api/network/routers: only the fields of the router's kind. A password
// or secret still showing the mask is sent as the mask, so the stored one is kept.
export function routerBody(form) {
  const body = {
    name: form.name.trim(),
    kind: form.kind,
    host: form.host.trim(),
    port: Number(String(form.port).trim()),
    enabled: !!form.enabled,
  };
  if (form.kind === 'routeros') {
    Object.assign(body, {
      tls: !!form.tls,
      username: form.username.trim(),
      password: form.password,
      isolir_mode: form.isolir_mode,
      isolir_profile: form.isolir_profile.trim(),
    });
  } else {
    Object.assign(body, { tls: false, secret: form.secret });
  }
  return body;
}

export function policyForm(policy = {}) {
  return {
    auto_isolir: !!policy.auto_isolir,
    grace_days: policy.grace_days ?? 3,
    check_minutes: policy.check_minutes ?? 60,
    notify_whatsapp: policy.notify_whatsapp ?? true,
    isolir_pool: policy.isolir_pool ?? 'isolir',
    isolir_address_list: policy.isolir_address_list ?? 'isolir',
  };
}

function integerIn(value, min, max) {
  const n = Number(String(value ?? '').trim());
  return String(value ?? '').trim() !== '' && Number.isInteger(n) && n >= min && n <= max;
}

export function validatePolicy(form) {
  const errors = {};
  if (!integerIn(form.grace_days, 0, 60))
    errors.grace_days = t('validation.range', { min: 0, max: 60 });
  if (!integerIn(form.check_minutes, 5, 1440))
    errors.check_minutes = t('validation.range', { min: 5, max: 1440 });
  for (const key of ['isolir_pool', 'isolir_address_list']) {
    if ((form[key] ?? '').trim().length > 60) errors[key] = t('validation.tooLong', { max: 60 });
  }
  return errors;
}

export function policyBody(form) {
  return {
    auto_isolir: !!form.auto_isolir,
    grace_days: Number(form.grace_days),
    check_minutes: Number(form.check_minutes),
    notify_whatsapp: !!form.notify_whatsapp,
    isolir_pool: form.isolir_pool.trim(),
    isolir_address_list: form.isolir_address_list.trim(),
  };
}

// The reason of an isolir / reconnect: required, at most 200 characters. Null when valid.
export function reasonError(reason) {
  const text = String(reason ?? '').trim();
  if (!text) return t('validation.required');
  if ([...text].length > 200) return t('validation.tooLong', { max: 200 });
  return null;
}

// A package's RADIUS rate limit: empty, or "rx/tx" like "10M/10M" (MikroTik's longer forms
// with burst values after a space are let through).
export function rateLimitError(text) {
  const value = String(text ?? '').trim();
  if (!value) return null;
  return /^\d+[kKmMgG]?\/\d+[kKmMgG]?(\s.*)?$/.test(value) ? null : t('validation.rateLimit');
}

// One row per router link of the problem customers (state pending or failed).
export function problemRows(items) {
  const rows = [];
  for (const item of items ?? []) {
    const links = (item.links ?? []).filter((link) => link.state !== 'ok');
    if (links.length === 0) rows.push({ customer: item, link: null });
    for (const link of links) rows.push({ customer: item, link });
  }
  return rows;
}
