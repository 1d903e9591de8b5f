// The sign-in flow as plain data and steps (no DOM), so it can be tested on its own:
// identify (customer number + phone) -> code (6 digits, resend after a countdown) -> signed in.
// A step takes the flow and returns the next one; errors become a message key in `error`.
import { errorText } from './api.js';

export function initialFlow() {
  return { step: 'identify', number: '', phone: '', resendAt: 0, error: null, session: null };
}

const CODE = /^\d{6}$/;

// Asks for a code. The answer is the same whether or not the pair matches (no enumeration), so
// the flow always moves on to the code step unless the request itself failed.
export async function askCode(api, flow, { number, phone }, now = Date.now()) {
  const n = String(number ?? '').trim();
  const p = String(phone ?? '').trim();
  if (!n || !p) return { ...flow, number: n, phone: p, error: ['errors.required'] };
  try {
    const reply = await api.askCode(n, p);
    const wait = Number(reply?.resend_after) > 0 ? Number(reply.resend_after) : 60;
    return { ...flow, step: 'code', number: n, phone: p, resendAt: now + wait * 1000, error: null };
  } catch (error) {
    return { ...flow, number: n, phone: p, error: errorText(error) };
  }
}

// Asks for a new code from the code step once the countdown is over.
export async function resendCode(api, flow, now = Date.now()) {
  if (flow.step !== 'code' || secondsUntilResend(flow, now) > 0) return flow;
  const next = await askCode(api, flow, flow, now);
  return { ...next, step: 'code' };
}

export function secondsUntilResend(flow, now = Date.now()) {
  return Math.max(0, Math.ceil((flow.resendAt - now) / 1000));
}

// Confirms the code: wrong (400), expired or used (409), too many tries (429 + Retry-After).
export async function verifyCode(api, flow, code) {
  const c = String(code ?? '').replace(/\s+/g, '');
  if (!CODE.test(c)) return { ...flow, error: ['errors.codeFormat'] };
  try {
    const session = await api.verify(flow.number, flow.phone, c);
    return { ...flow, step: 'done', error: null, session };
  } catch (error) {
    if (error?.status === 400) return { ...flow, error: ['errors.wrongCode'] };
    if (error?.status === 409) return { ...flow, error: ['errors.expiredCode'], resendAt: 0 };
    return { ...flow, error: errorText(error) };
  }
}

// Opens a personal link (/portal/t/<token>); a dead link falls back to the identify step.
export async function openLink(api, flow, linkToken) {
  try {
    const session = await api.openLink(linkToken);
    return { ...flow, step: 'done', error: null, session };
  } catch (error) {
    const text = error?.status === 404 ? ['errors.badLink'] : errorText(error);
    return { ...flow, step: 'identify', error: text };
  }
}

// Back from the code step to change the number or phone.
export function backToIdentify(flow) {
  return { ...flow, step: 'identify', error: null };
}

// Where the page starts: /portal/t/<token> (a link to open), /portal/isolir (the suspended
// notice on top), ?paid=<reference> (back from the payment provider).
export function parseLocation(pathname, search) {
  const params = new URLSearchParams(search || '');
  const link = /^\/portal\/t\/([A-Za-z0-9_-]{1,256})\/?$/.exec(pathname || '');
  return {
    linkToken: link ? link[1] : null,
    isolir: /^\/portal\/isolir\/?$/.test(pathname || ''),
    paid: params.get('paid') || null,
  };
}

const sleepFor = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Back from the provider (?paid=<reference>): asks for the payment's status every `every` ms
// until it is final or `tries` are used up; returns 'paid', 'failed' (also expired) or
// 'pending'. `onCheck` sees each status; `stopped()` ends the wait early (page left).
export async function waitForPayment(
  api,
  reference,
  { every = 3000, tries = 40, sleep = sleepFor, onCheck = () => {}, stopped = () => false } = {},
) {
  for (let i = 0; i < tries && !stopped(); i += 1) {
    try {
      const { status } = await api.payment(reference);
      onCheck(status);
      if (status === 'paid') return 'paid';
      if (status === 'failed' || status === 'expired') return 'failed';
    } catch (error) {
      if (error?.status === 404 || error?.status === 401) return 'failed';
    }
    if (i + 1 < tries) await sleep(every);
  }
  return 'pending';
}
