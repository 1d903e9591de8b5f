// The connection once linked: lost and back with back-off, logged out by WhatsApp, unlinked,
// a restart that keeps the session, a shutdown that does not log out.

import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BACKOFF_MAX_MS } from '../src/link.mjs';
import {
  boom,
  fakeSockets,
  linkPhone,
  ManualTimers,
  startPairing,
  useApp,
  waitFor,
} from '../testing/helpers.mjs';

const exists = (path) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('connection', () => {
  const ctx = useApp();

  const status = async () => (await ctx.client('GET', '/status')).body;

  test('a lost connection reconnects after 1 s, 2 s, 4 s ... 60 s, and 1 s again once open', async () => {
    const { sockets, timers } = ctx;
    let sock = await linkPhone(ctx);
    const connectedSince = (await status()).since;

    const delays = [];
    for (let i = 0; i < 9; i += 1) {
      sock.close(boom('Connection Terminated', 428));
      await waitFor(() => timers.pending().length > 0, 'the reconnect timer');
      const current = await status();
      assert.equal(current.state, 'disconnected');
      assert.equal(current.reason, 'reconnecting');
      assert.equal(current.number, '');
      const pending = timers.pending();
      assert.equal(pending.length, 1, 'one reconnect at a time');
      delays.push(pending[0].ms);
      const count = sockets.sockets.length;
      timers.fire(pending[0]);
      await waitFor(() => sockets.sockets.length === count + 1, 'a new socket');
      sock = sockets.last();
      assert.equal(sock.config.auth.creds.me.id, '6281234567890:12@s.whatsapp.net');
    }
    assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    assert.equal(BACKOFF_MAX_MS, 60000);

    sock.open();
    const back = await status();
    assert.equal(back.state, 'connected');
    assert.equal(back.number, '6281234567890');
    assert.ok(Date.parse(back.since) >= Date.parse(connectedSince));

    // Connected again: the back-off starts over.
    sock.close(boom('Connection was lost', 408));
    const next = await waitFor(() => timers.pending()[0], 'the reconnect timer');
    assert.equal(next.ms, 1000);
  });

  test('logged out by WhatsApp: session deleted, logged_out, no reconnect', async () => {
    const { client, sockets, timers } = ctx;
    const sock = await linkPhone(ctx);
    assert.ok(await exists(join(ctx.dataDir, 'session', 'creds.json')));
    const count = sockets.sockets.length;

    sock.close(boom('Connection Failure', 401));
    await waitFor(async () => (await status()).reason === 'logged_out', 'logged_out');
    const current = await status();
    assert.equal(current.state, 'disconnected');
    assert.equal(current.number, '');
    assert.equal(await exists(join(ctx.dataDir, 'session')), false, 'the session is deleted');
    assert.equal(timers.pending().length, 0, 'no reconnect is scheduled');
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(sockets.sockets.length, count, 'no new socket');

    const send = await client('POST', '/send', { body: { to: '6281111111111', text: 'x' } });
    assert.equal(send.status, 409);
    assert.equal(send.body.error, 'not_linked');

    // Linking again pairs afresh (credentials without an account).
    const again = await client('POST', '/link', { body: {} });
    assert.equal(again.body.state, 'waiting_for_scan');
    assert.equal(sockets.last().config.auth.creds.me, undefined);
  });

  test('POST /unlink logs out, deletes the session and stays disconnected', async () => {
    const { client, sockets, timers } = ctx;
    const sock = await linkPhone(ctx);
    const count = sockets.sockets.length;

    const unlinked = await client('POST', '/unlink', { body: {} });
    assert.equal(unlinked.status, 200);
    assert.equal(unlinked.body.state, 'disconnected');
    assert.equal(unlinked.body.reason, 'unlinked');
    assert.equal(unlinked.body.number, '');
    assert.ok(sock.loggedOut, 'the device was logged out of WhatsApp');
    assert.ok(sock.ended);
    assert.equal(await exists(join(ctx.dataDir, 'session')), false);
    assert.equal(timers.pending().length, 0);
    assert.equal(sockets.sockets.length, count);
    // The logout's own close does not turn the reason into logged_out.
    assert.equal((await status()).reason, 'unlinked');
  });

  test('POST /unlink while waiting for a scan stops the pairing', async () => {
    const { client, timers } = ctx;
    const sock = await startPairing(ctx, '2@ref');
    const unlinked = await client('POST', '/unlink', { body: {} });
    assert.equal(unlinked.body.state, 'disconnected');
    assert.equal(unlinked.body.reason, 'unlinked');
    assert.ok(sock.ended);
    assert.equal(sock.loggedOut, false, 'nothing to log out of');
    assert.equal((await client('GET', '/qr')).status, 404);
    assert.equal(timers.pending().length, 0, 'the pairing timer is gone');
    assert.deepEqual(await readdir(ctx.dataDir), []);
  });

  test('a restart keeps the session: the new process connects by itself', async () => {
    const sock = await linkPhone(ctx);
    await ctx.app.stop();
    assert.ok(sock.ended, 'the socket is closed on shutdown');
    assert.equal(sock.loggedOut, false, 'shutdown does not log out');
    assert.ok(await exists(join(ctx.dataDir, 'session', 'creds.json')));

    const sockets = fakeSockets();
    await ctx.start({ sockets, timers: new ManualTimers() });
    assert.equal(sockets.sockets.length, 1, 'connects at start without POST /link');
    const resumed = sockets.last();
    assert.equal(resumed.config.auth.creds.me.id, '6281234567890:12@s.whatsapp.net');
    let current = await status();
    assert.equal(current.state, 'disconnected');
    assert.equal(current.reason, 'reconnecting');
    resumed.open();
    current = await status();
    assert.equal(current.state, 'connected');
    assert.equal(current.number, '6281234567890');
    assert.equal(current.name, 'Sejahtera Net');
  });

  test('a restart after an unscanned pairing does not connect', async () => {
    await startPairing(ctx, '2@ref');
    await ctx.app.stop();

    const next = fakeSockets();
    await ctx.start({ sockets: next });
    assert.equal(next.sockets.length, 0);
    assert.equal((await status()).state, 'disconnected');
  });

  test('WhatsApp asking for a new pairing of a linked session counts as logged out', async () => {
    const sock = await linkPhone(ctx);
    sock.close(boom('Connection Terminated', 428));
    ctx.timers.fire(await waitFor(() => ctx.timers.pending()[0], 'the reconnect timer'));
    await waitFor(() => ctx.sockets.sockets.length > 0 && ctx.sockets.last() !== sock, 'socket');
    ctx.sockets.last().qr('2@unexpected');
    await waitFor(async () => (await status()).reason === 'logged_out', 'logged_out');
    assert.equal((await ctx.client('GET', '/qr')).status, 404);
    assert.equal(await exists(join(ctx.dataDir, 'session')), false);
  });
});
