/**
 * The only code that talks to the engine host: through the preload bridge in Electron, or over
 * HTTP with the per-run token in serve mode. Both are typed by shared/api.ts. Besides `call`,
 * the client carries what differs between the two transports: host events (Electron menu),
 * turning a dropped or picked File into an openable path (Electron: its real path; serve mode:
 * an upload), and the guard that asks before the window closes with unexported work.
 */
import type { ApiMethod, ApiRequest, ApiResponse, ApiResult, HeapscopeBridge, HostEvent } from '../../../shared/api';

export interface ApiClient {
  readonly mode: 'electron' | 'serve';
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResult<ApiResponse<M>>>;
  onEvent(listener: (event: HostEvent) => void): () => void;
  /** A path the host may open for this file: Electron's real path, or the stored upload in serve mode. */
  pathForFile(file: File): Promise<ApiResult<{ path: string }>>;
  /** While `active`, closing or reloading the window asks first (beforeunload). */
  setLeaveGuard(active: boolean): void;
}

function serveToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  // Opening sessionStorage costs a long task at startup: remember the token after the first render.
  if (fromUrl) {
    setTimeout(() => {
      sessionStorage.setItem('heapscope-token', fromUrl);
      dropTokenFromAddressBar();
    }, 0);
  }
  return fromUrl ?? sessionStorage.getItem('heapscope-token') ?? '';
}

/**
 * The token must not stay in the address bar (screenshots, shoulder surfing, history sync). A
 * reload still works: the page sets a same-site cookie for the page itself, and the API token
 * stays in this tab's sessionStorage.
 */
export function dropTokenFromAddressBar(loc: Location = window.location, hist: History = window.history): void {
  const url = new URL(loc.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  hist.replaceState(hist.state, '', `${url.pathname}${url.search}${url.hash}`);
}

function leaveGuard(): (active: boolean) => void {
  let installed = false;
  const handler = (event: BeforeUnloadEvent): void => {
    // Chromium shows its own prompt; Electron main turns this into a native dialog (will-prevent-unload).
    event.preventDefault();
    event.returnValue = '';
  };
  return (active) => {
    if (active === installed) return;
    installed = active;
    if (active) window.addEventListener('beforeunload', handler);
    else window.removeEventListener('beforeunload', handler);
  };
}

const unreachable = (err: unknown): ApiResult<never> => ({ ok: false, error: { code: 'INTERNAL', message: `cannot reach heapscope: ${String(err)}` } });

export function createHttpClient(token: string, base = ''): ApiClient {
  const headers = { 'x-heapscope-token': token };
  return {
    mode: 'serve',
    async call(method, request) {
      try {
        const res = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(request),
        });
        return (await res.json()) as ApiResult<ApiResponse<typeof method>>;
      } catch (err) {
        return unreachable(err);
      }
    },
    onEvent: () => () => {},
    async pathForFile(file) {
      try {
        const res = await fetch(`${base}/api/upload?name=${encodeURIComponent(file.name)}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body: file,
        });
        return (await res.json()) as ApiResult<{ path: string }>;
      } catch (err) {
        return unreachable(err);
      }
    },
    setLeaveGuard: leaveGuard(),
  };
}

export function createBridgeClient(bridge: HeapscopeBridge): ApiClient {
  return {
    mode: 'electron',
    call: (method, request) => bridge.call(method, request),
    onEvent: (listener) => bridge.onEvent(listener),
    async pathForFile(file) {
      const path = bridge.pathForFile(file);
      return path ? { ok: true, value: { path } } : { ok: false, error: { code: 'BAD_REQUEST', message: `${file.name}: not a file on disk` } };
    },
    setLeaveGuard: leaveGuard(),
  };
}

export function createClient(): ApiClient {
  const bridge = (window as unknown as { heapscope?: HeapscopeBridge }).heapscope;
  return bridge ? createBridgeClient(bridge) : createHttpClient(serveToken());
}
