/**
 * EngineHost: one worker thread per open dump, so loading and analysing never block the window
 * (Electron main) or the HTTP server (serve mode). It keeps each session's latest status (phase,
 * progress, result or error) for `openStatus` polling, forwards calls by id, and turns a worker's
 * death — uncaught exception, out of memory, exit — into a `crashed` status and WORKER_CRASHED
 * results, never into an exception in the host.
 *
 * Arguments are validated before they get here (ApiRouter.ts); this class trusts its callers.
 */
import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';
import type { ApiError, ApiResult, DumpSource, OpenStatus } from '../../shared/api.js';
import type { HostToWorker, WorkerToHost } from './protocol.js';
import { HistoryStore } from '../engine/session/HistoryStore.js';

export interface EngineHostOptions {
  /** The built worker entry (out/main/worker.js). */
  workerPath: string;
  /** App data directory; edit histories go under it. */
  dataDir: string;
  /** Heap cap per worker in MB: an out-of-memory dump kills its worker, not the app. */
  maxHeapMb?: number;
  /** Dumps open (loading or ready) at once; each is a thread and its heap (default 16). */
  maxSessions?: number;
}

interface Hosted {
  worker: Worker;
  status: OpenStatus;
  /** Resolved once loading ends (ready, failed, cancelled or crashed). */
  settled: Promise<OpenStatus>;
  settle: (status: OpenStatus) => void;
  pending: Map<number, (result: ApiResult<unknown>) => void>;
  nextCall: number;
  closing: boolean;
}

export class EngineHost {
  private readonly sessions = new Map<string, Hosted>();

  constructor(private readonly options: EngineHostOptions) {}

  /**
   * Why another dump cannot be opened now, or undefined. Every open dump is a thread and ~100 MB
   * and more: 200 opens at once made 212 threads and 3.8 GB before this cap.
   */
  refusal(): string | undefined {
    const max = this.options.maxSessions ?? 16;
    let live = 0;
    for (const s of this.sessions.values()) if (s.status.state === 'loading' || s.status.state === 'ready') live++;
    return live >= max ? `${live} dumps are open, the most at once: close one to open another` : undefined;
  }

  /** Starts a worker loading `path`; returns the new session id at once. */
  open(path: string, source: DumpSource, title: string): string {
    const id = randomUUID().slice(0, 8);
    const worker = new Worker(this.options.workerPath, {
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 4096 },
    });
    let settle: (status: OpenStatus) => void = () => {};
    const settled = new Promise<OpenStatus>((resolve) => (settle = resolve));
    const hosted: Hosted = {
      worker,
      status: { session: id, state: 'loading', phase: 'starting', bytesRead: 0, totalBytes: 0, objects: 0, unexportedEdits: 0, source, title },
      settled,
      settle,
      pending: new Map(),
      nextCall: 1,
      closing: false,
    };
    this.sessions.set(id, hosted);
    worker.on('message', (message: WorkerToHost) => this.onMessage(hosted, message));
    worker.on('error', (err) => this.onCrash(hosted, `${err.name}: ${err.message}`));
    worker.on('exit', (code) => {
      if (!hosted.closing) this.onCrash(hosted, `exited with code ${code}`);
      // However the worker ended, its lock on the dump's edit history goes with it.
      new HistoryStore(this.options.dataDir).releaseOwner(id);
    });
    this.post(hosted, { type: 'open', path, title, dataDir: this.options.dataDir, owner: id });
    return id;
  }

  /** The status once loading has ended; undefined for an unknown session. */
  whenSettled(id: string): Promise<OpenStatus> | undefined {
    return this.sessions.get(id)?.settled;
  }

  status(id: string): OpenStatus | undefined {
    return this.sessions.get(id)?.status;
  }

  list(): OpenStatus[] {
    return [...this.sessions.values()].map((s) => s.status);
  }

  /** Runs one engine method in the session's worker. */
  call(id: string, method: string, request: unknown): Promise<ApiResult<unknown>> {
    const hosted = this.sessions.get(id);
    if (!hosted) return Promise.resolve(fail('NOT_FOUND', `no open dump with session id ${id}`));
    if (hosted.status.state === 'crashed') return Promise.resolve({ ok: false, error: hosted.status.error! });
    if (hosted.status.state !== 'ready') return Promise.resolve(fail('BAD_REQUEST', `the dump is ${hosted.status.state}, not ready`));
    const callId = hosted.nextCall++;
    return new Promise((resolve) => {
      hosted.pending.set(callId, resolve);
      this.post(hosted, { type: 'call', id: callId, method, request });
    });
  }

  /** Cancels a load in progress; the worker stops at its next progress check. */
  cancel(id: string): boolean {
    const hosted = this.sessions.get(id);
    if (!hosted || hosted.status.state !== 'loading') return false;
    this.post(hosted, { type: 'cancel' });
    return true;
  }

  async close(id: string): Promise<boolean> {
    const hosted = this.sessions.get(id);
    if (!hosted) return false;
    hosted.closing = true;
    this.sessions.delete(id);
    for (const resolve of hosted.pending.values()) resolve(fail('CANCELLED', 'the dump was closed'));
    hosted.pending.clear();
    await hosted.worker.terminate();
    return true;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private post(hosted: Hosted, message: HostToWorker): void {
    try {
      hosted.worker.postMessage(message);
    } catch (err) {
      this.onCrash(hosted, `could not post to the worker: ${String(err)}`);
    }
  }

  private onMessage(hosted: Hosted, message: WorkerToHost): void {
    const s = hosted.status;
    switch (message.type) {
      case 'progress':
        if (s.state === 'loading') Object.assign(s, { phase: message.phase, bytesRead: message.bytesRead, totalBytes: message.totalBytes, objects: message.objects });
        break;
      case 'ready':
        Object.assign(s, { state: 'ready', phase: 'ready', info: message.info, objects: message.info.objects });
        hosted.settle(s);
        break;
      case 'failed':
        Object.assign(s, { state: message.error.code === 'CANCELLED' ? 'cancelled' : 'failed', error: message.error });
        hosted.settle(s);
        // A failed load leaves nothing to keep: free the thread (the status stays for the UI).
        hosted.closing = true;
        void hosted.worker.terminate();
        break;
      case 'state':
        s.unexportedEdits = message.unexportedEdits;
        break;
      case 'result': {
        const resolve = hosted.pending.get(message.id);
        hosted.pending.delete(message.id);
        resolve?.(message.result);
        break;
      }
    }
  }

  private onCrash(hosted: Hosted, why: string): void {
    if (hosted.status.state === 'crashed') return;
    const error: ApiError = {
      code: 'WORKER_CRASHED',
      message: `The engine worker for ${hosted.status.title} stopped (${why}). Reopen the dump to continue.`,
    };
    Object.assign(hosted.status, { state: 'crashed', error });
    hosted.settle(hosted.status);
    for (const resolve of hosted.pending.values()) resolve({ ok: false, error });
    hosted.pending.clear();
    hosted.closing = true;
  }
}

function fail(code: ApiError['code'], message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}
