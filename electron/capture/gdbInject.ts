/**
 * Injects the stub (bootstrap.ts) into a CPython 2.7–3.13 process with gdb, x86-64 Linux.
 *
 * Python may only run where the interpreter is consistent, with the GIL, never inside malloc.
 * An arbitrary stop point gives none of that, so nothing Python is called while gdb holds the
 * target stopped. Instead, in the main thread:
 *   1. mmap one page (a raw syscall wrapper: no lock, unlike malloc, which may be mid-call) and
 *      write the stub's bytes into it (MI -data-write-memory-bytes: no inferior malloc);
 *   2. Py_AddPendingCall(PyRun_SimpleString, page): the main thread runs the stub between two
 *      bytecodes, with the GIL held, soon after we detach (≤3.6 take the pending lock without
 *      waiting; 3.7+ hold it only for a few instructions, and other threads run during the call);
 *   3. detach at once: the target was stopped only for these two calls.
 * A pending call only runs when the main thread executes bytecode. One blocked in a system call
 * that released the GIL (read, sleep, select, accept, wait…) would never run it, so when the
 * stop found the main thread in such a call (orig_rax ≥ 0 and rax = -ERESTART*), and only then,
 * gdb runs the queue itself in that thread: PyGILState_Ensure, Py_MakePendingCalls,
 * PyGILState_Release. That thread is then inside a system call wrapper, not in malloc, and holds
 * no interpreter lock; the other threads keep running while it dumps (scheduler-locking off), and
 * the interrupted call is restarted afterwards (the kernel's restart of ERESTART* codes).
 * A main thread waiting on a futex (Thread.join(), Lock.acquire(), queue.get(), the GIL, or malloc's
 * own lock) is never called into. Its wait is made to return EINTR instead (rax = -EINTR, orig_rax
 * = -1 so the kernel does not restart it): every futex user must accept spurious wake-ups (glibc's
 * locks and condition variables loop), and CPython 3.2+'s lock acquire answers EINTR by running
 * Py_MakePendingCalls with the GIL, then waits again. On 2.7 a lock wait simply resumes: the
 * capture then waits until the main thread runs bytecode again (and times out if it never does).
 */
import { GdbSession } from './GdbSession.js';
import { CaptureError } from './errors.js';
import type { InjectionAddresses } from './target.js';

/** x86-64 system calls that block with the GIL released in CPython and never run inside malloc. */
export const BLOCKING_SYSCALLS: ReadonlyMap<number, string> = new Map([
  [0, 'read'],
  [7, 'poll'],
  [17, 'pread64'],
  [19, 'readv'],
  [23, 'select'],
  [34, 'pause'],
  [35, 'nanosleep'],
  [43, 'accept'],
  [45, 'recvfrom'],
  [47, 'recvmsg'],
  [61, 'wait4'],
  [230, 'clock_nanosleep'],
  [232, 'epoll_wait'],
  [247, 'waitid'],
  [270, 'pselect6'],
  [271, 'ppoll'],
  [281, 'epoll_pwait'],
  [288, 'accept4'],
  [299, 'recvmmsg'],
  [441, 'epoll_pwait2'],
]);

/** -ERESTARTSYS, -ERESTARTNOINTR, -ERESTARTNOHAND, -ERESTART_RESTARTBLOCK: stopped inside a blocking call. */
const RESTART_CODES = new Set([-512, -513, -514, -516]);

export interface MainThreadState {
  syscall: number;
  rax: number;
}

const SYS_FUTEX = 202;

/** True when the main thread was stopped waiting on a futex (a wait we may cut short with EINTR). */
export function inFutexWait(state: MainThreadState): boolean {
  return state.syscall === SYS_FUTEX && RESTART_CODES.has(state.rax);
}

/** The blocking call the main thread was stopped in, if it is one we may run Python from. */
export function blockedIn(state: MainThreadState): string | undefined {
  if (state.syscall < 0 || !RESTART_CODES.has(state.rax)) return undefined;
  return BLOCKING_SYSCALLS.get(state.syscall);
}

