// The state every form shares: check messages, server failures by their fields, busy.
import { describe, expect, it } from 'vitest';
import { formState, passes, submitForm } from '../src/lib/form.js';

function apiError(status, message, fields = {}) {
  return Object.assign(new Error(message), { status, fields });
}

describe('passes', () => {
  it('shows the check messages and refuses the form while there are any', () => {
    const f = { ...formState(), error: 'old' };
    expect(passes(f, { name: 'Wajib diisi' })).toBe(false);
    expect(f).toMatchObject({ errors: { name: 'Wajib diisi' }, error: null });
  });

  it('lets a clean form through and clears the old messages', () => {
    const f = { errors: { name: 'Wajib diisi' }, error: 'old', busy: false };
    expect(passes(f, {})).toBe(true);
    expect(f).toMatchObject({ errors: {}, error: null });
  });
});

describe('submitForm', () => {
  it('is busy while saving and resolves true when saved', async () => {
    const f = formState();
    let busyDuringSave = null;
    const ok = await submitForm(f, async () => {
      busyDuringSave = f.busy;
    });
    expect(ok).toBe(true);
    expect(busyDuringSave).toBe(true);
    expect(f).toEqual({ errors: {}, error: null, busy: false });
  });

  it('puts a failure by its fields and above the form', async () => {
    const f = formState();
    const ok = await submitForm(f, () =>
      Promise.reject(apiError(400, 'Data tidak valid', { phone: 'Nomor tidak valid' })),
    );
    expect(ok).toBe(false);
    expect(f).toEqual({
      errors: { phone: 'Nomor tidak valid' },
      error: 'Data tidak valid',
      busy: false,
    });
  });

  it('shows no field messages when the error has none', async () => {
    const f = { ...formState(), errors: { name: 'x' } };
    await submitForm(f, () => Promise.reject(new TypeError('Failed to fetch')));
    expect(f.errors).toEqual({});
    expect(f.error).toBe('Failed to fetch');
  });

  it('lets the caller choose the fields and the message', async () => {
    const f = formState();
    await submitForm(f, () => Promise.reject(apiError(404, 'Not Found', { 'items[0].qty': 'x' })), {
      fields: (e) => ({ mapped: Object.keys(e.fields)[0] }),
      message: (e) => `status ${e.status}`,
    });
    expect(f).toMatchObject({ errors: { mapped: 'items[0].qty' }, error: 'status 404' });
  });

  it('leaves the form as it was when the caller handles the failure', async () => {
    const f = { ...formState(), errors: { amount: 'old' } };
    const seen = [];
    const ok = await submitForm(f, () => Promise.reject(apiError(409, 'Sudah lunas')), {
      handled: (e) => seen.push(e.status) > 0,
    });
    expect(ok).toBe(false);
    expect(seen).toEqual([409]);
    expect(f).toEqual({ errors: { amount: 'old' }, error: null, busy: false });
  });
});
