// The real process (node src/main.mjs) with no saved session: it never contacts WhatsApp.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeClient, removeDir, SECRET, tempDir, waitFor } from '../testing/helpers.mjs';

const MAIN = fileURLToPath(new URL('../src/main.mjs', import.meta.url));

function run(env) {
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk) => (out.stdout += chunk));
  child.stderr.on('data', (chunk) => (out.stderr += chunk));
  const exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const lines = () =>
    out.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  return { child, out, exited, lines };
}

describe('process', () => {
  test('starts, answers, and exits 0 on SIGTERM; logs JSON lines without the secret', async () => {
    const root = await tempDir();
    const dataDir = join(root, 'data');
    try {
      const proc = run({
        WA_LINK_SECRET: SECRET,
        WA_LINK_DATA_DIR: dataDir,
        WA_LINK_LISTEN: '127.0.0.1:0',
      });
      const listening = await waitFor(
        () => proc.lines().find((line) => line.event === 'listening'),
        'the listening line',
        10000,
      );
      assert.equal(listening.host, '127.0.0.1');
      const client = makeClient(listening.port);
      assert.deepEqual((await client('GET', '/health', { secret: null })).body, { ok: true });
      assert.equal((await client('GET', '/status')).body.state, 'disconnected');
      assert.equal((await client('GET', '/status', { secret: null })).status, 401);
      assert.equal((await stat(dataDir)).mode & 0o777, 0o700);
      assert.deepEqual(await readdir(dataDir), []);

      proc.child.kill('SIGTERM');
      const { code } = await proc.exited;
      assert.equal(code, 0);
      const lines = proc.lines();
      assert.ok(lines.some((line) => line.event === 'stopped'));
      for (const line of lines) {
        assert.equal(typeof line.time, 'string');
        assert.equal(typeof line.event, 'string');
      }
      assert.ok(!proc.out.stdout.includes(SECRET));
      assert.ok(!proc.out.stderr.includes(SECRET));
    } finally {
      await removeDir(root);
    }
  });

  test('refuses to start without a secret, with a short one, or without a data directory', async () => {
    const root = await tempDir();
    try {
      const cases = [
        { WA_LINK_DATA_DIR: join(root, 'a') },
        { WA_LINK_SECRET: 'too-short-secret', WA_LINK_DATA_DIR: join(root, 'b') },
        { WA_LINK_SECRET: SECRET },
      ];
      for (const env of cases) {
        const proc = run({ ...env, WA_LINK_LISTEN: '127.0.0.1:0' });
        const { code } = await proc.exited;
        assert.notEqual(code, 0, JSON.stringify(Object.keys(env)));
        assert.ok(proc.lines().some((line) => line.level === 'error' && line.event === 'config'));
        assert.ok(!proc.out.stdout.includes('too-short-secret'));
        assert.ok(!proc.lines().some((line) => line.event === 'listening'));
      }
      assert.deepEqual(await readdir(root), [], 'no data directory was created');
    } finally {
      await removeDir(root);
    }
  });
});
