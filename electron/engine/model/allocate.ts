/**
 * allocate: the big arrays of a load, allocated so that running out of memory is an EngineError
 * NO_MEMORY naming what was being built and how many bytes it needed, never a RangeError with a
 * stack trace. Under an address-space limit (`ulimit -v`) an allocation that would leave V8 too
 * little room to grow its own heap is refused beforehand: V8 aborts the process when its heap
 * cannot grow, and that cannot be caught.
 */
import { readFileSync } from 'node:fs';
import { EngineError } from '../errors.js';

/** Address space kept free for V8's heap, code and threads after a big array (measured: a 2M-object load needs ~300 MB). */
const V8_ROOM = 512 << 20;
/** Smaller arrays are not checked against the limit (reading /proc costs ~50 µs). */
const CHECKED_BYTES = 32 << 20;

/**
 * Address space a new worker thread maps (its isolate's reservations and stack): measured
 * 590-850 MB each on Node 20 / x64. V8 aborts when it cannot, so helper threads are only started
 * with this much to spare (besides V8_ROOM).
 */
const THREAD_ADDRESS_SPACE = 1 << 30;

/** True when a helper thread can start without risking a V8 abort under an address-space limit. */
export function roomForThread(): boolean {
  return addressSpaceLeft() >= THREAD_ADDRESS_SPACE + V8_ROOM;
}

/** A RangeError from a failed typed-array or array allocation. */
export function isAllocationFailure(e: unknown): e is RangeError {
  return e instanceof RangeError && /allocation failed|Invalid typed array length|Invalid array length|Array buffer allocation|out of memory/i.test(e.message);
}

/** NO_MEMORY with its parts, so a caller can word it for its context (loadDump names the file). */
export class OutOfMemoryError extends EngineError {
  constructor(
    /** What was being built: "the reference columns for 48,000,000 references". */
    readonly what: string,
    readonly bytes: number,
    /** Why, when known: the address space left under the limit. */
    readonly why = '',
  ) {
    super('NO_MEMORY', `not enough memory for ${what}: ${formatBytes(bytes)} needed${why ? `, ${why}` : ''}`);
  }
}

/** Refuses beforehand an allocation that would leave V8 too little address space (see the file comment). */
export function checkRoom(what: () => string, bytes: number): void {
  if (bytes < CHECKED_BYTES) return;
  const left = addressSpaceLeft();
  if (bytes + V8_ROOM > left) throw new OutOfMemoryError(what(), bytes, `${formatBytes(Math.max(0, left))} of address space left under the process limit (ulimit -v)`);
}

/** `e` as an OutOfMemoryError if it is an allocation failure, else `e` itself. */
export function asOutOfMemory(e: unknown, what: () => string, bytes: number): unknown {
  return isAllocationFailure(e) ? new OutOfMemoryError(what(), bytes) : e;
}

/** Runs `make`, which allocates about `bytes` for `what` ("the reference columns for 4,000,000 references"). */
export function allocate<T>(what: () => string, bytes: number, make: () => T): T {
  checkRoom(what, bytes);
  try {
    return make();
  } catch (e) {
    throw asOutOfMemory(e, what, bytes);
  }
}

/** Bytes the process may still map under RLIMIT_AS (Linux /proc); Infinity without a limit or elsewhere. */
export function addressSpaceLeft(): number {
  try {
    const limits = readFileSync('/proc/self/limits', 'latin1');
    const m = /^Max address space\s+(\S+)/m.exec(limits);
    if (!m || m[1] === 'unlimited') return Infinity;
    const status = readFileSync('/proc/self/status', 'latin1');
    const size = /^VmSize:\s+(\d+) kB/m.exec(status);
    return size ? Number(m[1]) - Number(size[1]) * 1024 : Infinity;
  } catch {
    return Infinity;
  }
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${(n / 2 ** 20).toFixed(0)} MiB`;
  return `${Math.ceil(n / 1024)} KiB`;
}
