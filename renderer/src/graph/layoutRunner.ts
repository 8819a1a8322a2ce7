/**
 * Runs layoutPositions in a Web Worker, so dagre's tens to hundreds of milliseconds never block the
 * UI thread. Where no worker starts (happy-dom, a page whose origin may not load one) or one fails,
 * it computes in place instead: slower to the eye, same positions. One runner per graph view;
 * `dispose()` ends its worker.
 */
import { layoutPositions, type LayoutInput, type Positions } from './layout';

export interface LayoutRunner {
  run(input: LayoutInput): Promise<Positions>;
  dispose(): void;
}

/** The app's worker; Vite bundles layoutWorker.ts from this exact `new Worker(new URL(…))` form. */
function appWorker(): Worker {
  return new Worker(new URL('./layoutWorker.ts', import.meta.url), { type: 'module' });
}

/** `makeWorker: null` computes in place (headless views, tests). */
export function createLayoutRunner(makeWorker: (() => Worker) | null = typeof Worker === 'function' ? appWorker : null): LayoutRunner {
  let worker: Worker | null = null;
  let inPlace = makeWorker === null;
  let next = 0;
  const pending = new Map<number, { input: LayoutInput; resolve: (p: Positions) => void }>();

  /** Stops using the worker and answers what it still owed in place. */
  function fallBack(): void {
    inPlace = true;
    worker?.terminate();
    worker = null;
    for (const p of pending.values()) p.resolve(layoutPositions(p.input));
    pending.clear();
  }

  function start(): Worker | null {
    if (inPlace || !makeWorker) return null;
    if (worker) return worker;
    try {
      worker = makeWorker();
    } catch {
      inPlace = true;
      return null;
    }
    worker.onmessage = (e: MessageEvent<{ id: number; positions: Positions }>) => {
      const p = pending.get(e.data.id);
      pending.delete(e.data.id);
      p?.resolve(e.data.positions);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      fallBack();
    };
    return worker;
  }

  return {
    run(input) {
      const w = start();
      if (!w) return Promise.resolve(layoutPositions(input));
      return new Promise((resolve) => {
        const id = next++;
        pending.set(id, { input, resolve });
        w.postMessage({ id, input });
      });
    },
    dispose() {
      inPlace = true;
      worker?.terminate();
      worker = null;
      pending.clear();
    },
  };
}
