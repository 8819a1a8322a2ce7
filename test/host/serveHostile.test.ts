/**
 * Serve mode against hostile requests: authentication, Host, traversal, malformed escapes and
 * bodies, huge bodies (a 413 the client can read, not a reset), 200 concurrent requests, upload
 * names, upload size cap, cut-off uploads, uploads removed on close, a planted upload symlink.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, type RunningServer } from '../../electron/cli/serveHttp';

let server: RunningServer;
let origin: string;
let port: number;
let uploadDir: string;
const calls: string[] = [];

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'heapscope-hostile-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><p>app</p>');
  writeFileSync(join(dirname(rendererDir), 'hostile-secret.txt'), 'secret');
  uploadDir = join(rendererDir, 'uploads');
  server = await startServer({
    rendererDir,
    version: '0.1.0',
    api: async (method) => (calls.push(method), { ok: true, value: method }),
    uploadDir,
    maxUploadBytes: 64 * 1024,
  });
  origin = new URL(server.url).origin;
  port = Number(new URL(server.url).port);
});
afterAll(() => server?.close());

const auth = (): Record<string, string> => ({ 'x-heapscope-token': server.token });

/** One raw HTTP/1.1 exchange: what a browser would never send. Resolves with the status line's code (0: closed without one). */
function raw(text: string | Buffer, hold = 0): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (b) => (data += b.toString('latin1')));
    const done = (): void => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', () => undefined);
    socket.write(text);
    if (hold) setTimeout(() => socket.end(), hold);
  });
}

describe('serve mode: authentication and Host', () => {
  it('refuses every API call without the exact token, before it runs', async () => {
    const before = calls.length;
    const variants: Record<string, string>[] = [{}, { 'x-heapscope-token': '' }, { 'x-heapscope-token': server.token.toUpperCase() }, { authorization: `Bearer ${server.token}` }];
    for (const headers of variants) {
      expect((await fetch(`${origin}/api/ping`, { method: 'POST', headers, body: '{}' })).status).toBe(403);
    }
    expect(calls.length).toBe(before);
  });

  it('refuses unexpected Host headers (another name, another port, none)', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.1.evil.example:${port}`]) {
      expect(await raw(`GET /?token=${server.token} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)).toBe(403);
    }
    expect(await raw(`GET /?token=${server.token} HTTP/1.0\r\nConnection: close\r\n\r\n`)).toBe(403);
  });

  it('serves the page by URL token, then by its same-site cookie only', async () => {
    const first = await fetch(server.url);
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await fetch(`${origin}/`, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200);
    expect((await fetch(`${origin}/`, { headers: { cookie: `heapscope-page-${port}=nope` } })).status).toBe(403);
    // The cookie does not authenticate the API.
    expect((await fetch(`${origin}/api/ping`, { method: 'POST', headers: { cookie: cookie.split(';')[0] }, body: '{}' })).status).toBe(403);
  });
});

