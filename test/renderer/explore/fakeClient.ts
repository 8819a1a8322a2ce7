/** A fake ApiClient for store and view tests: answers explore methods from handlers given per test. */
import { vi } from 'vitest';
import type { ApiResult } from '../../../shared/api';

export type Handler = (request: Record<string, unknown>) => unknown;

export function fakeClient(handlers: Record<string, Handler>) {
  const calls: { method: string; request: Record<string, unknown> }[] = [];
  const client = {
    mode: 'serve' as const,
    call: vi.fn(async (method: string, request: Record<string, unknown>): Promise<ApiResult<unknown>> => {
      calls.push({ method, request });
      const h = handlers[method];
      if (!h) return { ok: false, error: { code: 'BAD_REQUEST', message: `no fake for ${method}` } };
      try {
        return { ok: true, value: h(request) };
      } catch (e) {
        return { ok: false, error: { code: 'NOT_FOUND', message: (e as Error).message } };
      }
    }),
  };
  return { client, calls };
}
