// Idempotency-Key handling of create forms: one key per submission.
import { describe, expect, it } from 'vitest';
import { Submission, newIdempotencyKey } from '../src/lib/api.js';

describe('Submission', () => {
  it('keeps the key while the same body is sent again', () => {
    const submission = new Submission();
    const key = submission.keyFor({ customer_id: 1, items: [{ name: 'LPG 3 kg', qty: 2 }] });
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(submission.keyFor({ customer_id: 1, items: [{ name: 'LPG 3 kg', qty: 2 }] })).toBe(key);
  });
  it('takes a new key for a changed body or after a success', () => {
    const submission = new Submission();
    const first = submission.keyFor({ customer_id: 1 });
    const changed = submission.keyFor({ customer_id: 2 });
    expect(changed).not.toBe(first);
    submission.done();
    expect(submission.keyFor({ customer_id: 2 })).not.toBe(changed);
  });
  it('makes fresh keys the server accepts (1-128 visible ASCII)', () => {
    const keys = new Set(Array.from({ length: 100 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(100);
    for (const key of keys) expect(key).toMatch(/^[\x21-\x7e]{1,128}$/);
  });
});
