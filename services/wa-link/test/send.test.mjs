// POST /send: the message id, each refusal with its status, and the idempotency key.

import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import {
  boom,
  fakeSockets,
  linkPhone,
  ManualTimers,
  useApp,
  waitFor,
} from '../testing/helpers.mjs';

const TO = '6289876543210';

describe('send', () => {
  const ctx = useApp();
  let sock;

  // Each test starts with the phone linked.
  beforeEach(async () => {
    sock = await linkPhone(ctx);
  });

  const send = (body) => ctx.client('POST', '/send', { body });

  test('WhatsApp takes the message: 200 with its id', async () => {
    const text = 'Tagihan Desember: Rp150.000. Terima kasih 🙏';
    const res = await send({ to: TO, text });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { id: '3EB0FAKE0001', duplicate: false });
    assert.deepEqual(sock.lookups, [[TO]]);
    assert.deepEqual(sock.sent, [{ jid: `${TO}@s.whatsapp.net`, content: { text } }]);
  });

  test('the account WhatsApp names for the number is the one sent to', async () => {
    sock.lookup = async () => [{ jid: '628987654321@s.whatsapp.net', exists: true }];
    const res = await send({ to: TO, text: 'x' });
    assert.equal(res.status, 200);
    assert.equal(sock.sent[0].jid, '628987654321@s.whatsapp.net');
  });

  test('a number without WhatsApp: 422 not_on_whatsapp, nothing sent', async () => {
    sock.lookup = async () => [];
    let res = await send({ to: TO, text: 'x' });
    assert.equal(res.status, 422);
    assert.equal(res.body.error, 'not_on_whatsapp');
    assert.equal(typeof res.body.message, 'string');
    sock.lookup = async (number) => [{ jid: `${number}@s.whatsapp.net`, exists: false }];
    res = await send({ to: TO, text: 'x' });
    assert.equal(res.status, 422);
    assert.equal(sock.sent.length, 0);
  });

  test('not linked or reconnecting: 409 not_linked, nothing sent', async () => {
    sock.close(boom('Connection Terminated', 428));
    await waitFor(async () => (await ctx.client('GET', '/status')).body.reason === 'reconnecting');
    const res = await send({ to: TO, text: 'x', key: 'msg-1-1' });
    assert.equal(res.status, 409);
    assert.deepEqual(Object.keys(res.body).sort(), ['error', 'message']);
    assert.equal(res.body.error, 'not_linked');
    assert.equal(sock.lookups.length, 0);
    assert.equal(sock.sent.length, 0);

    // The refused key is not remembered: once back, it is sent.
    ctx.timers.fire(ctx.timers.pending()[0]);
    await waitFor(() => ctx.sockets.last() !== sock, 'a new socket');
    const back = ctx.sockets.last();
    back.open();
    const ok = await send({ to: TO, text: 'x', key: 'msg-1-1' });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.duplicate, false);
    assert.equal(back.sent.length, 1);
  });

  test('rate-limited by WhatsApp: 429 rate_limited with retry_after', async () => {
    sock.deliver = async () => {
      throw Object.assign(boom('rate-overlimit', 500), { data: 429 });
    };
    const res = await send({ to: TO, text: 'x', key: 'msg-2-1' });
    assert.equal(res.status, 429);
    assert.equal(res.body.error, 'rate_limited');
    assert.ok(Number.isInteger(res.body.retry_after) && res.body.retry_after > 0);
    assert.equal(res.headers['retry-after'], String(res.body.retry_after));

    // Also when the number lookup is what WhatsApp refused.
    sock.lookup = async () => {
      throw boom('too many requests', 429);
    };
    const lookup = await send({ to: TO, text: 'x' });
    assert.equal(lookup.status, 429);
  });

  test('any other socket error: 502 send_failed, and the key can be tried again', async () => {
    sock.deliver = async () => {
      throw boom('Connection Closed', 428);
    };
    const res = await send({ to: TO, text: 'x', key: 'msg-3-1' });
    assert.equal(res.status, 502);
    assert.equal(res.body.error, 'send_failed');

    sock.deliver = async () => ({ key: { id: '3EB0RETRY' } });
    const retry = await send({ to: TO, text: 'x', key: 'msg-3-1' });
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.body, { id: '3EB0RETRY', duplicate: false });

    // No id from WhatsApp is a failure too.
    sock.deliver = async () => undefined;
    assert.equal((await send({ to: TO, text: 'x' })).status, 502);
  });

  test('the same key twice: the first id, duplicate, and sendMessage once', async () => {
    const first = await send({ to: TO, text: 'Tagihan', key: 'msg-42-1' });
    assert.deepEqual(first.body, { id: '3EB0FAKE0001', duplicate: false });
    const second = await send({ to: TO, text: 'Tagihan', key: 'msg-42-1' });
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, { id: '3EB0FAKE0001', duplicate: true });
    assert.equal(sock.sent.length, 1);
    assert.equal(sock.lookups.length, 1);

    // Another key is another message.
    const other = await send({ to: TO, text: 'Tagihan', key: 'msg-43-1' });
    assert.deepEqual(other.body, { id: '3EB0FAKE0002', duplicate: false });

    // Kept in sent-keys.json, for this user only.
    const file = join(ctx.dataDir, 'sent-keys.json');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(
      stored.keys.map(({ key, id }) => [key, id]),
      [
        ['msg-42-1', '3EB0FAKE0001'],
        ['msg-43-1', '3EB0FAKE0002'],
      ],
    );
    assert.equal((await stat(file)).mode & 0o777, 0o600);
  });

  test('the same key sent twice at once goes out once', async () => {
    let release;
    sock.deliver = () =>
      new Promise((resolve) => {
        release = () => resolve({ key: { id: '3EB0SLOW' } });
      });
    const first = send({ to: TO, text: 'x', key: 'msg-7-1' });
    await waitFor(() => release, 'the first send to reach WhatsApp');
    const second = send({ to: TO, text: 'x', key: 'msg-7-1' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    release();
    const [a, b] = await Promise.all([first, second]);
    assert.equal(sock.sent.length, 1);
    assert.equal(a.body.id, '3EB0SLOW');
    assert.equal(b.body.id, '3EB0SLOW');
    assert.deepEqual([a.body.duplicate, b.body.duplicate].sort(), [false, true]);
  });

  test('keys survive a restart', async () => {
    const first = await send({ to: TO, text: 'x', key: 'msg-9-1' });
    assert.equal(first.status, 200);
    await ctx.app.stop();

    const sockets = fakeSockets();
    await ctx.start({ sockets, timers: new ManualTimers() });
    const resumed = sockets.last();
    resumed.open();
    const again = await send({ to: TO, text: 'x', key: 'msg-9-1' });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { id: first.body.id, duplicate: true });
    assert.equal(resumed.sent.length, 0);
  });
});
