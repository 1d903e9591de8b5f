// A fake MikroTik for the browser tests: a TCP server on 127.0.0.1 (a free port) speaking the
// RouterOS API as the network service uses it (the C++ fake in
// services/network/routeros/testing/fake_routeros.cc is the model). Words are length-prefixed,
// a sentence ends with an empty word; it answers `/login =name= =password=`, print (with
// ?name= equality queries and =.proplist=), add, set and remove on /ppp/secret and
// /ppp/active, /ppp/profile/print and /system/identity/print, and records every sentence.
//
//   const router = await FakeRouterOs.start({ username: 'api', password: 'rahasia' });
//   router.addProfile({ name: 'paket-10M', 'rate-limit': '10M/10M' });
//   router.addSecret({ name: 'budi', password: 'pw', profile: 'paket-10M', comment: 'Budi' });
//   ... router.port ...
//   await router.close();
import { createServer } from 'node:net';

// RouterOS word length: 1 to 5 bytes, the high bits of the first byte say how many.
export function encodeLength(length) {
  if (length < 0x80) return Buffer.from([length]);
  if (length < 0x4000) return Buffer.from([(length >> 8) | 0x80, length & 0xff]);
  if (length < 0x200000) {
    return Buffer.from([(length >> 16) | 0xc0, (length >> 8) & 0xff, length & 0xff]);
  }
  if (length < 0x10000000) {
    return Buffer.from([
      (length >>> 24) | 0xe0,
      (length >> 16) & 0xff,
      (length >> 8) & 0xff,
      length & 0xff,
    ]);
  }
  const out = Buffer.alloc(5);
  out[0] = 0xf0;
  out.writeUInt32BE(length, 1);
  return out;
}

