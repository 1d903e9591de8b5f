// Start-up settings, the data directory, the log and the pieces of Baileys wa-link relies on.

import assert from 'node:assert/strict';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { numberFromJid } from '../src/link.mjs';
import { baileysLogger, makeLogger, silentLogger } from '../src/log.mjs';
import { ConfigError, parseListen, prepareDataDir, readConfig } from '../src/main.mjs';
import { removeDir, SECRET, tempDir } from '../testing/helpers.mjs';

describe('config', () => {
  const base = { WA_LINK_SECRET: SECRET, WA_LINK_DATA_DIR: '/var/lib/wa-link' };

  test('defaults: loopback port 50121, info', () => {
    const config = readConfig(base);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 50121);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.secret, SECRET);
    assert.equal(config.dataDir, '/var/lib/wa-link');
  });

  test('refuses to start without a secret of 32+ characters or without a data directory', () => {
    assert.throws(() => readConfig({ WA_LINK_DATA_DIR: '/x' }), /WA_LINK_SECRET is required/);
    assert.throws(
      () => readConfig({ ...base, WA_LINK_SECRET: 'a'.repeat(31) }),
      /at least 32 characters/,
    );
    assert.throws(
      () => readConfig({ ...base, WA_LINK_SECRET: `${'a'.repeat(32)} b` }),
      ConfigError,
    );
    assert.equal(readConfig({ ...base, WA_LINK_SECRET: 'a'.repeat(32) }).secret.length, 32);
    assert.throws(() => readConfig({ WA_LINK_SECRET: SECRET }), /WA_LINK_DATA_DIR is required/);
    assert.throws(() => readConfig({ ...base, LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
  });

  test('the error names the problem, never the secret', () => {
    const secret = 'x'.repeat(20);
    try {
      readConfig({ ...base, WA_LINK_SECRET: secret });
      assert.fail('accepted a short secret');
    } catch (err) {
      assert.ok(!err.message.includes(secret));
    }
  });

  test('WA_LINK_LISTEN: host:port, IPv6 in brackets', () => {
    assert.deepEqual(parseListen('0.0.0.0:8080'), { host: '0.0.0.0', port: 8080 });
    assert.deepEqual(parseListen('[::1]:50121'), { host: '::1', port: 50121 });
    assert.deepEqual(parseListen('wa-link:50121'), { host: 'wa-link', port: 50121 });
    for (const bad of [
      '50121',
      '127.0.0.1',
      '127.0.0.1:',
      '127.0.0.1:70000',
      '::1:50121',
      'a b:1',
    ]) {
      assert.throws(() => parseListen(bad), ConfigError, bad);
    }
  });

  test('the data directory is created 0700, and tightened when it was looser', async () => {
    const root = await tempDir();
    try {
      const fresh = join(root, 'new', 'wa-link');
      process.umask(0o077);
      await prepareDataDir(fresh, silentLogger);
      assert.equal((await stat(fresh)).mode & 0o777, 0o700);

      const loose = join(root, 'loose');
      await mkdir(loose);
      await chmod(loose, 0o755);
      await prepareDataDir(loose, silentLogger);
      assert.equal((await stat(loose)).mode & 0o777, 0o700);
    } finally {
      await removeDir(root);
    }
  });
});

describe('log', () => {
  test('one JSON line per event, below the level dropped', () => {
    const lines = [];
    const log = makeLogger('warn', (line) => lines.push(line));
    log.info('hidden');
    log.warn('shown', { code: 428 });
    assert.equal(lines.length, 1);
    const parsed = JSON.parse(lines[0]);
    assert.equal(parsed.level, 'warn');
    assert.equal(parsed.event, 'shown');
    assert.equal(parsed.code, 428);
    assert.ok(!Number.isNaN(Date.parse(parsed.time)));
  });

  test("Baileys' logger passes warnings and errors, never the objects it logs", () => {
    const lines = [];
    const logger = baileysLogger(makeLogger('debug', (line) => lines.push(JSON.parse(line))));
    assert.equal(logger.child({ class: 'x' }), logger);
    logger.info({ me: { id: '62812' } }, 'pairing configured');
    logger.debug({ frame: 'secret' }, 'recv');
    logger.trace({}, 'x');
    logger.warn({ creds: { noiseKey: 'private' } }, 'something odd');
    logger.error({ err: new Error('boom') }, 'failed');
    assert.deepEqual(
      lines.map(({ level, event, message, error }) => ({ level, event, message, error })),
      [
        { level: 'warn', event: 'baileys', message: 'something odd', error: undefined },
        { level: 'error', event: 'baileys', message: 'failed', error: 'boom' },
      ],
    );
    assert.ok(!JSON.stringify(lines).includes('private'));
  });
});

describe('baileys', () => {
  test('the disconnect codes wa-link acts on', () => {
    assert.equal(DisconnectReason.loggedOut, 401);
    assert.equal(DisconnectReason.restartRequired, 515);
  });

  test('the linked number comes from the account jid', () => {
    assert.equal(numberFromJid('6281234567890:12@s.whatsapp.net'), '6281234567890');
    assert.equal(numberFromJid('6281234567890@s.whatsapp.net'), '6281234567890');
    assert.equal(numberFromJid(undefined), '');
    assert.equal(numberFromJid('abc@lid'), '');
  });
});