export interface InjectTimings {
  /** From the attach request to the detach answer, less the time the process ran inside a called function. */
  stoppedMs: number;
  /** Set when gdb ran the pending call itself in the blocked main thread. */
  blockedCall?: string;
}

export interface InjectOptions {
  gdb?: string;
  /** Upper bound for the dump when gdb runs it in a blocked main thread. */
  dumpTimeoutMs: number;
  onStopped?: () => void;
  onBlockedCall?: (call: string) => void;
}

const hex = (a: bigint): string => `0x${a.toString(16)}`;

function parseNumber(value: string): number {
  const m = /^(-?(?:0x[0-9a-f]+|\d+))/i.exec(value.trim());
  if (!m) throw new CaptureError('INJECT_FAILED', `gdb printed "${value}" where a number was expected`);
  return Number(BigInt.asIntN(64, BigInt(m[1])));
}

export async function injectWithGdb(pid: number, addr: InjectionAddresses, stub: string, opts: InjectOptions): Promise<InjectTimings> {
  const code = Buffer.concat([Buffer.from(stub, 'utf8'), Buffer.from([0])]);
  if (code.length > 4096) throw new CaptureError('INJECT_FAILED', 'the bootstrap stub is longer than one page');
  const session = await GdbSession.start(opts.gdb, `/proc/${pid}/exe`);
  const t0 = performance.now();
  let stoppedMs = 0;
  let blockedCall: string | undefined;
  try {
    await session.attach(pid, 30_000);
    opts.onStopped?.();
    const state = {
      syscall: parseNumber(await session.evaluate('$orig_rax', 5_000)),
      rax: parseNumber(await session.evaluate('$rax', 5_000)),
    };
    // Bounded calls that hold no interpreter state: interrupted (and unwound) if they hang.
    const bounded = async (expr: string): Promise<number> => {
      const timer = setTimeout(() => session.interrupt(), 10_000);
      try {
        return parseNumber(await session.evaluate(expr, 20_000));
      } finally {
        clearTimeout(timer);
      }
    };
    const page = await bounded(`((long (*)(long, long, long, long, long, long))${hex(addr.mmap)})(0, 4096, 3, 0x22, -1, 0)`);
    if (page <= 0 || page > 2 ** 47) throw new CaptureError('INJECT_FAILED', `mmap in process ${pid} failed (${page})`);
    await session.writeMemory(BigInt(page), code, 5_000);
    const queued = await bounded(`((int (*)(void *, void *))${hex(addr.Py_AddPendingCall)})((void *)${hex(addr.PyRun_SimpleString)}, (void *)${page})`);
    if (queued !== 0) throw new CaptureError('INJECT_FAILED', `Py_AddPendingCall in process ${pid} returned ${queued} (its queue is full or busy): try again`);
    blockedCall = blockedIn(state);
    let runningMs = 0;
    if (blockedCall !== undefined) {
      opts.onBlockedCall?.(blockedCall);
      const callStart = performance.now();
      // Never interrupted: the dump runs inside these calls, with the GIL; unwinding would lose it.
      const gil = parseNumber(await session.evaluate(`((int (*)(void))${hex(addr.PyGILState_Ensure)})()`, opts.dumpTimeoutMs));
      await session.evaluate(`((int (*)(void))${hex(addr.Py_MakePendingCalls)})()`, opts.dumpTimeoutMs);
      await session.evaluate(`((void (*)(int))${hex(addr.PyGILState_Release)})(${gil})`, 30_000);
      // The process runs during a called function (all threads resume): not a stop.
      runningMs = performance.now() - callStart;
    }
    if (blockedCall === undefined && inFutexWait(state)) {
      await session.evaluate('$orig_rax = -1', 5_000);
      await session.evaluate('$rax = -4', 5_000);
    }
    await session.detach(10_000);
    stoppedMs = performance.now() - t0 - runningMs;
    return { stoppedMs, blockedCall };
  } catch (e) {
    if (e instanceof CaptureError && e.code === 'INJECT_FAILED' && /exited|No such process|not being run/i.test(e.message)) {
      throw new CaptureError('EXITED', `process ${pid} exited during the capture`);
    }
    throw e;
  } finally {
    await session.close();
  }
}