export function encodeSentence(words) {
  const parts = [];
  for (const word of words) {
    const bytes = Buffer.from(word, 'utf8');
    parts.push(encodeLength(bytes.length), bytes);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

// The length at `data[pos]`: [length, prefix bytes], or null when more bytes are needed.
function decodeLength(data, pos) {
  if (pos >= data.length) return null;
  const first = data[pos];
  let size;
  let value;
  if ((first & 0x80) === 0) return [first, 1];
  if ((first & 0xc0) === 0x80) [size, value] = [2, first & 0x3f];
  else if ((first & 0xe0) === 0xc0) [size, value] = [3, first & 0x1f];
  else if ((first & 0xf0) === 0xe0) [size, value] = [4, first & 0x0f];
  else if (first === 0xf0) [size, value] = [5, 0];
  else throw new Error(`routeros: reserved control byte ${first}`);
  if (pos + size > data.length) return null;
  for (let i = 1; i < size; i += 1) value = value * 256 + data[pos + i];
  return [value, size];
}

// Splits whole sentences off `data`: [sentences, the bytes left over].
export function decodeSentences(data) {
  const sentences = [];
  let start = 0;
  for (;;) {
    let pos = start;
    const words = [];
    let complete = false;
    for (;;) {
      const length = decodeLength(data, pos);
      if (!length) break;
      const [size, prefix] = length;
      if (pos + prefix + size > data.length) break;
      pos += prefix;
      if (size === 0) {
        complete = true;
        break;
      }
      words.push(data.subarray(pos, pos + size).toString('utf8'));
      pos += size;
    }
    if (!complete) break;
    sentences.push(words);
    start = pos;
  }
  return [sentences, data.subarray(start)];
}

// `=name=value` -> ['name', 'value'] (the value may hold '='); null for other words.
function attribute(word) {
  if (!word.startsWith('=')) return null;
  const eq = word.indexOf('=', 1);
  return eq < 0 ? [word.slice(1), ''] : [word.slice(1, eq), word.slice(eq + 1)];
}

function attributes(sentence) {
  const out = {};
  for (const word of sentence.slice(1)) {
    const pair = attribute(word);
    if (pair) out[pair[0]] = pair[1];
  }
  return out;
}

// Every ?name=value query word matches (plain equality).
function matches(row, sentence) {
  for (const word of sentence.slice(1)) {
    if (!word.startsWith('?')) continue;
    const eq = word.indexOf('=', 1);
    if (eq < 0) continue;
    if ((row[word.slice(1, eq)] ?? '') !== word.slice(eq + 1)) return false;
  }
  return true;
}

const normalizeBool = (value) =>
  value === 'yes' || value === 'true'
    ? 'true'
    : value === 'no' || value === 'false'
      ? 'false'
      : value;

const trap = (message) => ['!trap', `=message=${message}`];

export class FakeRouterOs {
  constructor({ username = 'admin', password = 'admin' } = {}) {
    this.username = username;
    this.password = password;
    this.host = '127.0.0.1';
    this.port = 0;
    this.received = [];
    this.tables = { secret: [], active: [], profile: [] };
    this.nextId = { secret: 1, active: 0x100, profile: 0x200 };
    this.sockets = new Set();
  }

  static async start(options) {
    const router = new FakeRouterOs(options);
    await router.listen();
    return router;
  }

  async listen() {
    this.server = createServer((socket) => this.serve(socket));
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, this.host, resolve);
    });
    this.port = this.server.address().port;
  }

  async close() {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(() => resolve()));
  }

  // ---- The tables: rows hold every field as RouterOS prints it (".id", disabled=true/false).

  #add(table, fields, defaults = {}) {
    const row = { ...defaults };
    for (const [key, value] of Object.entries(fields)) {
      row[key] = key === 'disabled' ? normalizeBool(String(value)) : String(value);
    }
    row['.id'] = `*${(this.nextId[table]++).toString(16).toUpperCase()}`;
    this.tables[table].push(row);
    return row['.id'];
  }

  // A secret (defaults: service=any, profile=default, disabled=false, password=""); its .id.
  addSecret(fields) {
    return this.#add('secret', fields, {
      service: 'any',
      profile: 'default',
      disabled: 'false',
      password: '',
      comment: '',
    });
  }

  addProfile(fields) {
    return this.#add('profile', fields);
  }

  removeSecret(name) {
    this.tables.secret = this.tables.secret.filter((row) => row.name !== name);
  }

  secret(name) {
    return this.tables.secret.find((row) => row.name === name) ?? null;
  }

  // The received sentences whose command is `command` (and, with `name`, that name it).
  sent(command, name = null) {
    return this.received.filter(
      (s) => s[0] === command && (name === null || s.includes(`=name=${name}`)),
    );
  }

  // ---- The protocol.

  serve(socket) {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    const state = { loggedIn: false, buffer: Buffer.alloc(0) };
    socket.on('data', (chunk) => {
      let sentences;
      try {
        [sentences, state.buffer] = decodeSentences(Buffer.concat([state.buffer, chunk]));
      } catch {
        socket.destroy();
        return;
      }
      for (const sentence of sentences) {
        if (sentence.length === 0) continue;
        this.received.push(sentence);
        const { replies, close } = this.handle(sentence, state);
        const tag = sentence.find((word) => word.startsWith('.tag='));
        const out = replies.map((reply) => encodeSentence(tag ? [...reply, tag] : reply));
        if (out.length) socket.write(Buffer.concat(out));
        if (close) {
          socket.end();
          return;
        }
      }
    });
  }

  handle(sentence, state) {
    const command = sentence[0];
    if (!state.loggedIn) {
      if (command !== '/login') return { replies: [['!fatal', 'not logged in']], close: true };
      const given = attributes(sentence);
      if (given.name === this.username && given.password === this.password) {
        state.loggedIn = true;
        return { replies: [['!done']] };
      }
      // RouterOS 6.43+: the trap, then it hangs up.
      return { replies: [trap('invalid user name or password (6)')], close: true };
    }
    return { replies: this.execute(command, sentence) };
  }

  execute(command, sentence) {
    const given = attributes(sentence);
    let table;
    let verb;
    if (command.startsWith('/ppp/secret/')) [table, verb] = ['secret', command.slice(12)];
    else if (command.startsWith('/ppp/active/')) [table, verb] = ['active', command.slice(12)];
    else if (command === '/ppp/profile/print') [table, verb] = ['profile', 'print'];
    else if (command === '/system/identity/print')
      return [['!re', '=name=FakeRouterOS'], ['!done']];
    else return [['!trap', '=category=0', '=message=no such command prefix'], ['!done']];
    const rows = this.tables[table];

    if (verb === 'print') {
      const proplist = given['.proplist'] ? given['.proplist'].split(',') : null;
      const out = rows
        .filter((row) => matches(row, sentence))
        .map((row) => [
          '!re',
          ...Object.entries(row)
            .filter(([key]) => !proplist || proplist.includes(key))
            .map(([key, value]) => `=${key}=${value}`),
        ]);
      return [...out, ['!done']];
    }
    if (verb === 'add' && table === 'secret') {
      if (!given.name) return [trap('failure: secret must have a name'), ['!done']];
      if (rows.some((row) => row.name === given.name)) {
        return [trap('failure: secret with the same name already exists'), ['!done']];
      }
      return [['!done', `=ret=${this.addSecret(given)}`]];
    }
    if (verb === 'set' && table === 'secret') {
      const row = rows.find((r) => r['.id'] === given['.id']);
      if (!row) return [trap('no such item'), ['!done']];
      if (given.name && rows.some((other) => other !== row && other.name === given.name)) {
        return [trap('failure: secret with the same name already exists'), ['!done']];
      }
      for (const [key, value] of Object.entries(given)) {
        if (key !== '.id') row[key] = key === 'disabled' ? normalizeBool(value) : value;
      }
      return [['!done']];
    }
    if (verb === 'remove') {
      const ids = String(given['.id'] ?? '')
        .split(',')
        .filter(Boolean);
      if (ids.length === 0 || ids.some((id) => !rows.some((r) => r['.id'] === id))) {
        return [trap('no such item'), ['!done']];
      }
      this.tables[table] = rows.filter((r) => !ids.includes(r['.id']));
      return [['!done']];
    }
    return [['!trap', '=category=0', '=message=no such command'], ['!done']];
  }
}
