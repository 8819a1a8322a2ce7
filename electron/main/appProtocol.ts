/**
 * The page's own origin, `app://heapscope/`: a custom scheme registered as privileged (standard,
 * secure, fetch), instead of `file://`. With file:// the page shares its origin with every file on
 * the disk, and Electron grants file:// pages extra privileges (the GrantFileProtocolExtraPrivileges
 * fuse is turned off in packaged builds, see scripts/fuses.mjs). The handler serves only files of
 * the renderer build: anything else is a 404, a path that leaves the folder a 403, and a host other
 * than `heapscope` a 404. Pure functions of a Request, so they are tested without Electron.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'heapscope';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const appSchemePrivileges = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/** The file of the renderer build an app:// URL names, or the status to answer instead. */
export function resolveAppUrl(url: string, rendererDir: string): { file: string } | { status: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { status: 404 };
  let rel: string;
  try {
    rel = decodeURIComponent(parsed.pathname).replace(/^\/+/, '') || 'index.html';
  } catch {
    return { status: 400 };
  }
  if (rel.includes('\0')) return { status: 400 };
  const root = normalize(rendererDir + sep);
  const file = normalize(join(root, rel));
  if (!file.startsWith(root)) return { status: 403 };
  return { file };
}

/** The protocol.handle() handler for app://. */
export async function serveAppRequest(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  const target = resolveAppUrl(request.url, rendererDir);
  if ('status' in target) return new Response(null, { status: target.status });
  try {
    const body = await readFile(target.file);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { 'content-type': contentTypes[extname(target.file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' },
    });
  } catch {
    return new Response(null, { status: 404 });
  }
}
