/**
 * A scripted ApiClient for renderer tests: each method answers from a handler table; every call
 * is recorded. Overviews for the article's two-cycle are built by `twoCycleOverview`.
 */
import type { ApiMethod, ApiResult, HostEvent, OpenStatus, Overview, RuleSetId } from '../../shared/api';
import type { ApiClient } from '../../renderer/src/api/client';

export type Handlers = Partial<Record<ApiMethod, (request: never) => unknown>>;

export interface FakeApi extends ApiClient {
  calls: { method: string; request: unknown }[];
  emit(event: HostEvent): void;
  guard: boolean;
}

export function fakeApi(handlers: Handlers, mode: 'electron' | 'serve' = 'serve'): FakeApi {
  const listeners: ((e: HostEvent) => void)[] = [];
  const api: FakeApi = {
    mode,
    calls: [],
    guard: false,
    async call(method, request) {
      api.calls.push({ method, request });
      const handler = handlers[method] as ((r: unknown) => unknown) | undefined;
      if (!handler) return { ok: false, error: { code: 'NOT_FOUND', message: `no fake for ${method}` } } as ApiResult<never>;
      const value = await handler(request);
      return (value && typeof value === 'object' && 'ok' in value ? value : { ok: true, value }) as ApiResult<never>;
    },
    onEvent(listener) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    async pathForFile(file) {
      return { ok: true, value: { path: `/uploads/${file.name}` } };
    },
    setLeaveGuard(active) {
      api.guard = active;
    },
    emit(event) {
      for (const l of listeners) l(event);
    },
  };
  return api;
}

export function readyStatus(session: string, title = 'two-cycle-2.7.jsonl'): OpenStatus {
  return {
    session,
    state: 'ready',
    phase: 'ready',
    bytesRead: 100,
    totalBytes: 100,
    objects: 8,
    unexportedEdits: 0,
    source: { path: `/tmp/${title}` },
    title,
    info: { path: `/tmp/${title}`, name: title, bytes: 100, contentHash: 'ab', format: 'heapscope', python: '2.7.18', objects: 8, edges: 8, notes: [], restoredEdits: 0 },
  };
}

const A = 0x7f0000001000;
const B = 0x7f0000001020;

export function twoCycleOverview(session: string, rules: RuleSetId = '2.7', saveAll = false): Overview {
  const legacy = rules === '2.7';
  const garbage = saveAll ? 4 : legacy ? 2 : 0;
  const fate = legacy ? 'uncollectable' : 'collected';
  const ref = (address: number, type: string) => ({ address, type, repr: '', size: 72, fate }) as const;
  return {
    session,
    info: readyStatus(session).info!,
    rules,
    defaultRules: '2.7',
    saveAll,
    verdict: { collect: 4, garbage, sentence: `gc.collect() would find 4 unreachable objects; gc.garbage would hold ${garbage}` },
    totals: { objects: 8, bytes: 990, tracked: 6, edges: 8 },
    byFate: [
      { fate: 'alive', count: 4, bytes: 286 },
      { fate: 'freed by refcount', count: 0, bytes: 0 },
      { fate: 'collected', count: legacy ? 0 : 4, bytes: legacy ? 0 : 704 },
      { fate: 'uncollectable', count: legacy ? 4 : 0, bytes: legacy ? 704 : 0 },
      { fate: 'resurrected', count: 0, bytes: 0 },
    ],
    topTypesByCount: [{ type: 'dict', count: 2, bytes: 560, retainedBytes: 632 }],
    topTypesByRetained: [{ type: '__main__.CGcLeakA', count: 1, bytes: 72, retainedBytes: 704 }],
    largestCycles: [{ index: 0, size: 4, bytes: 704, types: ['dict', '__main__.CGcLeakA'], finalizers: 2, fate, sample: ref(A, '__main__.CGcLeakA') }],
    cycleCount: 1,
    pinning: legacy
      ? [
          { object: ref(A, '__main__.CGcLeakA'), finalizer: 'del', pins: 2, pinnedBytes: 352, inGarbage: true },
          { object: ref(B, '__main__.CGcLeakB'), finalizer: 'del', pins: 2, pinnedBytes: 352, inGarbage: true },
        ]
      : [],
    assumptions: [],
    edits: { count: 0, unexported: false },
  };
}