describe('serve mode: paths', () => {
  it('never serves files outside the renderer build, however the path is spelled', async () => {
    const paths = ['/../hostile-secret.txt', '/%2e%2e/hostile-secret.txt', '/%2e%2e%2fhostile-secret.txt', '/..%5chostile-secret.txt', '/%252e%252e/hostile-secret.txt', '//..//hostile-secret.txt', '/.%2e/hostile-secret.txt'];
    for (const path of paths) {
      const status = await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      expect([400, 403, 404], path).toContain(status);
    }
  });

  it('answers 400 to malformed %-escapes and NUL bytes, not 500', async () => {
    for (const path of ['/%E0%A4%A', '/%', '/%zz', '/a%00b.js', '/%c0%af']) {
      const status = await raw(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
      expect([400, 404], path).toContain(status);
    }
    expect(await raw(`GET /%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)).toBe(400);
  });
});

describe('serve mode: bodies', () => {
  it('answers 400 to bodies that are not JSON, or nested a million levels deep', async () => {
    for (const body of ['{nope', '\u0000', '[' .repeat(1_000_000)]) {
      expect((await fetch(`${origin}/api/ping`, { method: 'POST', headers: auth(), body })).status).toBe(400);
    }
  });

  it('answers 413 (readable by the client) to a JSON body over 1 MiB, declared or streamed', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024);
    const res = await fetch(`${origin}/api/ping`, { method: 'POST', headers: auth(), body: big });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ ok: false });
    // Declared larger than it is: refused from the header, without waiting for the body.
    const declared = await raw(`POST /api/ping HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-heapscope-token: ${server.token}\r\nContent-Length: 99999999\r\n\r\n{}`, 500);
    expect(declared).toBe(413);
    // Chunked, no length: refused once the limit is passed.
    const chunk = Buffer.alloc(256 * 1024, 0x61);
    const parts = [Buffer.from(`POST /api/ping HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-heapscope-token: ${server.token}\r\nTransfer-Encoding: chunked\r\n\r\n`)];
    for (let i = 0; i < 6; i++) parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    parts.push(Buffer.from('0\r\n\r\n'));
    expect(await raw(Buffer.concat(parts), 500)).toBe(413);
  });

  it('answers 200 concurrent API requests, each one', async () => {
    const results = await Promise.all(Array.from({ length: 200 }, () => fetch(`${origin}/api/ping`, { method: 'POST', headers: auth(), body: '{}' }).then((r) => r.status)));
    expect(results.every((s) => s === 200)).toBe(true);
  });
});

describe('serve mode: uploads', () => {
  const upload = (name: string, body: string | Buffer): Promise<Response> => fetch(`${origin}/api/upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers: auth(), body });

  it('stores uploads under sanitised names, never outside their own folder', async () => {
    for (const name of ['../../x.jsonl', '/etc/passwd', 'a\u0000b.jsonl', '..', '.hidden', 'x'.repeat(500), 'C:\\win\\x.jsonl']) {
      const body = (await (await upload(name, 'bytes')).json()) as { ok: boolean; value: { path: string } };
      expect(body.ok, name).toBe(true);
      expect(dirname(dirname(body.value.path))).toBe(uploadDir);
      expect(body.value.path.split('/').pop()).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}$/);
    }
  });

  it('refuses an upload over the cap with 413 and keeps nothing of it', async () => {
    const before = readdirSync(uploadDir).length;
    const res = await upload('big.jsonl', Buffer.alloc(200 * 1024));
    expect(res.status).toBe(413);
    expect(readdirSync(uploadDir).length).toBe(before);
    // Streamed without a length: stopped, answered and removed once it passes the cap.
    const chunk = Buffer.alloc(32 * 1024, 0x62);
    const parts = [Buffer.from(`POST /api/upload?name=stream.jsonl HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-heapscope-token: ${server.token}\r\nTransfer-Encoding: chunked\r\n\r\n`)];
    for (let i = 0; i < 6; i++) parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    parts.push(Buffer.from('0\r\n\r\n'));
    expect(await raw(Buffer.concat(parts), 500)).toBe(413);
    expect(readdirSync(uploadDir).length).toBe(before);
  });

  it('removes an upload cut off mid-way', async () => {
    const before = readdirSync(uploadDir).length;
    await raw(`POST /api/upload?name=cut.jsonl HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-heapscope-token: ${server.token}\r\nContent-Length: 50000\r\n\r\n${'y'.repeat(1000)}`, 200);
    await new Promise((r) => setTimeout(r, 200));
    expect(readdirSync(uploadDir).length).toBe(before);
  });

  it('refuses to upload through a planted symlink, and removes its uploads on close', async () => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'heapscope-hostile2-'));
    writeFileSync(join(rendererDir, 'index.html'), 'app');
    const victim = mkdtempSync(join(tmpdir(), 'heapscope-victim-'));
    const planted = join(rendererDir, 'planted');
    symlinkSync(victim, planted);
    const s2 = await startServer({ rendererDir, version: '0', api: async () => ({ ok: true, value: 1 }), uploadDir: planted });
    const r = await fetch(`${new URL(s2.url).origin}/api/upload?name=x.jsonl`, { method: 'POST', headers: { 'x-heapscope-token': s2.token }, body: 'bytes' });
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(readdirSync(victim)).toEqual([]);
    await s2.close();

    const own = join(rendererDir, 'own');
    mkdirSync(own);
    const s3 = await startServer({ rendererDir, version: '0', api: async () => ({ ok: true, value: 1 }), uploadDir: own });
    const stored = (await (await fetch(`${new URL(s3.url).origin}/api/upload?name=x.jsonl`, { method: 'POST', headers: { 'x-heapscope-token': s3.token }, body: 'bytes' })).json()) as { value: { path: string } };
    expect(existsSync(stored.value.path)).toBe(true);
    await s3.close();
    expect(existsSync(stored.value.path)).toBe(false);
  });
});
