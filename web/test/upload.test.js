// Uploading a file as the raw body (the customer import): progress, headers, errors with their body.
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, upload } from '../src/lib/api.js';
import { session } from '../src/lib/session.svelte.js';

class FakeXhr {
  static last = null;
  headers = {};
  upload = {};
  responseHeaders = {};

  constructor() {
    FakeXhr.last = this;
  }
  open(method, url) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name, value) {
    this.headers[name] = value;
  }
  getResponseHeader(name) {
    return this.responseHeaders[name] ?? null;
  }
  send(body) {
    this.body = body;
  }
  // The server's side: the upload goes up in two steps, then the answer comes.
  answer(status, json) {
    this.upload.onprogress?.({ loaded: 4, total: 10, lengthComputable: true });
    this.upload.onprogress?.({ loaded: 10, total: 10, lengthComputable: true });
    this.upload.onload?.();
    this.status = status;
    this.responseText = json === undefined ? '' : JSON.stringify(json);
    this.onload();
  }
}

vi.stubGlobal('XMLHttpRequest', FakeXhr);
afterAll(() => vi.unstubAllGlobals());

beforeEach(() => {
  session.token = 'token-1';
});

const csv = () => new File(['Nama,Jenis\nBudi,gas\n'], 'pelanggan.csv', { type: 'text/csv' });

describe('upload', () => {
  it('posts the file as the body, the session and the query', async () => {
    const file = csv();
    const progress = [];
    const sent = upload('/api/customers/import', file, {
      query: { dry_run: true, create_packages: undefined },
      onprogress: (p) => progress.push(p),
    });
    const xhr = FakeXhr.last;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/customers/import?dry_run=true');
    expect(xhr.body).toBe(file);
    expect(xhr.headers).toMatchObject({
      'Content-Type': 'application/octet-stream',
      Authorization: 'Bearer token-1',
      Accept: 'application/json',
    });
    xhr.answer(200, { rows: 1, valid: 1, errors: [] });
    expect(await sent).toEqual({ rows: 1, valid: 1, errors: [] });
    expect(progress).toEqual([
      { sent: 4, total: 10, uploaded: false },
      { sent: 10, total: 10, uploaded: false },
      { sent: file.size, total: file.size, uploaded: true },
    ]);
  });

  it('sends any file as application/octet-stream (Windows calls a .csv application/vnd.ms-excel)', () => {
    upload('/api/customers/import', new File(['x'], 'a.csv', { type: 'application/vnd.ms-excel' }));
    expect(FakeXhr.last.headers['Content-Type']).toBe('application/octet-stream');
  });

  it('rejects with the error and keeps the whole answer (a refused import carries its report)', async () => {
    const sent = upload('/api/customers/import', csv());
    const report = {
      error: { code: 'import_invalid', message: 'Ada baris yang salah' },
      rows: 2,
      valid: 1,
      errors: [{ row: 3, column: 'Telepon', message: 'Nomor HP tidak valid' }],
    };
    FakeXhr.last.answer(422, report);
    const error = await sent.catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'import_invalid',
      message: 'Ada baris yang salah',
    });
    expect(error.body).toEqual(report);
  });

  it('explains a refusal without a body, and a lost connection', async () => {
    const big = upload('/api/customers/import', csv());
    FakeXhr.last.answer(413);
    expect(await big.catch((e) => e)).toMatchObject({
      status: 413,
      code: 'http_413',
      message: 'Data yang dikirim terlalu besar.',
      body: null,
    });
    const lost = upload('/api/customers/import', csv());
    FakeXhr.last.onerror();
    expect(await lost.catch((e) => e)).toMatchObject({ status: 0, code: 'network' });
  });
});
