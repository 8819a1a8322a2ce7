/**
 * Prefaulter: a worker thread that touches, page by page, the memory a large load is about to
 * write, so the loading thread finds its pages already mapped. On the VMs heapscope is measured
 * on, the first write to a fresh page costs ~13-20 µs (a 2M-object load touches ~300 MB: over a
 * second), while the same work on mapped memory is nearly free; a second core can pay that
 * cost in parallel. The buffers must be SharedArrayBuffers.
 *
 * Touching uses Atomics.add(…, 0): it faults the page in for writing but never changes a value,
 * even when the loading thread has already written there.
 */
import { Worker } from 'node:worker_threads';
import { roomForThread } from './allocate.js';

export interface PrefaultTrack {
  buffer: SharedArrayBuffer;
  /** Bytes to touch from the start. */
  bytes: number;
}

// Plain CommonJS, run with eval: the worker needs no file of its own, so it works the same from
// sources, tests and the built app. `first` tracks are touched in lockstep (the loader fills
// them side by side), `later` ones after them, one by one (used only once parsing ends).
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const PAGE = 4096, STEPS = 256;
const touch = (v, from, to) => { for (let i = from - (from % PAGE); i < to; i += PAGE) Atomics.add(v, i, 0); };
const views = (ts) => ts.map((t) => new Uint8Array(t.buffer, 0, t.bytes));
const first = views(workerData.first), later = views(workerData.later);
for (let s = 0; s < STEPS; s++) {
  for (const v of first) touch(v, Math.floor((v.length * s) / STEPS), Math.floor((v.length * (s + 1)) / STEPS));
}
for (const v of later) touch(v, 0, v.length);
parentPort.postMessage('done');
`;

export class Prefaulter {
  /** Settles when every page has been touched, or the worker stopped. */
  readonly finished: Promise<void>;

  private constructor(private readonly worker: Worker) {
    this.finished = new Promise((resolve) => {
      worker.once('message', () => resolve());
      worker.once('exit', () => resolve());
    });
  }

  /** Starts touching; never keeps the process alive. */
  static start(first: PrefaultTrack[], later: PrefaultTrack[]): Prefaulter | undefined {
    // Under a tight address-space limit a new thread would abort the process (allocate.ts).
    if (!roomForThread()) return undefined;
    try {
      const worker = new Worker(SOURCE, { eval: true, workerData: { first, later } });
      worker.unref();
      // A worker that cannot run only costs the speed-up.
      worker.on('error', () => undefined);
      return new Prefaulter(worker);
    } catch {
      return undefined;
    }
  }

  stop(): void {
    void this.worker.terminate();
  }
}
