// wa-link: the owner's own WhatsApp as a linked device, offered to the messaging service over
// a small HTTP API (docs/wa-link.md).
//
//   WA_LINK_SECRET=... WA_LINK_DATA_DIR=/var/lib/wa-link node src/main.mjs
//
// Environment: WA_LINK_LISTEN (default 127.0.0.1:50121), WA_LINK_SECRET (32+ characters,
// required), WA_LINK_DATA_DIR (required; created 0700), LOG_LEVEL (debug|info|warn|error).
// SIGTERM / SIGINT close the WhatsApp socket without logging out and exit 0.

import { realpathSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Link } from './link.mjs';
import { isLogLevel, makeLogger } from './log.mjs';
import { createApi } from './server.mjs';
import { SentKeys } from './sent-keys.mjs';

export const DEFAULT_LISTEN = '127.0.0.1:50121';
export const SECRET_MIN_CHARS = 32;

export class ConfigError extends Error {}

// "127.0.0.1:50121", "[::1]:50121" → { host, port }.
export function parseListen(value) {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):([0-9]{1,5})$/.exec(value);
  const port = match ? Number(match[3]) : NaN;
  if (!match || port > 65535) {
    throw new ConfigError(`WA_LINK_LISTEN must be host:port, got '${value}'`);
  }
  return { host: match[1] ?? match[2], port };
}

// The settings from the environment; throws ConfigError naming what is wrong (never the
// secret itself).
export function readConfig(env) {
  const secret = env.WA_LINK_SECRET ?? '';
  if (secret === '') throw new ConfigError('WA_LINK_SECRET is required');
  if ([...secret].length < SECRET_MIN_CHARS) {
    throw new ConfigError(`WA_LINK_SECRET must be at least ${SECRET_MIN_CHARS} characters`);
  }
  if (/\s/.test(secret)) throw new ConfigError('WA_LINK_SECRET must not contain white space');
  const dataDir = env.WA_LINK_DATA_DIR ?? '';
  if (dataDir === '') throw new ConfigError('WA_LINK_DATA_DIR is required');
  const logLevel = env.LOG_LEVEL || 'info';
  if (!isLogLevel(logLevel)) {
    throw new ConfigError('LOG_LEVEL must be one of debug, info, warn, error');
  }
  const { host, port } = parseListen(env.WA_LINK_LISTEN || DEFAULT_LISTEN);
  return { secret, dataDir: resolve(dataDir), host, port, logLevel };
}

// The data directory, only for this user: 0700, also when it already existed looser.
export async function prepareDataDir(dataDir, log) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const info = await stat(dataDir);
  if (!info.isDirectory()) throw new ConfigError(`WA_LINK_DATA_DIR is not a directory`);
  if ((info.mode & 0o777) !== 0o700) {
    await chmod(dataDir, 0o700);
    log.warn('data_dir_mode_fixed', { was: (info.mode & 0o777).toString(8) });
  }
}

// Starts everything; `deps` replaces Link's socket and auth-state factories (tests). Returns
// { server, link, sentKeys, address, stop }.
export async function startWaLink(config, { log, linkOptions = {} } = {}) {
  // Every file this process writes (the session, sent-keys.json) is for its user only.
  process.umask(0o077);
  await prepareDataDir(config.dataDir, log);

  const sentKeys = new SentKeys({ file: join(config.dataDir, 'sent-keys.json'), log });
  await sentKeys.load();
  const link = new Link({ sessionDir: join(config.dataDir, 'session'), log, ...linkOptions });
  const server = createApi({ secret: config.secret, link, sentKeys, log });

  await new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const address = server.address();
  log.info('listening', { host: address.address, port: address.port });
  server.on('error', (err) => log.error('server_error', { error: err.message }));

  await link.start();

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      await new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await link.close();
      await sentKeys.writing;
    })();
    return stopping;
  };
  return { server, link, sentKeys, address, stop };
}

async function main() {
  let config;
  try {
    config = readConfig(process.env);
  } catch (err) {
    makeLogger('info').error('config', { message: err.message });
    process.exit(2);
  }
  const log = makeLogger(config.logLevel);

  // Baileys leaves a rejected promise behind now and then (a query after the socket closed);
  // one of them must not take the session down.
  process.on('unhandledRejection', (err) => {
    log.error('unhandled_rejection', { error: String(err?.message ?? err).slice(0, 300) });
  });
  process.on('uncaughtException', (err) => {
    log.error('uncaught_exception', { error: String(err?.message ?? err).slice(0, 300) });
    process.exit(1);
  });

  let app;
  try {
    app = await startWaLink(config, { log });
  } catch (err) {
    log.error('start_failed', { error: err.message });
    process.exit(1);
  }

  const shutdown = (signal) => {
    log.info('stopping', { signal });
    // A stuck close must not keep the process: the supervisor is waiting.
    setTimeout(() => process.exit(0), 5000).unref();
    app.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err) => {
        log.error('stop_failed', { error: err.message });
        process.exit(0);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

const entry = process.argv[1] ? realpathSync(process.argv[1]) : '';
if (entry === fileURLToPath(import.meta.url)) {
  await main();
}
