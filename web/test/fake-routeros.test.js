// The e2e suite's fake MikroTik (e2e/fake_routeros.mjs): the word encoding, and a session as
// the network service holds one (login, print with a query, set), over a real socket.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeRouterOs,
  decodeSentences,
  encodeLength,
  encodeSentence,
} from '../e2e/fake_routeros.mjs';

describe('RouterOS API words', () => {
  it('encodes lengths in 1 to 5 bytes as RouterOS does', () => {
    expect([...encodeLength(0x7f)]).toEqual([0x7f]);
    expect([...encodeLength(0x80)]).toEqual([0x80, 0x80]);
    expect([...encodeLength(0x3fff)]).toEqual([0xbf, 0xff]);
    expect([...encodeLength(0x4000)]).toEqual([0xc0, 0x40, 0x00]);
    expect([...encodeLength(0x200000)]).toEqual([0xe0, 0x20, 0x00, 0x00]);
    expect([...encodeLength(0x10000000)]).toEqual([0xf0, 0x10, 0x00, 0x00, 0x00]);
  });

  it('splits whole sentences off a stream and keeps the rest for later', () => {
    const long = 'x'.repeat(300);
    const bytes = Buffer.concat([
      encodeSentence(['/login', '=name=api']),
      encodeSentence(['/ppp/secret/print', `=comment=${long}`]),
    ]);
    const [first, rest] = decodeSentences(bytes.subarray(0, bytes.length - 5));
    expect(first).toEqual([['/login', '=name=api']]);
    const [second, left] = decodeSentences(Buffer.concat([rest, bytes.subarray(bytes.length - 5)]));
    expect(second).toEqual([['/ppp/secret/print', `=comment=${long}`]]);
    expect(left.length).toBe(0);
  });
});

// Sends sentences over one connection and collects the replies up to each !done (or the close).
async function session(port, sentences) {
  const socket = connect(port, '127.0.0.1');
  let buffer = Buffer.alloc(0);
  const replies = [];
  let waiting = null;
  socket.on('data', (chunk) => {
    let got;
    [got, buffer] = decodeSentences(Buffer.concat([buffer, chunk]));
    replies.push(...got);
    if (waiting && got.some((s) => s[0] === '!done' || s[0] === '!fatal')) waiting();
  });
  const closed = new Promise((resolve) => socket.on('close', resolve));
  const answers = [];
  for (const sentence of sentences) {
    const done = new Promise((resolve) => (waiting = resolve));
    socket.write(encodeSentence(sentence));
    await Promise.race([done, closed]);
    answers.push(replies.splice(0));
  }
  socket.destroy();
  return answers;
}

describe('FakeRouterOs', () => {
  let router;
  beforeAll(async () => {
    router = await FakeRouterOs.start({ username: 'api', password: 'rahasia' });
    router.addProfile({ name: 'paket-10M', 'rate-limit': '10M/10M' });
    router.addSecret({ name: 'budi', password: 'pw1', profile: 'paket-10M', comment: 'Budi' });
    router.addSecret({ name: 'citra', password: 'pw2', disabled: 'yes' });
  });
  afterAll(() => router.close());

  it('refuses a wrong password and hangs up', async () => {
    const [reply] = await session(router.port, [['/login', '=name=api', '=password=salah']]);
    expect(reply[0][0]).toBe('!trap');
  });

  it('prints, queries and sets secrets after a login', async () => {
    const [login, all, one, set, profiles] = await session(router.port, [
      ['/login', '=name=api', '=password=rahasia'],
      ['/ppp/secret/print'],
      ['/ppp/secret/print', '?name=citra', '=.proplist=name,disabled'],
      ['/ppp/secret/set', '=.id=*1', '=comment=billing:7'],
      ['/ppp/profile/print', '.tag=3'],
    ]);
    expect(login).toEqual([['!done']]);
    expect(all.filter((s) => s[0] === '!re')).toHaveLength(2);
    expect(one).toEqual([['!re', '=disabled=true', '=name=citra'], ['!done']]);
    expect(set).toEqual([['!done']]);
    expect(router.secret('budi')).toMatchObject({ comment: 'billing:7', password: 'pw1' });
    expect(profiles[0]).toEqual([
      '!re',
      '=name=paket-10M',
      '=rate-limit=10M/10M',
      '=.id=*200',
      '.tag=3',
    ]);
    expect(router.sent('/ppp/secret/set')).toHaveLength(1);
  });
});
