// The idempotency store of POST /send: key → the WhatsApp message id of the first send with
// that key. Entries live 7 days, at most the newest 10,000 are kept, and every change is written
// to one JSON file atomically (a temporary file beside it, then rename), so a crash leaves
// either the old file or the new one, never half of one.

import { open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

export const SENT_KEYS_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const SENT_KEYS_MAX = 10000;

export class SentKeys {
  // file: the JSON file (WA_LINK_DATA_DIR/sent-keys.json); now: () => milliseconds.
  constructor({ file, log, now = Date.now, ttlMs = SENT_KEYS_TTL_MS, max = SENT_KEYS_MAX }) {
    this.file = file;
    this.log = log;
    this.now = now;
    this.ttlMs = ttlMs;
    this.max = max;
    // key → { id, at }, oldest first (Map keeps insertion order; a key is only added once).
    this.entries = new Map();
    this.writing = Promise.resolve();
  }

  // Reads the file when there is one. A missing file is an empty store; an unreadable one is
  // logged and replaced on the next write (refusing to start would stop every send).
  async load() {
    let text;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if (err.code === 'ENOENT') return;
      throw err;
    }
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.log.warn('sent_keys_unreadable', { file: this.file });
      return;
    }
    const list = Array.isArray(parsed?.keys) ? parsed.keys : [];
    const rows = list
      .filter(
        (row) =>
          row &&
          typeof row.key === 'string' &&
          typeof row.id === 'string' &&
          Number.isFinite(row.at),
      )
      .sort((a, b) => a.at - b.at);
    this.entries.clear();
    for (const row of rows) {
      this.entries.delete(row.key);
      this.entries.set(row.key, { id: row.id, at: row.at });
    }
    this.prune();
    this.log.info('sent_keys_loaded', { count: this.entries.size });
  }

  get size() {
    return this.entries.size;
  }

  // The id of the first send with `key`, or undefined (unknown or older than 7 days).
  get(key) {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.id;
  }

  // Records key → id and writes the file. Resolves once it is on disk; a failed write is
  // logged and thrown (the entry stays in memory, so this process still refuses the repeat).
  async put(key, id) {
    this.entries.delete(key);
    this.entries.set(key, { id, at: this.now() });
    this.prune();
    await this.persist();
  }

  prune() {
    const oldest = this.now() - this.ttlMs;
    for (const [key, entry] of this.entries) {
      if (entry.at >= oldest && this.entries.size <= this.max) break;
      this.entries.delete(key);
    }
  }

  // Writes are queued one after the other; each writes the whole store as it is then.
  persist() {
    const run = this.writing.then(() => this.writeFile());
    this.writing = run.catch(() => {});
    return run;
  }

  async writeFile() {
    const keys = [...this.entries].map(([key, { id, at }]) => ({ key, id, at }));
    const body = `${JSON.stringify({ version: 1, keys })}\n`;
    const temp = join(dirname(this.file), `.${basename(this.file)}.${process.pid}.tmp`);
    let handle;
    try {
      handle = await open(temp, 'w', 0o600);
      await handle.writeFile(body, 'utf8');
      await handle.sync();
      await handle.close();
      handle = undefined;
      await rename(temp, this.file);
    } catch (err) {
      if (handle) await handle.close().catch(() => {});
      await unlink(temp).catch(() => {});
      this.log.error('sent_keys_write_failed', { error: err.message });
      throw err;
    }
  }
}
