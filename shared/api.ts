/**
 * The API contract between the renderer and the engine host: one entry per method, with its
 * request and response types. Electron main's IPC handlers, the preload bridge, serve mode's
 * HTTP routes and the renderer client are all checked against this map. Imports nothing outside shared/.
 *
 * Session methods take `session` (the id `openDump` returned) and run in that dump's worker; the
 * others run in the host. Opening is asynchronous: `openDump` returns at once and the renderer
 * polls `openStatus` (progress with phase names) until the state is no longer `loading`.
 * Everything that could grow with the heap is capped (see the `limit`s below).
 */
import type { ExploreMethods } from './exploreApi.js';
import type { SuspectsMethods, SuspectsSummaryDto } from './suspectsApi.js';
import type { CompareMethods } from './compareApi.js';

/** Mirrors the engine's RuleSetId (electron/engine/gc/types.ts); shared/ cannot import it. */
export type RuleSetId = '2.7' | '3.4' | '3.7.5' | '3.9' | '3.14' | '3.14.5' | '3.15';
export const ruleSets: readonly { id: RuleSetId; label: string }[] = [
  { id: '2.7', label: 'CPython ≤ 3.3 (2.7)' },
  { id: '3.4', label: 'CPython 3.4 – 3.7.4' },
  { id: '3.7.5', label: 'CPython 3.7.5 – 3.8' },
  { id: '3.9', label: 'CPython 3.9 – 3.13' },
  { id: '3.14', label: 'CPython 3.14.0 – 3.14.4 (incremental collector)' },
  { id: '3.14.5', label: 'CPython ≥ 3.14.5 (generational again)' },
  { id: '3.15', label: 'CPython 3.15' },
];

/** Same values as exploreApi's FateName and the engine's fateNames (index = FateCode). */
export type FateName = 'alive' | 'freed by refcount' | 'collected' | 'uncollectable' | 'resurrected';
export const fateOrder: readonly FateName[] = ['alive', 'freed by refcount', 'collected', 'uncollectable', 'resurrected'];

/** One object as lists show it. `address` is id(obj): exact as a JS number below 2**53. */
export interface ObjectRef {
  address: number;
  type: string;
  repr: string;
  size: number;
  fate: FateName;
}

export interface DemoInfo {
  id: string;
  title: string;
  description: string;
  python: string;
}

/** Where a dump comes from. `path` is a path the user named (dialog, drop, typed, command line, upload). */
export type DumpSource = { path: string } | { demo: string };

export interface DumpInfo {
  path: string;
  /** File name shown on the tab. */
  name: string;
  bytes: number;
  contentHash: string;
  format: string;
  python: string;
  objects: number;
  edges: number;
  /** Caveats from the dump header (e.g. 2.7's lazily created objects). */
  notes: string[];
  /** Edits restored from a saved history when this dump (same content hash) was opened before. */
  restoredEdits: number;
  /** Set when a saved edit history could not be used (it was kept aside under another name). */
  historyWarning?: string;
}

export type OpenState = 'loading' | 'ready' | 'failed' | 'cancelled' | 'crashed';

export interface OpenStatus {
  session: string;
  state: OpenState;
  /** Phase names as the loader reports them ("reading", "linking", "indexing" …). */
  phase: string;
  bytesRead: number;
  totalBytes: number;
  objects: number;
  /** Set when state is ready. */
  info?: DumpInfo;
  /** Set when state is failed or crashed. `file`/`line` name the offending spot of a corrupt dump. */
  error?: ApiError;
  /** What-if edits made since the last export; closing the window asks first when any dump has some. */
  unexportedEdits: number;
  /** The source, so a crashed or failed session can be reopened. */
  source: DumpSource;
  title: string;
}

export interface FateRow {
  fate: FateName;
  count: number;
  bytes: number;
}

export interface TypeRow {
  type: string;
  count: number;
  bytes: number;
  retainedBytes: number;
}

export interface OverviewCycle {
  index: number;
  size: number;
  bytes: number;
  /** Up to 5 distinct type names, most frequent first. */
  types: string[];
  /** Members with a finalizer of any kind. */
  finalizers: number;
  /** The most common fate among its members. */
  fate: FateName;
  /** A member to navigate to (the one with a finalizer if any). */
  sample: ObjectRef;
}

export interface PinRow {
  object: ObjectRef;
  /** Its finalizer kind ('del', 'tp_del', 'gen' …), '' when it has none. */
  finalizer: string;
  /** Uncollectable objects this one pins (itself included). */
  pins: number;
  pinnedBytes: number;
  /** True when it is in gc.garbage itself (it has its own legacy finalizer). */
  inGarbage: boolean;
}

export interface Overview {
  session: string;
  info: DumpInfo;
  rules: RuleSetId;
  /** The rule set the dump's Python version implies. */
  defaultRules: RuleSetId;
  saveAll: boolean;
  verdict: {
    /** What gc.collect() returns. */
    collect: number;
    /** len(gc.garbage) afterwards. */
    garbage: number;
    /** "gc.collect() would find 4 unreachable objects; gc.garbage would hold 2". */
    sentence: string;
  };
  totals: { objects: number; bytes: number; tracked: number; edges: number };
  byFate: FateRow[];
  topTypesByCount: TypeRow[];
  topTypesByRetained: TypeRow[];
  largestCycles: OverviewCycle[];
  cycleCount: number;
  pinning: PinRow[];
  /** Plain-language caveats of the simulation (e.g. user __del__ assumed to do nothing). */
  assumptions: string[];
  edits: { count: number; unexported: boolean };
  /** Leak suspects (the first 5) and the honest headline that goes with the verdict. */
  suspects?: SuspectsSummaryDto;
}

