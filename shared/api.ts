/**
 * The API contract between the renderer and the engine host: one entry per method, with its
 * request and response types. Electron main's IPC handlers, the preload bridge, serve mode's
 * HTTP routes and the renderer client are all checked against this map. Imports nothing outside shared/.
 */
import type { ExploreMethods } from './exploreApi.js';

export interface CoreMethods {
  /** Liveness and version check. */
  ping: { request: Record<string, never>; response: { app: 'heapscope'; version: string; mode: 'electron' | 'serve' } };
}

export interface ApiMethods extends CoreMethods, ExploreMethods {}

export type ApiMethod = keyof ApiMethods;
export type ApiRequest<M extends ApiMethod> = ApiMethods[M]['request'];
export type ApiResponse<M extends ApiMethod> = ApiMethods[M]['response'];

/** Errors cross every boundary as values, never as thrown strings. */
export type ErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'FORMAT' | 'CANCELLED' | 'INTERNAL' | 'FORBIDDEN';

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the preload exposes on `window.heapscope` (Electron) — serve mode provides the same shape over HTTP. */
export interface HeapscopeBridge {
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResult<ApiResponse<M>>>;
}
