// The HTTP door: the secret, the body limit, malformed input, unknown routes.

import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import { describe, test } from 'node:test';
import { BODY_LIMIT_BYTES, secretMatches } from '../src/server.mjs';
import { linkPhone, SECRET, useApp } from '../testing/helpers.mjs';

const PROTECTED = [
  ['GET', '/status'],
  ['GET', '/qr'],
  ['POST', '/link'],
  ['POST', '/send'],
  ['POST', '/unlink'],
];

describe('http', () => {
  const ctx = useApp();

  test('every route but /health needs the secret; without it nothing happens', async () => {
    const { client, sockets } = ctx;
    const wrong = [
      null,
      'not-the-secret',
      SECRET.slice(0, -1),
      `${SECRET}x`,
      SECRET.toUpperCase(),
      '',
    ];
    for (const [method, path] of PROTECTED) {
      for (const secret of wrong) {
        const body = path === '/send' ? { to: '6281234567890', text: 'x' } : {};
        const res = await client(method, path, { body, secret });
        assert.equal(res.status, 401, `${method} ${path} with ${JSON.stringify(secret)}`);
        assert.equal(res.body.error, 'unauthorized');
        assert.equal(typeof res.body.message, 'string');
      }
      // Other schemes are not accepted either.
      const basic = await client(method, path, {
        body: {},
        secret: null,
        headers: { Authorization: `Basic ${Buffer.from(`x:${SECRET}`).toString('base64')}` },
      });
      assert.equal(basic.status, 401);
      const bare = await client(method, path, {
        body: {},
        secret: null,
        headers: { Authorization: SECRET },
      });
      assert.equal(bare.status, 401);
    }
    assert.equal(sockets.sockets.length, 0, 'no socket was opened');
    assert.deepEqual(await readdir(ctx.dataDir), [], 'no file was written');
    const status = await client('GET', '/status');
    assert.equal(status.body.state, 'disconnected');
    assert.equal(status.body.reason, '');
  });

  test('a wrong secret cannot send or unlink a linked account', async () => {
    const sock = await linkPhone(ctx);
    const send = await ctx.client('POST', '/send', {
      body: { to: '6281234567890', text: 'x' },
      secret: 'wrong-secret-0123456789abcdefghijklmnop',
    });
    assert.equal(send.status, 401);
    const unlink = await ctx.client('POST', '/unlink', { body: {}, secret: null });
    assert.equal(unlink.status, 401);
    assert.equal(sock.sent.length, 0);
    assert.equal(sock.loggedOut, false);
    assert.equal((await ctx.client('GET', '/status')).body.state, 'connected');
  });

  test('GET /health answers without the secret and says nothing else', async () => {
    const res = await ctx.client('GET', '/health', { secret: null });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { ok: true });
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
  });

  test('unknown routes 404, wrong methods 405', async () => {
    const { client } = ctx;
    const missing = await client('GET', '/nope');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error, 'not_found');
    assert.equal((await client('GET', '/status/../qr2')).status, 404);
    const wrong = await client('GET', '/send');
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.allow, 'POST');
    assert.equal(wrong.body.error, 'method_not_allowed');
    assert.equal((await client('DELETE', '/link')).status, 405);
    assert.equal((await client('POST', '/status', { body: {} })).status, 405);
    assert.equal((await client('POST', '/health', { body: {}, secret: null })).status, 405);
    // Unknown routes need the secret too.
    assert.equal((await client('GET', '/nope', { secret: null })).status, 401);
  });

  test('a body over 64 KiB: 413, and nothing is sent', async () => {
    const sock = await linkPhone(ctx);
    const text = 'a'.repeat(BODY_LIMIT_BYTES);
    const res = await ctx.client('POST', '/send', {
      body: { to: '6281234567890', text },
    });
    assert.equal(res.status, 413);
    assert.equal(res.body.error, 'too_large');

    // Without Content-Length (chunked) it is cut at the limit as well.
    const chunked = await new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: ctx.app.address.port,
          method: 'POST',
          path: '/send',
          headers: { Authorization: `Bearer ${SECRET}`, 'Transfer-Encoding': 'chunked' },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        },
      );
      req.on('error', reject);
      req.write(`{"to":"6281234567890","text":"`);
      req.write('b'.repeat(40 * 1024));
      req.write('b'.repeat(40 * 1024));
      req.end('"}');
    });
    assert.equal(chunked, 413);
    assert.equal(sock.sent.length, 0);

    // Just under the limit is read (and refused for its too long text, not its size).
    const under = await ctx.client('POST', '/send', {
      body: { to: '6281234567890', text: 'c'.repeat(BODY_LIMIT_BYTES - 100) },
    });
    assert.equal(under.status, 400);
  });

  test('malformed input: 400 bad_request, nothing sent', async () => {
    const sock = await linkPhone(ctx);
    const bad = [
      { raw: '{"to": "6281234567890", "text": ' },
      { raw: '[]' },
      { raw: '"text"' },
      { raw: 'null' },
      { body: {} },
      { body: { text: 'x' } },
      { body: { to: '6281234567890' } },
      { body: { to: 6281234567890, text: 'x' } },
      { body: { to: '+6281234567890', text: 'x' } },
      { body: { to: '0812-3456-789', text: 'x' } },
      { body: { to: '1234567', text: 'x' } },
      { body: { to: '1234567890123456', text: 'x' } },
      { body: { to: '6281234567890@s.whatsapp.net', text: 'x' } },
      { body: { to: '6281234567890', text: '' } },
      { body: { to: '6281234567890', text: '   ' } },
      { body: { to: '6281234567890', text: 'x'.repeat(4097) } },
      { body: { to: '6281234567890', text: 42 } },
      { body: { to: '6281234567890', text: 'x', key: '' } },
      { body: { to: '6281234567890', text: 'x', key: 'k'.repeat(101) } },
      { body: { to: '6281234567890', text: 'x', key: 'a\nb' } },
      { body: { to: '6281234567890', text: 'x', key: 7 } },
      { body: { to: '6281234567890', text: 'x', extra: true } },
    ];
    for (const input of bad) {
      const res = await ctx.client('POST', '/send', input);
      assert.equal(res.status, 400, JSON.stringify(input).slice(0, 80));
      assert.equal(res.body.error, 'bad_request');
      assert.equal(typeof res.body.message, 'string');
    }
    assert.equal((await ctx.client('POST', '/link', { body: { force: true } })).status, 400);
    assert.equal((await ctx.client('POST', '/unlink', { raw: 'nope' })).status, 400);
    assert.equal(sock.sent.length, 0);
    assert.equal(sock.loggedOut, false);

    // The limits themselves are fine: 4096 characters (emoji count as one), a 100-character key.
    const longest = await ctx.client('POST', '/send', {
      body: { to: '123456789012345', text: '🙏'.repeat(4096), key: 'k'.repeat(100) },
    });
    assert.equal(longest.status, 200);
    const shortest = await ctx.client('POST', '/send', { body: { to: '12345678', text: 'x' } });
    assert.equal(shortest.status, 200);
  });

  test('secretMatches compares the whole Bearer value', () => {
    assert.equal(secretMatches(`Bearer ${SECRET}`, SECRET), true);
    assert.equal(secretMatches(`bearer ${SECRET}`, SECRET), false);
    assert.equal(secretMatches(`Bearer  ${SECRET}`, SECRET), false);
    assert.equal(secretMatches(`Bearer ${SECRET} `, SECRET), false);
    assert.equal(secretMatches(undefined, SECRET), false);
  });
});
