// Online payments in the staff UI: the settings section `payment`, pay links, payment attempts
// and the "perlu dicek" list. Pure functions; the components call them.
import { t } from '../i18n/index.js';
import { formatDateTime, formatPeriod, formatRupiah } from './format.js';
import { normalizePhone } from './validate.js';

export const PAYMENT_PROVIDERS = ['none', 'tripay', 'midtrans', 'xendit'];
export const PAYMENT_MODES = ['sandbox', 'production'];
export const FEE_MODES = ['absorbed', 'customer'];

// What the secret fields hold when a value is stored: sent back as is, the server keeps it.
export const SECRET_MASK = '***';

// Each provider's own fields, in form order; `secret` ones are masked by the server.
export const PROVIDER_FIELDS = {
  tripay: [
    { name: 'merchant_code' },
    { name: 'api_key', secret: true },
    { name: 'private_key', secret: true },
    { name: 'method' },
    { name: 'api_base_url', url: true },
  ],
  midtrans: [
    { name: 'server_key', secret: true },
    { name: 'snap_base_url', url: true },
    { name: 'core_base_url', url: true },
  ],
  xendit: [
    { name: 'secret_key', secret: true },
    { name: 'callback_token', secret: true },
    { name: 'api_base_url', url: true },
  ],
};

// A bill's number as staff and customers see it: its invoice number ("INV/2026/11/0042"), or
// "#42" for a copy without one.
export function invoiceNumber(transaction) {
  return transaction?.invoice_no || `#${transaction?.id ?? '-'}`;
}

// The customer number customers see and type: 42 -> "PLG-0042" (libs/domain/customer_number.h).
export function customerNumber(id) {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0) return '-';
  return `PLG-${String(n).padStart(4, '0')}`;
}

// "https://tagihan.example.net/" + tripay -> "https://tagihan.example.net/pay/callback/tripay";
// "" while the public address or the provider is not set.
export function callbackUrl(publicUrl, provider) {
  const base = String(publicUrl ?? '')
    .trim()
    .replace(/\/+$/, '');
  if (!base || !PROVIDER_FIELDS[provider]) return '';
  return `${base}/pay/callback/${provider}`;
}

function isHttpUrl(text) {
  return /^https?:\/\/[^\s/]+/.test(String(text ?? '').trim());
}

// Client-side check of the `payment` section; {field: message} with section-prefixed names.
export function validatePaymentSettings(p) {
  const e = {};
  if (!PAYMENT_PROVIDERS.includes(p.provider)) e['payment.provider'] = t('validation.required');
  if (!PAYMENT_MODES.includes(p.mode)) e['payment.mode'] = t('validation.required');
  if (!FEE_MODES.includes(p.fee_mode)) e['payment.fee_mode'] = t('validation.required');
  const hours = Number(p.link_hours);
  if (!Number.isInteger(hours) || hours < 1 || hours > 168)
    e['payment.link_hours'] = t('validation.range', { min: 1, max: 168 });
  if (p.fee_mode === 'customer') {
    const fee = Number(p.customer_fee);
    if (String(p.customer_fee ?? '') === '' || !Number.isInteger(fee) || fee < 0)
      e['payment.customer_fee'] = t('validation.amount');
  }
  const provider = PROVIDER_FIELDS[p.provider];
  if (!provider) return e;
  if (!isHttpUrl(p.public_url)) e['payment.public_url'] = t('validation.url');
  const section = p[p.provider] ?? {};
  for (const field of provider) {
    const value = String(section[field.name] ?? '').trim();
    const key = `payment.${p.provider}.${field.name}`;
    if (field.url) {
      if (value && !isHttpUrl(value)) e[key] = t('validation.url');
    } else if (!value) {
      e[key] = t('validation.required');
    }
  }
  return e;
}

// The body of POST /api/settings for the section: numbers as numbers, trimmed text, masked
// secrets sent back as "***" (the server keeps the stored value).
export function paymentSettingsBody(p) {
  const body = {
    provider: p.provider,
    mode: p.mode,
    fee_mode: p.fee_mode,
    customer_fee: Number(p.customer_fee) || 0,
    public_url: String(p.public_url ?? '').trim(),
    link_hours: Number(p.link_hours),
  };
  for (const [provider, fields] of Object.entries(PROVIDER_FIELDS)) {
    const section = {};
    for (const { name } of fields) section[name] = String(p[provider]?.[name] ?? '').trim();
    body[provider] = section;
  }
  return body;
}

// Used where the server's schema has no defaults for a value.
const FALLBACK = {
  provider: 'none',
  mode: 'sandbox',
  fee_mode: 'absorbed',
  customer_fee: 0,
  public_url: '',
  link_hours: 24,
};

// The defaults merged with the stored values, one level into the provider sections.
export function paymentDraft(defaults = {}, stored = {}) {
  const draft = { ...FALLBACK, ...defaults, ...stored };
  for (const provider of Object.keys(PROVIDER_FIELDS)) {
    draft[provider] = { ...defaults[provider], ...stored[provider] };
  }
  return draft;
}

// A wa.me link that opens WhatsApp with `text` for the customer's number (any number when the
// phone is unknown or invalid, staff pick the chat themselves).
export function waShareUrl(phone, text) {
  const number = normalizePhone(phone ?? '');
  return `https://wa.me/${number ?? ''}?text=${encodeURIComponent(text)}`;
}

// The WhatsApp message that goes with a pay link.
export function payLinkMessage(transaction, link) {
  return t('payments.shareText', {
    name: transaction.customer_name ?? '',
    what: transaction.period
      ? t('payments.shareWhatPeriod', { period: formatPeriod(transaction.period) })
      : '',
    amount: formatRupiah(link.amount),
    url: link.url,
    until: formatDateTime(link.expires_at),
  });
}

// Badge colour of an attempt's status.
export const ATTEMPT_BADGE = {
  pending: 'info',
  paid: 'ok',
  expired: 'neutral',
  failed: 'danger',
  refunded: 'warn',
};

// Why an attempt needs staff: the server's text, else ours for the reason code.
export function needsCheckText(attempt) {
  if (attempt.needs_check_text) return attempt.needs_check_text;
  if (!attempt.needs_check) return '';
  return t(`payments.needsCheck.${attempt.needs_check}`);
}

// How a paid bill's method reads: "Online · T0001-XYZ" for an online payment with a reference.
export function methodText(transaction) {
  const method = t(`methods.${transaction.payment_method || 'other'}`);
  if (transaction.payment_method === 'online' && transaction.payment_reference) {
    return `${method} · ${transaction.payment_reference}`;
  }
  return method;
}

// Copies text to the clipboard; the fallback works over plain HTTP on the LAN too, where
// navigator.clipboard is missing. Resolves true when copied.
export async function copyText(text, doc = globalThis.document, nav = globalThis.navigator) {
  try {
    if (nav?.clipboard?.writeText) {
      await nav.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  if (!doc?.createElement) return false;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
