/**
 * Serve mode's HTTP boundary: the per-run token (403 without it, for the API and the page), no
 * CORS headers, 127.0.0.1 only, the Host header checked, static files confined to the renderer
 * build, and uploads stored under a sanitised name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startServer, safeUploadName, type RunningServer } from '../../electron/cli/serveHttp';

let server: RunningServer;
let origin: string;
const uploads: string[] = [];
const calls: string[] = [];

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'heapscope-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><p>app</p>');
  writeFileSync(join(dirname(rendererDir), 'secret.txt'), 'secret');
  server = await startServer({
    rendererDir,
    version: '0.1.0',
    api: async (method) => (calls.push(method), { ok: true, value: method }),
    uploadDir: join(rendererDir, '..', `uploads-${process.pid}`),
    onUpload: (p) => uploads.push(p),
  });
  origin = new URL(server.url).origin;
});
afterAll(() => server?.close());

const post = (path: string, headers: Record<string, string> = {}, body = '{}') => fetch(`${origin}${path}`, { method: 'POST', headers, body });

describe('serve mode token and origin checks', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    const address = server.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
  });

  it('answers 403 to API calls without the token or with a wrong one, before running anything', async () => {
    expect((await post('/api/ping')).status).toBe(403);
    expect((await post('/api/ping', { 'x-heapscope-token': 'nope' })).status).toBe(403);
    expect((await post('/api/openDump', { 'x-heapscope-token': server.token.slice(0, -1) + 'x' }, '{"path":"/etc/passwd"}')).status).toBe(403);
    expect((await post(`/api/ping?token=${server.token}`)).status).toBe(403); // the token in the URL is for the page only
    expect(calls).toEqual([]);
  });

  it('runs API calls that carry the token, without CORS headers', async () => {
    const res = await post('/api/ping', { 'x-heapscope-token': server.token, origin: 'https://evil.example' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, value: 'ping' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(calls).toEqual(['ping']);
  });

  it('serves the page only with the token in the URL', async () => {
    expect((await fetch(`${origin}/`)).status).toBe(403);
    const ok = await fetch(server.url);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses requests whose Host header is not the loopback address (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(server.url, { headers: { host: `evil.example:${new URL(server.url).port}` } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('never serves files outside the renderer build', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await fetch(`${origin}${path}`);
      expect(res.status === 403 || res.status === 404).toBe(true);
      expect(await res.text()).not.toContain('secret');
    }
  });

  it('stores uploads under a sanitised name and registers them as named by the user', async () => {
    const res = await post('/api/upload?name=../../evil name.jsonl', { 'x-heapscope-token': server.token }, 'dump bytes');
    const body = (await res.json()) as { ok: boolean; value: { path: string } };
    expect(body.ok).toBe(true);
    expect(body.value.path).toMatch(/uploads-\d+\/[0-9a-f]{12}\/_.._evil_name\.jsonl$/);
    expect(readFileSync(body.value.path, 'utf8')).toBe('dump bytes');
    expect(uploads).toEqual([body.value.path]);
    expect(safeUploadName('..')).toBe('upload.jsonl');
  });

  it('rejects API GETs and bodies that are not JSON', async () => {
    expect((await fetch(`${origin}/api/ping`, { headers: { 'x-heapscope-token': server.token } })).status).toBe(405);
    expect((await post('/api/ping', { 'x-heapscope-token': server.token }, '{nope')).status).toBe(400);
  });
});
