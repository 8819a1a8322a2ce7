/**
 * The capture engine shared by `heapscope capture` and the app: one call, `captureProcess`, takes a
 * pid and writes a verified dump to `out`. Start reading there; the steps are
 *   inspect (target.ts) → decide the method (method.ts) → stage the files the target reads
 *   (dumper, boot file) in a private folder owned by the target's user → inject (gdbInject.ts or
 *   remoteExec.ts) → wait for the boot file's status and the dump's trailer (progress) → move the
 *   dump to `out`.
 * The target writes the dump itself, as its own user, into the staging folder; it is moved (or
 * copied) to `out` only once its trailer is there. The staging folder is removed on every path.
 */
import { constants, createWriteStream } from 'node:fs';
import { chmod, chown, lchown, lstat, mkdtemp, open, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BootPaths, bootSource, parseStatus, stubSource } from './bootstrap.js';
import { precompileDumper } from './precompile.js';
import { CaptureError } from './errors.js';
import { injectWithGdb } from './gdbInject.js';
import { type CaptureMethod, decideMethod } from './method.js';
import { readStatus } from './procfs.js';
import { injectWithRemoteExec, readEnviron } from './remoteExec.js';
import { inspectTarget, resolveAddresses, type TargetInfo } from './target.js';
import { checkDump } from './verify.js';
import { DumpWatcher } from './dumpWatcher.js';

export type CapturePhase = 'inspecting' | 'attaching' | 'waiting' | 'dumping' | 'verifying' | 'done';

export interface CaptureProgress {
  phase: CapturePhase;
  message: string;
  /** Bytes of the dump written so far (dumping). */
  bytes?: number;
}

export interface CaptureOptions {
  /** Where the verified dump goes (gzip-compressed when it ends in .gz). */
  out: string;
  /** The dumper's text (heapscope_dump.py). */
  dumperSource: string;
  /** Ask the dumper to fork and write from the child (the default for attach). */
  fork?: boolean;
  /** How long the target may take to reach a point where Python can run (default 15 s). */
  safePointTimeoutMs?: number;
  /** How long the dump may go without growing, its writer's census included (default 10 min). */
  dumpTimeoutMs?: number;
  /** How long a dump may stand still with no writer known to be alive (default 60 s; tests shorten it). */
  stallMs?: number;
  gdb?: string;
  onProgress?: (p: CaptureProgress) => void;
  signal?: AbortSignal;
}

export interface CaptureResult {
  pid: number;
  out: string;
  objects: number;
  python: string;
  method: CaptureMethod;
  bytes: number;
  /** gdb: the longest the target was held stopped (attach to detach), ms. */
  stoppedMs?: number;
  /** gdb: the blocking call the main thread was in, when gdb had to run the dump there. */
  blockedCall?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function captureProcess(pid: number, opts: CaptureOptions): Promise<CaptureResult> {
  const progress = opts.onProgress ?? (() => undefined);
  progress({ phase: 'inspecting', message: `inspecting process ${pid}` });
  if (process.platform !== 'linux') {
    const d = decideMethod({ platform: process.platform, arch: process.arch, version: '3.13' });
    throw new CaptureError('UNSUPPORTED', 'error' in d ? d.error : 'attach is implemented for Linux only');
  }
  const target = await inspectTarget(pid);
  const decision = decideMethod({ platform: process.platform, arch: process.arch, version: target.version, argv: target.cmdline, env: await readEnviron(pid) });
  if ('error' in decision) throw new CaptureError('UNSUPPORTED', decision.error);
  const gz = opts.out.endsWith('.gz');
  const stage = await stageFolder(target);
  try {
    const paths: BootPaths = { dumper: join(stage, 'heapscope_dump.py'), boot: join(stage, 'boot.py'), status: join(stage, 'status'), out: join(stage, gz ? 'heap.jsonl.gz' : 'heap.jsonl'), writer: join(stage, 'writer') };
    await writeOwned(paths.dumper, opts.dumperSource, target);
    if (await precompileDumper(target, paths.dumper, join(stage, 'heapscope_dump.code'))) paths.code = join(stage, 'heapscope_dump.code');
    await writeOwned(paths.boot, bootSource(paths, opts.fork ?? true, decision.method), target);
    const stub = stubSource(paths);
    const dumpTimeoutMs = opts.dumpTimeoutMs ?? 600_000;
    let stoppedMs: number | undefined;
    let blockedCall: string | undefined;
    progress({ phase: 'attaching', message: `attaching to process ${pid} (Python ${target.version}, ${decision.method === 'attach-gdb' ? 'gdb' : 'sys.remote_exec'})` });
    if (decision.method === 'attach-gdb') {
      const addresses = await resolveAddresses(target);
      // The poller runs beside the injection: when gdb runs the dump in a blocked thread, the
      // injection only returns once the dump is written.
      const injected = injectWithGdb(pid, addresses, stub, {
        gdb: opts.gdb,
        dumpTimeoutMs,
        onBlockedCall: (call) => progress({ phase: 'dumping', message: `the main thread is blocked in ${call}(): gdb runs the capture in it` }),
      });
      injected.catch(() => undefined);
      const timings = await injected;
      stoppedMs = timings.stoppedMs;
      blockedCall = timings.blockedCall;
    } else {
      const stubPath = join(stage, 'stub.py');
      await writeOwned(stubPath, stub, target);
      await injectWithRemoteExec(target, stubPath);
    }
    const objects = await waitForDump(target, paths, opts, progress);
    progress({ phase: 'verifying', message: 'moving the dump into place' });
    await moveInto(paths.out, opts.out);
    const bytes = (await stat(opts.out)).size;
    progress({ phase: 'done', message: `wrote ${opts.out}: ${objects.objects} objects, ${bytes} bytes` });
    return { pid, out: opts.out, objects: objects.objects, python: objects.python ?? target.version, method: decision.method, bytes, stoppedMs, blockedCall };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** A folder only the target's user (and we) can write, readable by the target. */
async function stageFolder(target: TargetInfo): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'heapscope-capture-'));
  await chmod(dir, 0o700);
  if ((process.getuid?.() ?? 0) === 0 && target.uid !== 0) await chown(dir, target.uid, target.gid);
  return dir;
}

