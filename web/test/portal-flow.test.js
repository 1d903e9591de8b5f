// The portal's sign-in state machine, its start from the URL and the wait after paying.
import { describe, expect, it, vi } from 'vitest';
import { PortalError } from '../src/portal/api.js';
import {
  askCode,
  backToIdentify,
  initialFlow,
  openLink,
  parseLocation,
  resendCode,
  secondsUntilResend,
  verifyCode,
  waitForPayment,
} from '../src/portal/flow.js';

const fail = (status, retryAfter) => () => Promise.reject(new PortalError({ status, retryAfter }));
const NOW = 1_000_000;

describe('sign-in flow', () => {
  it('needs both fields before asking', async () => {
    const api = { askCode: vi.fn() };
    const flow = await askCode(api, initialFlow(), { number: ' ', phone: '0812' }, NOW);
    expect(flow.step).toBe('identify');
    expect(flow.error).toEqual(['errors.required']);
    expect(api.askCode).not.toHaveBeenCalled();
  });

  it('moves to the code step with a resend countdown', async () => {
    const api = { askCode: vi.fn(async () => ({ resend_after: 30, expires_in: 300 })) };
    const flow = await askCode(api, initialFlow(), { number: ' PLG-1 ', phone: '0812' }, NOW);
    expect(api.askCode).toHaveBeenCalledWith('PLG-1', '0812');
    expect(flow).toMatchObject({ step: 'code', number: 'PLG-1', phone: '0812', error: null });
    expect(secondsUntilResend(flow, NOW)).toBe(30);
    expect(secondsUntilResend(flow, NOW + 29_500)).toBe(1);
    expect(secondsUntilResend(flow, NOW + 30_000)).toBe(0);
  });

  it('resends only after the countdown', async () => {
    const api = { askCode: vi.fn(async () => ({ resend_after: 60 })) };
    const flow = await askCode(api, initialFlow(), { number: 'PLG-1', phone: '0812' }, NOW);
    expect(await resendCode(api, flow, NOW + 10_000)).toBe(flow);
    expect(api.askCode).toHaveBeenCalledTimes(1);
    const again = await resendCode(api, flow, NOW + 60_000);
    expect(api.askCode).toHaveBeenCalledTimes(2);
    expect(again.step).toBe('code');
    expect(secondsUntilResend(again, NOW + 60_000)).toBe(60);
  });

  it('stays on identify with a clear message when asking is rate-limited', async () => {
    const flow = await askCode(
      { askCode: fail(429, 90) },
      initialFlow(),
      { number: 'PLG-1', phone: '0812' },
      NOW,
    );
    expect(flow.step).toBe('identify');
    expect(flow.error).toEqual(['errors.tooMany', { seconds: 90 }]);
  });

  const codeStep = { ...initialFlow(), step: 'code', number: 'PLG-1', phone: '0812' };

  it('checks the code format before sending', async () => {
    const api = { verify: vi.fn() };
    expect((await verifyCode(api, codeStep, '12345')).error).toEqual(['errors.codeFormat']);
    expect((await verifyCode(api, codeStep, '12a456')).error).toEqual(['errors.codeFormat']);
    expect(api.verify).not.toHaveBeenCalled();
  });

  it('tells a wrong, an expired code and too many tries apart', async () => {
    expect((await verifyCode({ verify: fail(400) }, codeStep, '123456')).error).toEqual([
      'errors.wrongCode',
    ]);
    const expired = await verifyCode({ verify: fail(409) }, codeStep, '123456');
    expect(expired.error).toEqual(['errors.expiredCode']);
    expect(secondsUntilResend(expired, NOW)).toBe(0);
    expect((await verifyCode({ verify: fail(429, 300) }, codeStep, '123456')).error).toEqual([
      'errors.tooMany',
      { seconds: 300 },
    ]);
  });

  it('signs in with the right code', async () => {
    const session = { token: 'p1', expires_at: '2026-12-01T07:00:00Z' };
    const api = { verify: vi.fn(async () => session) };
    const flow = await verifyCode(api, codeStep, ' 123 456 ');
    expect(api.verify).toHaveBeenCalledWith('PLG-1', '0812', '123456');
    expect(flow).toMatchObject({ step: 'done', session, error: null });
    expect(backToIdentify(codeStep).step).toBe('identify');
  });

  it('opens a personal link, or falls back to identify when it is dead', async () => {
    const session = { token: 'p2' };
    expect(await openLink({ openLink: async () => session }, initialFlow(), 'tok')).toMatchObject({
      step: 'done',
      session,
    });
    expect(await openLink({ openLink: fail(404) }, initialFlow(), 'tok')).toMatchObject({
      step: 'identify',
      error: ['errors.badLink'],
    });
  });
});

describe('parseLocation', () => {
  it('finds the link token, the isolir page and the return from the provider', () => {
    expect(parseLocation('/portal', '')).toEqual({ linkToken: null, isolir: false, paid: null });
    expect(parseLocation('/portal/t/Ab_9-x', '').linkToken).toBe('Ab_9-x');
    expect(parseLocation('/portal/t/a.b', '').linkToken).toBeNull();
    expect(parseLocation('/portal/isolir', '').isolir).toBe(true);
    expect(parseLocation('/portal', '?paid=T123').paid).toBe('T123');
  });
});

describe('waitForPayment', () => {
  const sleep = () => Promise.resolve();

  it('asks until the payment is paid', async () => {
    const statuses = ['pending', 'pending', 'paid'];
    const api = { payment: vi.fn(async () => ({ status: statuses.shift() })) };
    expect(await waitForPayment(api, 'T1', { sleep })).toBe('paid');
    expect(api.payment).toHaveBeenCalledTimes(3);
    expect(api.payment).toHaveBeenCalledWith('T1');
  });

  it('stops on a failed or expired payment and on a foreign reference', async () => {
    expect(
      await waitForPayment({ payment: async () => ({ status: 'expired' }) }, 'T', { sleep }),
    ).toBe('failed');
    expect(await waitForPayment({ payment: fail(404) }, 'T', { sleep })).toBe('failed');
  });

  it('gives up as pending after the last try and keeps going over a lost connection', async () => {
    const api = { payment: vi.fn(fail(0)) };
    expect(await waitForPayment(api, 'T', { sleep, tries: 4 })).toBe('pending');
    expect(api.payment).toHaveBeenCalledTimes(4);
  });
});
