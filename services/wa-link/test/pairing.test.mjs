// Pairing: POST /link, QR codes, the scan, the 5-minute limit, file modes of the session.

import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { PAIRING_TIMEOUT_MS } from '../src/link.mjs';
import { boom, startPairing, useApp, waitFor } from '../testing/helpers.mjs';

const mode = async (path) => (await stat(path)).mode & 0o777;

describe('pairing', () => {
  const ctx = useApp();

  // POST /link answers waiting_for_scan, and socketCount sockets have been opened in all.
  const assertLinkWaitsForScan = async (socketCount) => {
    const again = await ctx.client('POST', '/link', { body: {} });
    assert.equal(again.body.state, 'waiting_for_scan');
    assert.equal(ctx.sockets.sockets.length, socketCount);
  };

  test('without a session it stays disconnected, opens no socket and writes nothing', async () => {
    const { client, sockets } = ctx;
    const status = await client('GET', '/status');
    assert.equal(status.status, 200);
    assert.equal(status.body.state, 'disconnected');
    assert.equal(status.body.reason, '');
    assert.equal(status.body.number, '');
    assert.ok(!Number.isNaN(Date.parse(status.body.since)));
    const qr = await client('GET', '/qr');
    assert.equal(qr.status, 404);
    assert.equal(qr.body.error, 'no_qr');
    assert.equal(sockets.sockets.length, 0);
    assert.deepEqual(await readdir(ctx.dataDir), []);
    assert.equal(await mode(ctx.dataDir), 0o700);
  });

  test('QR codes while waiting for the scan; GET /qr gives the newest', async () => {
    const { client, sockets } = ctx;
    const linked = await client('POST', '/link', { body: {} });
    assert.equal(linked.status, 200);
    assert.equal(linked.body.state, 'waiting_for_scan');
    assert.equal(sockets.sockets.length, 1);
    const sock = sockets.last();
    // The socket starts without an account in its credentials.
    assert.equal(sock.config.auth.creds.me, undefined);

    assert.equal((await client('GET', '/qr')).status, 404, 'no QR before WhatsApp sends one');
    sock.qr('2@first-ref,noise,identity,adv');
    let qr = await client('GET', '/qr');
    assert.equal(qr.status, 200);
    assert.equal(qr.body.qr, '2@first-ref,noise,identity,adv');
    const firstSince = qr.body.since;

    await new Promise((resolve) => setTimeout(resolve, 5));
    sock.qr('2@second-ref,noise,identity,adv');
    qr = await client('GET', '/qr');
    assert.equal(qr.body.qr, '2@second-ref,noise,identity,adv');
    assert.ok(Date.parse(qr.body.since) > Date.parse(firstSince));

    // Asking again while waiting changes nothing (no second socket).
    await assertLinkWaitsForScan(1);
  });

  test('the scan connects with the linked number and saves the session (0600 in 0700)', async () => {
    const { client, sockets, timers } = ctx;
    const first = await startPairing(ctx, '2@ref');
    first.pair();
    assert.equal((await client('GET', '/qr')).status, 404, 'the scanned code is gone');
    // WhatsApp restarts the stream after the scan: a new socket at once, no back-off.
    first.close(boom('Stream Errored (restart required)', 515));
    const restart = await waitFor(() => timers.find(0), 'the immediate reconnect');
    timers.fire(restart);
    await waitFor(() => sockets.sockets.length === 2, 'the second socket');
    const second = sockets.last();
    assert.equal(second.config.auth.creds.me.id, '6281234567890:12@s.whatsapp.net');
    second.open();

    const status = await client('GET', '/status');
    assert.equal(status.body.state, 'connected');
    assert.equal(status.body.number, '6281234567890');
    assert.equal(status.body.name, 'Sejahtera Net');
    assert.equal(status.body.reason, '');
    assert.equal((await client('GET', '/qr')).status, 404);
    // Linked: the pairing timer is gone.
    assert.equal(timers.find(PAIRING_TIMEOUT_MS), undefined);

    const sessionDir = join(ctx.dataDir, 'session');
    const creds = await waitFor(async () => {
      try {
        const parsed = JSON.parse(await readFile(join(sessionDir, 'creds.json'), 'utf8'));
        return parsed.me ? parsed : undefined;
      } catch {
        return undefined;
      }
    }, 'creds.json with the account');
    assert.equal(creds.me.id, '6281234567890:12@s.whatsapp.net');
    assert.equal(await mode(ctx.dataDir), 0o700);
    assert.equal(await mode(sessionDir), 0o700);
    const files = await readdir(sessionDir);
    assert.ok(files.length > 0);
    for (const file of files) {
      assert.equal(await mode(join(sessionDir, file)), 0o600, file);
    }
  });

  test('five minutes without a scan: disconnected, qr_timeout, session gone', async () => {
    const { client, timers } = ctx;
    const sock = await startPairing(ctx, '2@ref');
    // Baileys stores keys of the unfinished pairing.
    const keyPair = { public: Buffer.alloc(32, 1), private: Buffer.alloc(32, 2) };
    await sock.config.auth.keys.set({ 'pre-key': { 1: keyPair } });
    await stat(join(ctx.dataDir, 'session', 'pre-key-1.json'));
    const limit = timers.find(PAIRING_TIMEOUT_MS);
    assert.ok(limit, 'a 5-minute pairing timer is set');
    timers.fire(limit);
    await waitFor(
      async () => (await client('GET', '/status')).body.reason === 'qr_timeout',
      'qr_timeout',
    );
    const status = await client('GET', '/status');
    assert.equal(status.body.state, 'disconnected');
    assert.equal((await client('GET', '/qr')).status, 404);
    assert.ok(sock.ended, 'the socket is closed');
    assert.equal(sock.loggedOut, false);
    assert.deepEqual(await readdir(ctx.dataDir), []);
    assert.equal(timers.pending().length, 0, 'nothing reconnects');
    // A write the old socket makes afterwards does not bring the session back.
    await sock.config.auth.keys.set({ 'pre-key': { 2: keyPair } });
    assert.deepEqual(await readdir(ctx.dataDir), []);

    // POST /link starts again.
    await assertLinkWaitsForScan(2);
  });

  test('when the QR codes run out, new ones are fetched until the pairing time is up', async () => {
    const { client, sockets, timers } = ctx;
    const first = await startPairing(ctx, '2@old');
    first.close(boom('QR refs attempts ended', 408));
    const retry = await waitFor(() => timers.find(1000), 'a reconnect after 1 s');
    let status = await client('GET', '/status');
    assert.equal(status.body.state, 'waiting_for_scan');
    assert.equal((await client('GET', '/qr')).status, 404, 'the expired code is not offered');
    timers.fire(retry);
    await waitFor(() => sockets.sockets.length === 2, 'a new pairing socket');
    sockets.last().qr('2@new');
    const qr = await client('GET', '/qr');
    assert.equal(qr.body.qr, '2@new');
    status = await client('GET', '/status');
    assert.equal(status.body.state, 'waiting_for_scan');
    assert.ok(timers.find(PAIRING_TIMEOUT_MS), 'the pairing limit still runs');
  });
});
