// The linked WhatsApp device (provider "linked", docs/wa-link.md): what its state looks like to
// staff, and when the admin's linking panel asks the server again. Pure functions; the
// components (LinkedDevice, LinkedStatus) call them.
import { t } from '../i18n/index.js';

// The providers Pengaturan › WhatsApp offers (labels: i18n `providers.*`).
export const WHATSAPP_PROVIDERS = ['none', 'cloud', 'gateway', 'custom', 'linked'];

// The providers that send to a URL the admin types (base URL, or the custom URL template).
export function needsProviderUrl(provider) {
  return provider === 'gateway' || provider === 'custom';
}

// How often the panel asks for the newest QR code while WhatsApp waits for a scan: WhatsApp
// sends a new one about every 20 s, and a code shown late may already be expired.
export const LINK_POLL_MS = 2000;
// After "Tautkan perangkat" the panel keeps asking this long, even before the state turns
// waiting_for_scan (wa-link may still be opening its socket).
export const PAIRING_GRACE_MS = 30000;

export const LINK_STATES = ['connected', 'waiting_for_scan', 'disconnected'];

// The badge of a link ({reachable, state, reason, ...} from the API; null when unknown):
// {kind, label, state}, `state` being one of LINK_STATES or "unreachable" / "unknown".
export function linkBadge(link) {
  if (!link) return { kind: 'neutral', label: t('linkedDevice.states.unknown'), state: 'unknown' };
  if (link.reachable === false) {
    return { kind: 'danger', label: t('linkedDevice.states.unreachable'), state: 'unreachable' };
  }
  switch (link.state) {
    case 'connected':
      return { kind: 'ok', label: t('linkedDevice.states.connected'), state: 'connected' };
    case 'waiting_for_scan':
      return {
        kind: 'info',
        label: t('linkedDevice.states.waiting_for_scan'),
        state: 'waiting_for_scan',
      };
    case 'disconnected':
      return {
        kind: DISCONNECTED_KIND[link.reason] ?? 'danger',
        label: t('linkedDevice.states.disconnected'),
        state: 'disconnected',
      };
    default:
      return { kind: 'neutral', label: t('linkedDevice.states.unknown'), state: 'unknown' };
  }
}

// Never linked or unlinked on purpose is not a fault; reconnecting or an expired QR code will
// pass; logged out by WhatsApp (the device removed on the phone, or the number banned) needs
// the owner.
const DISCONNECTED_KIND = {
  '': 'neutral',
  unlinked: 'neutral',
  reconnecting: 'warn',
  qr_timeout: 'warn',
  logged_out: 'danger',
};

// The reason text to show under the badge: the server's own Indonesian `detail`, when the
// phone is not linked or wa-link cannot be reached ("" otherwise: the badge says it all).
export function linkDetail(link) {
  if (!link || (link.reachable !== false && link.state !== 'disconnected')) return '';
  return String(link.detail ?? '').trim();
}

// Whether the panel asks again in LINK_POLL_MS: only while it is on screen (`visible`), and
// only while a QR code is (or, just after "Tautkan perangkat", is about to be) on show.
// `pairingSince` is when the admin pressed the button (ms, or null), `now` the time (ms).
export function shouldPoll(link, { visible, pairingSince = null, now = Date.now() }) {
  if (!visible || !link) return false;
  if (link.state === 'connected') return false;
  if (link.reachable !== false && link.state === 'waiting_for_scan') return true;
  return pairingSince !== null && now - pairingSince < PAIRING_GRACE_MS;
}

// Pairing can start: wa-link answers, nothing is linked and it is not reconnecting a saved
// session (POST /link would change nothing then).
export function canLink(link) {
  return (
    !!link &&
    link.reachable !== false &&
    link.state === 'disconnected' &&
    link.reason !== 'reconnecting'
  );
}

// There is a session to drop: connected, or a saved one that is reconnecting.
export function canUnlink(link) {
  return (
    !!link &&
    link.reachable !== false &&
    (link.state === 'connected' ||
      (link.state === 'disconnected' && link.reason === 'reconnecting'))
  );
}

// The QR code to draw: only while waiting for a scan ("" otherwise or before WhatsApp sent one).
export function linkQr(link) {
  return link?.reachable !== false && link?.state === 'waiting_for_scan' ? (link.qr ?? '') : '';
}

// "6281234567890" -> "+62 812-3456-7890" (Indonesian mobile numbers grouped as people write
// them); other countries "+<digits>"; "" when there is no number.
export function formatLinkedNumber(number) {
  const digits = String(number ?? '').replace(/\D/g, '');
  if (!digits) return '';
  const m = /^62(8\d{2})(\d{3,4})(\d{3,5})$/.exec(digits);
  if (m) return `+62 ${m[1]}-${m[2]}-${m[3]}`;
  return `+${digits}`;
}
