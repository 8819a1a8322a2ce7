/**
 * Worker-thread entry (built as out/main/worker.js): hosts one EngineSession. The host sends
 * `open` once — the dump is streamed with progress and can be cancelled — then `call`s, each
 * answered by a `result` with the same id. Anything thrown becomes an ApiError value; only a
 * real crash (out of memory, a bug that kills the thread) ends the worker, and the host reports that.
 */
import { parentPort } from 'node:worker_threads';
import { loadDump } from '../engine/formats/index.js';
import { EngineSession, toApiError } from '../engine/session/EngineSession.js';
import { HistoryStore } from '../engine/session/HistoryStore.js';
import type { HostToWorker, WorkerToHost } from './protocol.js';
import { type ComparisonSession, openComparison } from '../engine/compare/ComparisonSession.js';
import type { ApiResult } from '../../shared/api.js';

const port = parentPort;
if (!port) throw new Error('worker.ts runs as a worker thread');

const post = (message: WorkerToHost): void => port.postMessage(message);
const abort = new AbortController();
let session: EngineSession | undefined;
/** The comparison with other dumps (loaded beside this one), once "Compare with…" ran. */
let comparison: ComparisonSession | undefined;

/** compareWith loads other dumps (async); comparisonObjects and comparisonStatus read the comparison. */
async function compareCall(method: string, request: unknown): Promise<ApiResult<unknown>> {
  const req = request as { basePath: string; finalPath?: string; mode?: 'after-collect' | 'as-dumped'; limit?: number };
  try {
    if (!session) return { ok: false, error: { code: 'BAD_REQUEST', message: 'the dump is not loaded' } };
    if (method === 'compareWith') {
      comparison = await openComparison(session, req);
      return { ok: true, value: comparison.summary(req.limit) };
    }
    if (!comparison) return { ok: false, error: { code: 'BAD_REQUEST', message: 'no comparison yet: use Compare with… first' } };
    if (method === 'comparisonStatus') return { ok: true, value: comparison.statuses((request as { addresses: number[] }).addresses) };
    return { ok: true, value: comparison.objects(request as Parameters<ComparisonSession['objects']>[0]) };
  } catch (err) {
    return { ok: false, error: toApiError(err) };
  }
}

/** Progress is throttled: the loader may report per chunk, the UI polls a few times a second. */
let lastProgress = 0;

/** A failed save is retried this often while the history waits in memory. */
const RETRY_SAVE_MS = 5000;
let retryTimer: NodeJS.Timeout | undefined;

function scheduleRetry(): void {
  if (retryTimer || !session?.unsavedEdits) return;
  retryTimer = setTimeout(() => {
    retryTimer = undefined;
    session?.retrySave();
    scheduleRetry();
  }, RETRY_SAVE_MS);
  retryTimer.unref();
}

async function open(path: string, dataDir: string, owner: string): Promise<void> {
  try {
    const loaded = await loadDump(path, {
      signal: abort.signal,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastProgress < 50 && p.phase === 'reading') return;
        lastProgress = now;
        post({ type: 'progress', phase: p.phase, bytesRead: p.bytesRead, totalBytes: p.totalBytes, objects: p.objects });
      },
    });
    post({ type: 'progress', phase: 'analysing', bytesRead: loaded.bytes, totalBytes: loaded.bytes, objects: loaded.graph.nodeCount });
    session = new EngineSession({
      graph: loaded.graph,
      dumpPath: path,
      bytes: loaded.bytes,
      contentHash: loaded.contentHash,
      format: loaded.format,
      histories: new HistoryStore(dataDir, owner),
    });
    // The first overview is what the user sees first: compute it now, while the bar still shows.
    session.overview();
    post({ type: 'ready', info: session.info });
    // Then, before the first call is read, what the first what-if edit would otherwise compute
    // (seconds on a 50M-object dump): the overview is on screen meanwhile.
    setImmediate(() => session?.prepareWhatIf());
  } catch (err) {
    const error = abort.signal.aborted ? { code: 'CANCELLED' as const, message: 'loading was cancelled' } : toApiError(err);
    post({ type: 'failed', error });
  }
}

port.on('message', (message: HostToWorker) => {
  switch (message.type) {
    case 'open':
      void open(message.path, message.dataDir, message.owner);
      break;
    case 'cancel':
      abort.abort();
      break;
    case 'call': {
      if (message.method === 'compareWith' || message.method === 'comparisonObjects' || message.method === 'comparisonStatus') {
        void compareCall(message.method, message.request).then((result) => post({ type: 'result', id: message.id, result }));
        break;
      }
      const result = session
        ? session.handle(message.method, message.request)
        : { ok: false as const, error: { code: 'BAD_REQUEST' as const, message: 'the dump is not loaded' } };
      // State first: whoever sees the result and asks for openStatus then sees the new count.
      if (session) post({ type: 'state', unexportedEdits: session.unexportedEdits });
      post({ type: 'result', id: message.id, result });
      scheduleRetry();
      break;
    }
  }
});
