/**
 * Runs layoutPositions in a Web Worker, so dagre's tens to hundreds of milliseconds never block the
 * UI thread. Where no worker starts (no Worker in the page, a CSP or an origin that refuses it, as a
 * file:// page may) or one fails (its script does not load, it throws, a message cannot be read),
 * layouts run on the UI thread instead, each in a task of its own, with dagre only for small
 * neighbourhoods (inPlaceDagreMaxNodes): the graph still appears, laid out by hop columns above
 * that size. One runner per graph view; `dispose()` ends its worker.
 */
import { layoutPositions, type LayoutInput, type Positions } from './layout';
import { nextTask } from './inSlices';

export interface LayoutRunner {
  run(input: LayoutInput): Promise<Positions>;
  /** Why layouts run on the UI thread, once they do (null while the worker serves them). */
  readonly fallbackReason: string | null;
  dispose(): void;
}

/**
 * On the UI thread dagre gets this many nodes at most: 40 nodes cost it 25 ms warm and 75 ms
 * cold (`npm run bench -- graph`), more would make one long task; hop columns take ~1 ms for 500.
 */
export const inPlaceDagreMaxNodes = 30;

/** The app's worker; Vite bundles layoutWorker.ts from this exact `new Worker(new URL(…))` form. */
function appWorker(): Worker {
  return new Worker(new URL('./layoutWorker.ts', import.meta.url), { type: 'module' });
}

/** Positions on the UI thread, in a task of its own; a layout that throws gives way to hop columns. */
async function inPlace(input: LayoutInput, yieldNow: () => Promise<void>): Promise<Positions> {
  await yieldNow();
  try {
    return layoutPositions(input, inPlaceDagreMaxNodes);
  } catch {
    return layoutPositions(input, 0);
  }
}

/** The message of an Error or an ErrorEvent (a failed script load has none). */
function describe(e: unknown, fallback: string): string {
  const message = typeof e === 'object' && e !== null && 'message' in e ? e.message : undefined;
  return typeof message === 'string' && message ? message : fallback;
}

/**
 * `makeWorker: null` computes in place. `yieldNow` separates in-place layouts from the task that
 * asked (a macrotask in the app; tests pass an immediate one).
 */
export function createLayoutRunner(makeWorker: (() => Worker) | null = typeof Worker === 'function' ? appWorker : null, yieldNow: () => Promise<void> = nextTask): LayoutRunner {
  let worker: Worker | null = null;
  let fallbackReason: string | null = makeWorker === null ? 'no Web Worker in this page' : null;
  let disposed = false;
  let next = 0;
  const pending = new Map<number, { input: LayoutInput; resolve: (p: Positions) => void }>();

  /** Stops using the worker and answers what it still owed in place. */
  function fallBack(reason: string): void {
    fallbackReason = reason;
    worker?.terminate();
    worker = null;
    const owed = [...pending.values()];
    pending.clear();
    for (const p of owed) void inPlace(p.input, yieldNow).then(p.resolve);
  }

  function start(): Worker | null {
    if (fallbackReason !== null || disposed || !makeWorker) return null;
    if (worker) return worker;
    try {
      worker = makeWorker();
    } catch (e) {
      fallbackReason = `the layout worker could not start: ${describe(e, 'refused')}`;
      return null;
    }
    worker.onmessage = (e: MessageEvent<{ id: number; positions: Positions }>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      p?.resolve(e.data.positions);
    };
    worker.onerror = (e) => {
      // An error in the worker (its script did not load, or it threw): not the page's error.
      e.preventDefault();
      fallBack(`the layout worker failed: ${describe(e, 'its script did not load')}`);
    };
    worker.onmessageerror = () => fallBack('a layout could not be read back from the worker');
    return worker;
  }

  return {
    run(input) {
      const w = start();
      if (!w) return inPlace(input, yieldNow);
      return new Promise((resolve) => {
        const id = next++;
        pending.set(id, { input, resolve });
        w.postMessage({ id, input });
      });
    },
    get fallbackReason() {
      return fallbackReason;
    },
    dispose() {
      disposed = true;
      worker?.terminate();
      worker = null;
      pending.clear();
    },
  };
}
