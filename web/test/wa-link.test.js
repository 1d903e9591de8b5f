// The linked WhatsApp device in the staff UI: the state badge, when the linking panel asks the
// server again, which buttons it offers, the QR text and the number as people read it.
import { describe, expect, it } from 'vitest';
import {
  LINK_POLL_MS,
  PAIRING_GRACE_MS,
  WHATSAPP_PROVIDERS,
  canLink,
  canUnlink,
  formatLinkedNumber,
  linkBadge,
  linkDetail,
  linkQr,
  needsProviderUrl,
  shouldPoll,
} from '../src/lib/wa-link.js';

const link = (fields) => ({
  reachable: true,
  state: 'disconnected',
  number: '',
  name: '',
  since: '2026-12-03T12:00:00.000Z',
  reason: '',
  detail: '',
  qr: '',
  ...fields,
});

const connected = link({
  state: 'connected',
  number: '6281234567890',
  name: 'Sejahtera Net',
  detail: 'Terhubung',
});
const waiting = link({ state: 'waiting_for_scan', qr: '2@abc', detail: 'Menunggu pindai QR' });
const unreachable = link({ reachable: false, state: '', detail: 'wa-link tidak bisa dihubungi' });

describe('providers', () => {
  it('offers the linked device as the fifth choice', () => {
    expect(WHATSAPP_PROVIDERS).toEqual(['none', 'cloud', 'gateway', 'custom', 'linked']);
  });
  it('asks for a URL only for the providers that send to one', () => {
    expect(WHATSAPP_PROVIDERS.filter(needsProviderUrl)).toEqual(['gateway', 'custom']);
  });
});

describe('linkBadge', () => {
  it('labels the three states', () => {
    expect(linkBadge(connected)).toEqual({ kind: 'ok', label: 'Terhubung', state: 'connected' });
    expect(linkBadge(waiting)).toEqual({
      kind: 'info',
      label: 'Menunggu pindai QR',
      state: 'waiting_for_scan',
    });
    expect(linkBadge(link({ reason: 'logged_out' }))).toEqual({
      kind: 'danger',
      label: 'Terputus',
      state: 'disconnected',
    });
  });
  it('colours a disconnection by its reason', () => {
    const kind = (reason) => linkBadge(link({ reason })).kind;
    expect(kind('')).toBe('neutral');
    expect(kind('unlinked')).toBe('neutral');
    expect(kind('reconnecting')).toBe('warn');
    expect(kind('qr_timeout')).toBe('warn');
    expect(kind('logged_out')).toBe('danger');
    expect(kind('something_new')).toBe('danger');
  });
  it('says when wa-link cannot be reached, whatever the state field holds', () => {
    expect(linkBadge(unreachable)).toMatchObject({ kind: 'danger', state: 'unreachable' });
    expect(linkBadge({ ...connected, reachable: false }).state).toBe('unreachable');
  });
  it('does not guess without an answer', () => {
    expect(linkBadge(null)).toMatchObject({ kind: 'neutral', state: 'unknown' });
    expect(linkBadge(link({ state: 'exploded' })).state).toBe('unknown');
  });
});

describe('linkDetail', () => {
  it('shows the server text only for a phone that is not linked or out of reach', () => {
    expect(linkDetail(connected)).toBe('');
    expect(linkDetail(waiting)).toBe('');
    expect(linkDetail(link({ reason: 'logged_out', detail: ' Dikeluarkan WhatsApp ' }))).toBe(
      'Dikeluarkan WhatsApp',
    );
    expect(linkDetail(unreachable)).toBe('wa-link tidak bisa dihubungi');
    expect(linkDetail(null)).toBe('');
  });
});

describe('shouldPoll', () => {
  const now = 1_000_000;
  it('polls every 2 s', () => {
    expect(LINK_POLL_MS).toBe(2000);
  });
  it('polls while WhatsApp waits for the scan and the panel is on screen', () => {
    expect(shouldPoll(waiting, { visible: true })).toBe(true);
    expect(shouldPoll(waiting, { visible: false })).toBe(false);
  });
  it('stops once connected, even just after pressing the button', () => {
    expect(shouldPoll(connected, { visible: true })).toBe(false);
    expect(shouldPoll(connected, { visible: true, pairingSince: now, now })).toBe(false);
  });
  it('does not poll a disconnected or unknown link unless pairing just started', () => {
    expect(shouldPoll(link({}), { visible: true })).toBe(false);
    expect(shouldPoll(null, { visible: true, pairingSince: now, now })).toBe(false);
    expect(shouldPoll(unreachable, { visible: true })).toBe(false);
    expect(shouldPoll(link({}), { visible: true, pairingSince: now, now: now + 1000 })).toBe(true);
    expect(
      shouldPoll(link({}), { visible: true, pairingSince: now, now: now + PAIRING_GRACE_MS }),
    ).toBe(false);
    expect(shouldPoll(link({}), { visible: false, pairingSince: now, now })).toBe(false);
  });
});

describe('buttons', () => {
  it('offers linking only when nothing is linked or being restored', () => {
    expect(canLink(link({}))).toBe(true);
    expect(canLink(link({ reason: 'unlinked' }))).toBe(true);
    expect(canLink(link({ reason: 'logged_out' }))).toBe(true);
    expect(canLink(link({ reason: 'qr_timeout' }))).toBe(true);
    expect(canLink(link({ reason: 'reconnecting' }))).toBe(false);
    expect(canLink(waiting)).toBe(false);
    expect(canLink(connected)).toBe(false);
    expect(canLink(unreachable)).toBe(false);
    expect(canLink(null)).toBe(false);
  });
  it('offers unlinking when there is a session to drop', () => {
    expect(canUnlink(connected)).toBe(true);
    expect(canUnlink(link({ reason: 'reconnecting' }))).toBe(true);
    expect(canUnlink(link({}))).toBe(false);
    expect(canUnlink(waiting)).toBe(false);
    expect(canUnlink({ ...connected, reachable: false })).toBe(false);
    expect(canUnlink(null)).toBe(false);
  });
});

describe('linkQr', () => {
  it('gives the code only while waiting for the scan', () => {
    expect(linkQr(waiting)).toBe('2@abc');
    expect(linkQr(link({ state: 'waiting_for_scan', qr: undefined }))).toBe('');
    expect(linkQr({ ...connected, qr: '2@old' })).toBe('');
    expect(linkQr({ ...waiting, reachable: false })).toBe('');
    expect(linkQr(null)).toBe('');
  });
});

describe('formatLinkedNumber', () => {
  it('groups Indonesian mobile numbers', () => {
    expect(formatLinkedNumber('6281234567890')).toBe('+62 812-3456-7890');
    expect(formatLinkedNumber('628123456789')).toBe('+62 812-3456-789');
  });
  it('keeps other numbers whole', () => {
    expect(formatLinkedNumber('60123456789')).toBe('+60123456789');
    expect(formatLinkedNumber('62215551234')).toBe('+62215551234');
  });
  it('is empty without a number', () => {
    expect(formatLinkedNumber('')).toBe('');
    expect(formatLinkedNumber(null)).toBe('');
  });
});