export interface RecentFile {
  path: string;
  name: string;
  openedAt: string;
}

/** A Python process the user may capture (Linux: from /proc). */
export interface PythonProcess {
  pid: number;
  command: string;
  /** "3.11" */
  python: string;
  user: string;
}

export type CaptureState = 'running' | 'done' | 'failed';

export interface CaptureStatus {
  capture: string;
  pid: number;
  state: CaptureState;
  /** inspecting, attaching, waiting, dumping, verifying, done */
  phase: string;
  message: string;
  /** Bytes of the dump written so far. */
  bytes: number;
  /** Set when done: the dump was opened in this session (poll openStatus as for openDump). */
  session?: string;
  path?: string;
  error?: ApiError;
  /** A series (count > 1): the dump being taken (1-based) and how many. */
  dump?: number;
  count?: number;
  /** A series: the dumps written so far, in order (kept when a later one fails). */
  paths?: string[];
  /** A series: the sessions its dumps opened in, in order (once done, or the ones written before a failure). */
  sessions?: string[];
}

/** Why a file is picked: to open it, or as the baseline or final dump of a comparison. */
export type PickPurpose = 'open' | 'baseline' | 'final';

export interface CoreMethods extends CompareMethods {
  /** Liveness and version check. */
  ping: { request: Record<string, never>; response: { app: 'heapscope'; version: string; mode: 'electron' | 'serve' } };
  listDemos: { request: Record<string, never>; response: { demos: DemoInfo[] } };
  /** Starts loading in a new worker; returns at once. Poll openStatus. */
  openDump: { request: DumpSource; response: { session: string } };
  openStatus: { request: { session: string }; response: OpenStatus };
  /** Every session the host holds (so a reloaded page gets its tabs back). */
  listSessions: { request: Record<string, never>; response: { sessions: OpenStatus[] } };
  cancelOpen: { request: { session: string }; response: { cancelled: boolean } };
  closeDump: { request: { session: string }; response: { closed: boolean } };
  overview: { request: { session: string; limit?: number }; response: Overview };
  setRules: { request: { session: string; rules: RuleSetId; saveAll: boolean }; response: Overview };
  recentFiles: { request: Record<string, never>; response: { files: RecentFile[] } };
  /** Python processes the user may attach to; `unsupported` says why there are none on this platform. */
  listProcesses: { request: Record<string, never>; response: { processes: PythonProcess[]; unsupported?: string } };
  /**
   * Attaches to a running Python and dumps its heap (heapscope capture); returns at once. Poll
   * captureStatus. With `count` > 1, a series: `count` dumps, one every `every` seconds (start to start).
   */
  startCapture: { request: { pid: number; fork?: boolean; every?: number; count?: number }; response: { capture: string } };
  captureStatus: { request: { capture: string }; response: CaptureStatus };
  /** Electron only: the native open dialog (`purpose` titles it). `path` is null when the user cancelled. */
  pickDump: { request: { purpose?: PickPurpose }; response: { path: string | null } };
}

export interface ApiMethods extends CoreMethods, ExploreMethods, SuspectsMethods {}

export type ApiMethod = keyof ApiMethods;
/** Explore requests travel with the session they apply to, added here so exploreApi.ts need not repeat it. */
export type ApiRequest<M extends ApiMethod> = M extends keyof CoreMethods
  ? CoreMethods[M]['request']
  : ApiMethods[M]['request'] & { session: string };
export type ApiResponse<M extends ApiMethod> = ApiMethods[M]['response'];

/** Errors cross every boundary as values, never as thrown strings. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'FORMAT'
  | 'CANCELLED'
  | 'INTERNAL'
  | 'FORBIDDEN'
  /** The session's worker died; reopen the dump to continue. */
  | 'WORKER_CRASHED'
  /** Not available in this mode (e.g. the native dialog in serve mode). */
  | 'UNSUPPORTED'
  /** An engine precondition failed (EngineError codes are passed through in `detail`). */
  | 'ENGINE'
  /** A limit was reached (too many open dumps); retry after closing something. */
  | 'BUSY';

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** For FORMAT errors: the file and the 1-based line. */
  file?: string;
  line?: number;
  /** The engine's own error code, when there is one. */
  detail?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Pushed from Electron main to the renderer (menu actions, files opened from the OS). */
export type HostEvent =
  | { type: 'opened'; session: string }
  | { type: 'menu'; action: 'open' | 'close' | 'export-needed' | 'capture' };

/** What the preload exposes on `window.heapscope` (Electron) — serve mode provides the same shape over HTTP. */
export interface HeapscopeBridge {
  call<M extends ApiMethod>(method: M, request: ApiRequest<M>): Promise<ApiResult<ApiResponse<M>>>;
  /** Subscribe to host events; returns an unsubscribe function. */
  onEvent(listener: (event: HostEvent) => void): () => void;
  /** The file-system path of a dropped file (Electron's webUtils.getPathForFile), '' when unknown. */
  pathForFile(file: File): string;
}
