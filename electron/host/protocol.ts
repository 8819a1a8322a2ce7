/**
 * Messages between the engine host (EngineHost.ts, main thread) and one engine worker
 * (worker.ts). One worker holds one open dump: the host sends `open` once, then any number of
 * `call`s; the worker answers each call with a `result` carrying the same id. Progress flows
 * worker → host only while loading. Errors are values (ApiError), never thrown across.
 */
import type { ApiError, ApiResult, DumpInfo } from '../../shared/api.js';

export interface OpenMessage {
  type: 'open';
  path: string;
  /** Title for progress and errors (the demo's title or the file name). */
  title: string;
  /** Where edit histories are saved (…/histories/<contentHash>.json). */
  dataDir: string;
  /** Names this session's history lock, so the host can release it when the worker ends. */
  owner: string;
}

export interface CallMessage {
  type: 'call';
  id: number;
  method: string;
  request: unknown;
}

export interface CancelMessage {
  type: 'cancel';
}

export type HostToWorker = OpenMessage | CallMessage | CancelMessage;

export interface ProgressMessage {
  type: 'progress';
  phase: string;
  bytesRead: number;
  totalBytes: number;
  objects: number;
}

export interface ReadyMessage {
  type: 'ready';
  info: DumpInfo;
}

export interface FailedMessage {
  type: 'failed';
  error: ApiError;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  result: ApiResult<unknown>;
}

/** Sent after every call: state the host keeps for openStatus and the close prompt. */
export interface StateMessage {
  type: 'state';
  unexportedEdits: number;
}

export type WorkerToHost = ProgressMessage | ReadyMessage | FailedMessage | ResultMessage | StateMessage;
