/**
 * ScanPool: the scan threads of a parallel load (scanWorker.ts). `scan()` hands a batch to the
 * least busy thread and resolves with its BatchScan and filled columns; a thread that cannot
 * start or fails rejects its jobs, and the caller scans those batches itself, so a missing worker
 * file costs speed, never a load. Workers never keep the process alive.
 *
 * The worker file is found beside this module: scanWorker.ts from sources (run through tsx, as
 * tests and `node --import tsx` do), else scanWorker.js in the built out/main (this code may sit
 * in out/main/chunks/).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ColumnBuffers, NodeColumns } from '../../../model/NodeColumns.js';
import { roomForThread } from '../../../model/allocate.js';
import type { BatchScan } from './scanBatch.js';

export interface ScanRequest {
  id: number;
  /**
   * One Int32: 0 while nobody has started the batch; a thread sets 1 (compareExchange) before
   * scanning it, the loading thread 2 when it takes the batch back to scan it itself.
   */
  claim: SharedArrayBuffer;
  batch: SharedArrayBuffer;
  start: number;
  end: number;
  headerFirst: boolean;
  maxLineBytes: number;
  cols: ColumnBuffers;
}

export type ScanReply =
  | (BatchScan & { id: number; cols: ColumnBuffers; count: number; edgeCount: number })
  | { id: number; error: string }
  | { id: number; skipped: true };

export interface ScanDone extends BatchScan {
  cols: NodeColumns;
}

interface Job {
  resolve(r: ScanDone | undefined): void;
  reject(e: Error): void;
}

class ScanThread {
  readonly jobs = new Map<number, Job>();
  dead = false;
  /** Set by the worker's first message, once its code is loaded (tsx from sources takes a while). */
  ready = false;
  /** Settles true when ready, false if the thread ended first. */
  readonly started: Promise<boolean>;
  private onStart: (ok: boolean) => void = () => undefined;

  constructor(readonly worker: Worker) {
    this.started = new Promise((resolve) => (this.onStart = resolve));
    worker.unref();
    worker.on('message', (r: ScanReply | 'ready') => {
      if (r === 'ready') {
        this.ready = true;
        this.onStart(true);
        return;
      }
      const job = this.jobs.get(r.id);
      if (!job) return;
      this.jobs.delete(r.id);
      if ('error' in r) {
        job.reject(new Error(r.error));
        return;
      }
      if ('skipped' in r) {
        job.resolve(undefined);
        return;
      }
      const cols = NodeColumns.fromBuffers(r.cols);
      cols.count = r.count;
      cols.edgeCount = r.edgeCount;
      job.resolve({ lines: r.lines, deferred: r.deferred, more: r.more, moreEdges: r.moreEdges, moreLabels: r.moreLabels, strings: r.strings, cols });
    });
    const fail = (e: unknown): void => {
      this.dead = true;
      this.onStart(false);
      for (const job of this.jobs.values()) job.reject(e instanceof Error ? e : new Error(String(e)));
      this.jobs.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail(new Error('scan thread exited')));
  }
}

let nextId = 1;

export class ScanPool {
  private readonly threads: ScanThread[] = [];

  private constructor(count: number) {
    const entry = workerEntry();
    if (!entry) return;
    for (let i = 0; i < count; i++) {
      // Under a tight address-space limit a new thread would abort the process (model/allocate.ts).
      if (!roomForThread()) break;
      try {
        // The built file is plain JS: no loader flags of the parent (a `--import tsx`) needed there.
        this.threads.push(new ScanThread(entry.eval ? new Worker(entry.code, { eval: true }) : new Worker(entry.code, { execArgv: [] })));
      } catch {
        break;
      }
    }
  }

  static start(count: number): ScanPool {
    return new ScanPool(count);
  }

  /** Threads started and still able to take work. */
  get alive(): number {
    let n = 0;
    for (const t of this.threads) if (!t.dead && t.ready) n++;
    return n;
  }

  /** Jobs handed out and not answered yet. */
  get busy(): number {
    let n = 0;
    for (const t of this.threads) n += t.jobs.size;
    return n;
  }

  /** True once some thread is ready, false if none can start. */
  async ready(): Promise<boolean> {
    const started = await Promise.all(this.threads.map((t) => t.started));
    return started.some(Boolean);
  }

  /**
   * Scans on the least busy live thread; undefined when none is left. Settles with undefined
   * when the loading thread claimed the batch first (see ScanRequest.claim).
   */
  scan(req: Omit<ScanRequest, 'id'>): Promise<ScanDone | undefined> | undefined {
    let best: ScanThread | undefined;
    for (const t of this.threads) if (!t.dead && t.ready && (best === undefined || t.jobs.size < best.jobs.size)) best = t;
    if (!best) return undefined;
    const id = nextId++;
    const thread = best;
    return new Promise<ScanDone | undefined>((resolve, reject) => {
      thread.jobs.set(id, { resolve, reject });
      thread.worker.postMessage({ ...req, id } satisfies ScanRequest);
    });
  }

  close(): void {
    for (const t of this.threads) {
      t.dead = true;
      void t.worker.terminate();
    }
  }
}

/** How to start a scan thread from where this module runs, or undefined if its file is missing. */
function workerEntry(): { code: string; eval: boolean } | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    // Sources: the worker registers tsx itself (an --import in execArgv does not reach worker threads).
    const entry = pathToFileURL(join(dirname(here), 'scanWorker.ts')).href;
    return { code: `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, eval: true };
  }
  for (const dir of [dirname(here), dirname(dirname(here))]) {
    const file = join(dir, 'scanWorker.js');
    if (existsSync(file)) return { code: file, eval: false };
  }
  return undefined;
}
