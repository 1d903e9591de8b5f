// The idempotency store: 7 days, the newest 10,000, written atomically.

import assert from 'node:assert/strict';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { makeLogger, silentLogger } from '../src/log.mjs';
import { SENT_KEYS_MAX, SENT_KEYS_TTL_MS, SentKeys } from '../src/sent-keys.mjs';
import { removeDir, tempDir } from '../testing/helpers.mjs';

const DAY = 24 * 60 * 60 * 1000;

describe('sent keys', () => {
  let dir;
  let file;
  let clock;

  beforeEach(async () => {
    dir = await tempDir();
    file = join(dir, 'sent-keys.json');
    clock = Date.parse('2026-12-03T12:00:00Z');
  });

  afterEach(() => removeDir(dir));

  const store = (options = {}) =>
    new SentKeys({ file, log: silentLogger, now: () => clock, ...options });

  test('the limits are the documented ones', () => {
    assert.equal(SENT_KEYS_TTL_MS, 7 * DAY);
    assert.equal(SENT_KEYS_MAX, 10000);
  });

  test('a key is kept 7 days, then forgotten (also after a reload)', async () => {
    const keys = store();
    await keys.load();
    assert.equal(keys.get('msg-1-1'), undefined);
    await keys.put('msg-1-1', '3EB0A');
    clock += 7 * DAY;
    assert.equal(keys.get('msg-1-1'), '3EB0A');
    const reloaded = store();
    await reloaded.load();
    assert.equal(reloaded.get('msg-1-1'), '3EB0A');
    clock += 1;
    assert.equal(keys.get('msg-1-1'), undefined);
    assert.equal(reloaded.get('msg-1-1'), undefined);
    const late = store();
    await late.load();
    assert.equal(late.size, 0, 'expired keys are dropped when the file is read');
  });

  test('only the newest keys are kept', async () => {
    const keys = store({ max: 3 });
    for (let i = 1; i <= 5; i += 1) {
      clock += 1000;
      await keys.put(`k${i}`, `id${i}`);
    }
    assert.equal(keys.size, 3);
    assert.equal(keys.get('k1'), undefined);
    assert.equal(keys.get('k2'), undefined);
    assert.equal(keys.get('k5'), 'id5');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(
      stored.keys.map((row) => row.key),
      ['k3', 'k4', 'k5'],
    );
    const reloaded = store({ max: 2 });
    await reloaded.load();
    assert.equal(reloaded.get('k3'), undefined);
    assert.equal(reloaded.get('k4'), 'id4');
  });

  test('written atomically: 0600, no temporary file left, parallel puts all kept', async () => {
    const keys = store();
    await Promise.all(Array.from({ length: 20 }, (_, i) => keys.put(`p${i}`, `id${i}`)));
    assert.deepEqual(await readdir(dir), ['sent-keys.json']);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const reloaded = store();
    await reloaded.load();
    assert.equal(reloaded.size, 20);
    assert.equal(reloaded.get('p19'), 'id19');
  });

  test('an unreadable file is logged and replaced, not fatal', async () => {
    await writeFile(file, '{"version":1,"keys":[{"key":"a","id":"x","at":', { mode: 0o600 });
    const lines = [];
    const keys = store({ log: makeLogger('info', (line) => lines.push(JSON.parse(line))) });
    await keys.load();
    assert.equal(keys.size, 0);
    assert.ok(lines.some((line) => line.event === 'sent_keys_unreadable' && line.level === 'warn'));
    await keys.put('b', 'y');
    const stored = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(
      stored.keys.map((row) => row.key),
      ['b'],
    );
  });

  test('a failed write is thrown and logged, the key stays known in memory', async () => {
    const keys = new SentKeys({
      file: join(dir, 'missing-dir', 'sent-keys.json'),
      log: silentLogger,
      now: () => clock,
    });
    await assert.rejects(keys.put('k', 'id'));
    assert.equal(keys.get('k'), 'id');
  });
});
