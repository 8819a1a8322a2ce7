/**
 * Serve mode's HTTP server: the renderer build and the API on 127.0.0.1 only. Every API request
 * must carry the random per-run token (header `x-heapscope-token`; the page itself takes it as
 * query `token`), or gets 403. No CORS headers are ever sent, and API calls need a custom header,
 * so no other origin can call the API or read a response. The Host header is checked too, which
 * stops DNS-rebinding pages from reaching the server under another name.
 *
 * Routes: GET the static renderer; POST /api/<method> with a JSON body → ApiResult JSON;
 * POST /api/upload?name=… with the raw file bytes → { path } of the stored copy.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { ApiResult } from '../../shared/api.js';
import type { ApiHandler } from '../host/ApiRouter.js';

export interface ServeOptions {
  rendererDir: string;
  port?: number;
  token?: string;
  version: string;
  /** The API; without one only `ping` answers (kept for callers that serve the UI alone). */
  api?: ApiHandler;
  /** Where uploaded dumps are stored; uploads are refused without it. */
  uploadDir?: string;
  /** Told about each stored upload, so the file policy lets it be opened. */
  onUpload?: (path: string) => void;
}

export interface RunningServer {
  server: Server;
  url: string;
  token: string;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** JSON bodies are small requests; dumps come through /api/upload. */
const maxJsonBytes = 1 << 20;

function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxJsonBytes) {
        resolve(undefined);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Keeps letters, digits, dot, dash and underscore of an uploaded file's name: it never names a path. */
export function safeUploadName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 120);
  return cleaned || 'upload.jsonl';
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const root = normalize(options.rendererDir + sep);
  let port = 0;

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (!tokenMatches(req.headers['x-heapscope-token'] as string | undefined, token)) {
      sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'missing or wrong token' } });
      return;
    }
    if (req.method !== 'POST') {
      sendJson(res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: 'API calls are POST requests' } });
      return;
    }
    const method = url.pathname.slice('/api/'.length);
    if (method === 'upload') {
      if (!options.uploadDir) {
        sendJson(res, 200, { ok: false, error: { code: 'UNSUPPORTED', message: 'uploads are disabled' } });
        return;
      }
      // A fresh folder per upload keeps the user's file name (shown on the tab) without collisions.
      const dir = join(options.uploadDir, randomBytes(6).toString('hex'));
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const path = join(dir, safeUploadName(url.searchParams.get('name') ?? ''));
      await pipeline(req, createWriteStream(path, { mode: 0o600 }));
      options.onUpload?.(path);
      sendJson(res, 200, { ok: true, value: { path } } satisfies ApiResult<{ path: string }>);
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      sendJson(res, 413, { ok: false, error: { code: 'BAD_REQUEST', message: 'request body too large' } });
      return;
    }
    let request: unknown;
    try {
      request = body ? JSON.parse(body) : {};
    } catch {
      sendJson(res, 400, { ok: false, error: { code: 'BAD_REQUEST', message: 'the body is not JSON' } });
      return;
    }
    if (!options.api) {
      const value = method === 'ping' ? { ok: true, value: { app: 'heapscope', version: options.version, mode: 'serve' } } : undefined;
      sendJson(res, value ? 200 : 404, value ?? { ok: false, error: { code: 'NOT_FOUND', message: `no API route ${method}` } });
      return;
    }
    sendJson(res, 200, await options.api(method, request));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('heapscope: unexpected Host header');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!tokenMatches(url.searchParams.get('token'), token)) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('heapscope: open the URL printed by `heapscope serve` (it carries the token).');
        return;
      }
    }
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = normalize(join(root, rel));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        // The page cannot be framed by another site (clickjacking the token-bearing URL).
        'x-frame-options': 'DENY',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: String(err) } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    // Idle keep-alive connections (a browser tab, a test's fetch pool) would hold close() open forever.
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