async function writeOwned(path: string, text: string, target: TargetInfo): Promise<void> {
  await writeFile(path, text, { mode: 0o644 });
  if ((process.getuid?.() ?? 0) === 0 && target.uid !== 0) await chown(path, target.uid, target.gid);
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function sizeOf(path: string): Promise<number | undefined> {
  try {
    return (await lstat(path)).size;
  } catch {
    return undefined;
  }
}

/**
 * Polls the status file, then the dump until its trailer is there. The dumper may fork, so
 * "returned" in the status file does not mean the file is complete: the trailer decides.
 */
async function waitForDump(
  target: TargetInfo,
  paths: { status: string; out: string; writer?: string },
  opts: CaptureOptions,
  progress: (p: CaptureProgress) => void,
): Promise<{ objects: number; python?: string }> {
  const pid = target.pid;
  const started = performance.now();
  const safePointTimeoutMs = opts.safePointTimeoutMs ?? 15_000;
  const dumpTimeoutMs = opts.dumpTimeoutMs ?? 600_000;
  let phase: 'waiting' | 'dumping' = 'waiting';
  let dumpStart = 0;
  let lastSize = -1;
  let returned = false;
  let lastChange = performance.now();
  /** When the file last grew (or the dump started): a heap of tens of millions of objects takes longer than any fixed limit, so the limit is on standing still. */
  let lastGrowth = 0;
  const stallMs = opts.stallMs ?? 60_000;
  const watcher = new DumpWatcher(paths.out);
  // A forked writer notes its pid (dumper: _note_writer): while it lives, a file that does not
  // grow is a census in progress, not a stall; once it has gone, an incomplete file is final.
  let writerPid: number | undefined;
  let writerGonePolls = 0;
  progress({ phase: 'waiting', message: `waiting for process ${pid} to run Python code` });
  for (;;) {
    if (opts.signal?.aborted) throw new CaptureError('CANCELLED', 'capture cancelled');
    const status = parseStatus(await readText(paths.status));
    if (status.state === 'error') throw new CaptureError('DUMP_FAILED', `the dumper failed inside process ${pid}: ${status.message}`);
    if (status.state !== 'waiting' && phase === 'waiting') {
      phase = 'dumping';
      dumpStart = performance.now();
      lastGrowth = dumpStart;
    }
    if (status.state === 'returned') returned = true;
    const size = await sizeOf(paths.out);
    if (size !== undefined && phase === 'dumping') progress({ phase: 'dumping', message: `writing the dump: ${formatBytes(size)}`, bytes: size });
    // Check the trailer once the size stands still (a forked child may still be writing).
    if (size !== undefined && size > 0 && size === lastSize && (returned || status.state === 'started')) {
      const check = await watcher.check();
      if (check.complete) return { objects: check.objects ?? 0, python: check.python };
    }
    if ((size ?? -1) !== lastSize) {
      lastChange = performance.now();
      lastGrowth = lastChange;
    }
    lastSize = size ?? -1;
    if (returned && writerPid === undefined && paths.writer) writerPid = parseWriterPid(await readText(paths.writer));
    const writer = writerPid === undefined ? undefined : await readStatus(writerPid);
    const writerAlive = writer !== undefined && writer.state !== 'Z';
    if (writerAlive) lastChange = performance.now();
    if (writerPid !== undefined && !writerAlive) {
      const check = await watcher.check();
      if (check.complete) return { objects: check.objects ?? 0, python: check.python };
      // One more poll: the last bytes of a writer that just exited are on disk by then.
      if (++writerGonePolls > 1) {
        throw new CaptureError('DUMP_FAILED', `the dump's writer (process ${writerPid}, forked from process ${pid}) exited before the dump was complete${check.reason ? ` (${check.reason})` : ''}`);
      }
    }
    // The dumper returned (a forked child writes the file) but the file stopped growing unfinished.
    if (returned && performance.now() - lastChange > stallMs) {
      throw new CaptureError('DUMP_FAILED', `the dump of process ${pid} stopped growing for ${Math.round(stallMs / 1000)} s before it was complete (the dumper's child process died?)`);
    }
    const alive = await readStatus(pid);
    // A forked writer outlives its program: the program may exit while its dump is written.
    if ((!alive || alive.state === 'Z') && !writerAlive) {
      // A dump completed just before the exit is still good.
      if (size !== undefined && (await checkDump(paths.out)).complete) continue;
      throw new CaptureError('EXITED', `process ${pid} exited during the capture`);
    }
    if (phase === 'waiting' && performance.now() - started > safePointTimeoutMs) {
      throw new CaptureError(
        'TIMEOUT',
        `process ${pid} did not run Python code within ${Math.round(safePointTimeoutMs / 1000)} s (its main thread is probably waiting on a lock, e.g. Thread.join() or Lock.acquire(), or blocked in C code); the capture is still queued and runs when it wakes, but heapscope stopped waiting`,
      );
    }
    if (phase === 'dumping' && performance.now() - Math.max(dumpStart, lastGrowth) > dumpTimeoutMs) {
      throw new CaptureError('TIMEOUT', `the dump of process ${pid} made no progress for ${Math.round(dumpTimeoutMs / 1000)} s (${Math.round((performance.now() - dumpStart) / 1000)} s since it started)`);
    }
    await sleep(phase === 'waiting' ? 25 : 100);
  }
}

/** The pid a forked writer noted (its whole file is the number and a newline), if it is there yet. */
export function parseWriterPid(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /^([1-9]\d{0,8})\n?$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * Moves the staged dump to `to`. The staging folder belongs to the target's user, who could put a
 * symbolic link there: only a regular file is ever moved or copied (O_NOFOLLOW), and a link that
 * lands at `to` anyway is removed.
 */
async function moveInto(from: string, to: string): Promise<void> {
  const refuse = (why: string) => new CaptureError('BAD_OUTPUT', `cannot write ${to}: ${why}`);
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw refuse((e as Error).message);
    try {
      const src = await open(from, constants.O_RDONLY | constants.O_NOFOLLOW);
      try {
        if (!(await src.stat()).isFile()) throw refuse('the staged dump is not a regular file');
        await pipeline(src.createReadStream(), createWriteStream(to, { mode: 0o644 }));
      } finally {
        await src.close().catch(() => undefined);
      }
      await unlink(from);
    } catch (e2) {
      throw e2 instanceof CaptureError ? e2 : refuse((e2 as Error).message);
    }
  }
  if (!(await lstat(to)).isFile()) {
    await unlink(to).catch(() => undefined);
    throw refuse('the staged dump was not a regular file');
  }
  const uid = process.getuid?.();
  const gid = process.getgid?.();
  if (uid !== undefined && gid !== undefined) await lchown(to, uid, gid).catch(() => undefined);
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
