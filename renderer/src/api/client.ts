/**
 * The only code that talks to the engine host: through the preload bridge in Electron, or over
 * HTTP with the per-run token in serve mode. Both are typed by shared/api.ts.
 */
import type { ApiMethod, ApiRequest, ApiResponse, ApiResult, HeapscopeBridge } from '../../../shared/api';

export interface ApiClient {
  readonly mode: 'electron' | 'serve';
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResult<ApiResponse<M>>>;
}

function serveToken(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) sessionStorage.setItem('heapscope-token', fromUrl);
  return fromUrl ?? sessionStorage.getItem('heapscope-token') ?? '';
}

export function createHttpClient(token: string, base = ''): ApiClient {
  return {
    mode: 'serve',
    async call(method, request) {
      try {
        const res = await fetch(`${base}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-heapscope-token': token },
          body: JSON.stringify(request),
        });
        return (await res.json()) as ApiResult<ApiResponse<typeof method>>;
      } catch (err) {
        return { ok: false, error: { code: 'INTERNAL', message: `cannot reach heapscope: ${String(err)}` } };
      }
    },
  };
}

export function createClient(): ApiClient {
  const bridge = (window as unknown as { heapscope?: HeapscopeBridge }).heapscope;
  if (bridge) return { mode: 'electron', call: (method, request) => bridge.call(method, request) };
  return createHttpClient(serveToken());
}
