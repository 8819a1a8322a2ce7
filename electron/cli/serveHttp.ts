/**
 * Serve mode's HTTP server: the renderer build and the API on 127.0.0.1 only. Every API request
 * must carry the random per-run token (header `x-heapscope-token`; the page itself takes it as
 * query `token`), or gets 403. No CORS headers are ever sent, and API calls need a custom header,
 * so no other origin can call the API or read a response. The Host header is checked too, which
 * stops DNS-rebinding pages from reaching the server under another name.
 *
 * Routes: GET the static renderer; POST /api/<method> with a JSON body → ApiResult JSON;
 * POST /api/upload?name=… with the raw file bytes → { path } of the stored copy.
 *
 * Hostile requests get a status, never a crash or a reset: a malformed %-escape is 400, a JSON
 * body over 1 MiB is 413 (answered before the connection is closed), an upload over
 * `maxUploadBytes` is 413 and leaves nothing behind. Uploads go into a folder of their own under
 * `uploadDir` (created exclusively, never through a symlink), a cut-off upload is removed, and
 * close() removes every upload this server stored.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { constants, createWriteStream, lstatSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { ApiResult, ErrorCode } from '../../shared/api.js';
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
  /** Largest upload accepted (default 4 GiB). */
  maxUploadBytes?: number;
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
const defaultMaxUploadBytes = 4 * 1024 ** 3;
/** After a 413, this much more of the refused body is read and dropped so the client sees the answer; beyond, the connection is cut. */
const maxDrainBytes = 16 << 20;

class UploadTooLarge extends Error {}

function tokenMatches(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

/** The body as text, or undefined when it exceeds `maxJsonBytes` (the rest is drained, see refuseBody). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > maxJsonBytes) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxJsonBytes) {
        req.off('data', onData);
        chunks.length = 0;
        resolve(undefined);
      } else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Answers `status` to a request whose body is not wanted, then closes the connection. The
 * answer is written first and the rest of the body read and dropped (up to maxDrainBytes), so
 * the client gets the status instead of a reset while it is still sending.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse, status: number, message: string, code: ErrorCode = 'BAD_REQUEST'): void {
  res.shouldKeepAlive = false;
  sendJson(res, status, { ok: false, error: { code, message } });
  let drained = 0;
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > maxDrainBytes) req.destroy();
  });
  req.resume();
}

/** Keeps letters, digits, dot, dash and underscore of an uploaded file's name: it never names a path. */
export function safeUploadName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(0, 120);
  return cleaned || 'upload.jsonl';
}

/**
 * True when `dir` is a real directory of ours (created here if missing, mode 0700): never a
 * symlink someone planted, never a folder another user owns.
 */
function ownDirectory(dir: string): boolean {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return false;
  }
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && !st.isSymbolicLink() && (typeof process.getuid !== 'function' || st.uid === process.getuid());
  } catch {
    return false;
  }
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const root = normalize(options.rendererDir + sep);
  let port = 0;

  const maxUpload = options.maxUploadBytes ?? defaultMaxUploadBytes;
  /** Folders of the uploads this server stored: close() removes them. */
  const stored = new Set<string>();

  const handleUpload = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const base = options.uploadDir;
    if (!base || !ownDirectory(base)) {
      refuseBody(req, res, 200, base ? 'uploads are disabled: the upload folder is not a private directory' : 'uploads are disabled', 'UNSUPPORTED');
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > maxUpload) {
      refuseBody(req, res, 413, `the upload is larger than ${maxUpload} bytes`);
      return;
    }
    // A fresh folder per upload keeps the user's file name (shown on the tab) without collisions.
    // Neither mkdir without `recursive` nor O_EXCL | O_NOFOLLOW goes through a planted symlink.
    const dir = join(base, randomBytes(6).toString('hex'));
    mkdirSync(dir, { mode: 0o700 });
    stored.add(dir);
    const path = join(dir, safeUploadName(url.searchParams.get('name') ?? ''));
    const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    let size = 0;
    try {
      await pipeline(
        req,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxUpload) throw new UploadTooLarge();
            yield chunk;
          }
        },
        createWriteStream('', { fd }),
      );
    } catch (err) {
      // Cut off or too large: nothing of it stays.
      rmSync(dir, { recursive: true, force: true });
      stored.delete(dir);
      if (err instanceof UploadTooLarge && !res.headersSent && !res.destroyed) refuseBody(req, res, 413, `the upload is larger than ${maxUpload} bytes`);
      else res.destroy();
      return;
    }
    options.onUpload?.(path);
    sendJson(res, 200, { ok: true, value: { path } } satisfies ApiResult<{ path: string }>);
  };

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
      await handleUpload(req, res, url);
      return;
    }
    const body = await readBody(req);
    if (body === undefined) {
      refuseBody(req, res, 413, `request body too large (API requests take at most ${maxJsonBytes} bytes)`);
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
    const extraHeaders: Record<string, string> = {};
    if (url.pathname === '/' || url.pathname === '/index.html') {
      // The page drops the token from its address bar (history.replaceState); a reload then
      // proves itself with this cookie. It opens the page only: the API wants the token header.
      const cookie = `heapscope-page-${port}`;
      if (tokenMatches(url.searchParams.get('token'), token)) {
        extraHeaders['set-cookie'] = `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      } else if (!tokenMatches(cookieValue(req.headers.cookie, cookie), token)) {
        res.writeHead(403, { 'content-type': 'text/plain' }).end('heapscope: open the URL printed by `heapscope serve` (it carries the token).');
        return;
      }
    }
    let rel: string;
    try {
      rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('heapscope: malformed %-escape in the path');
      return;
    }
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
        ...extraHeaders,
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
        for (const dir of stored) rmSync(dir, { recursive: true, force: true });
        stored.clear();
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
