/**
 * Serve mode: the renderer build and the API over HTTP on 127.0.0.1 only. Every request must carry
 * the random per-run token (query `token` for the page, header `x-heapscope-token` for API calls);
 * no CORS headers are ever sent, so other origins cannot read responses.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

export interface ServeOptions {
  rendererDir: string;
  port?: number;
  token?: string;
  version: string;
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

function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const root = normalize(options.rendererDir + sep);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      if (!tokenMatches(req.headers['x-heapscope-token'] as string | undefined, token)) {
        sendJson(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'missing or wrong token' } });
        return;
      }
      if (url.pathname === '/api/ping') {
        sendJson(res, 200, { ok: true, value: { app: 'heapscope', version: options.version, mode: 'serve' } });
        return;
      }
      sendJson(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: `no API route ${url.pathname}` } });
      return;
    }
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
      res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: String(err) } }));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    server,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
