/**
 * AnalysisScratch: work arrays that whole-heap passes (findCycles, computeDominators, histogram)
 * can reuse from one call to the next. On a big heap, touching freshly allocated memory (page
 * faults, zeroing, GC pressure from external memory) costs as much as the algorithms themselves,
 * and a session recomputes these passes after every edit. Keep one per open dump, next to the
 * graph; never share one between two passes running at the same time (each pass names its arrays
 * by role, so nested passes — dominators running SCC on garbage — do not collide).
 *
 * Arrays handed out hold whatever the last user left: callers initialise what they read. Results
 * returned to callers are always freshly allocated, never scratch.
 */
export class AnalysisScratch {
  private readonly ints = new Map<string, Int32Array>();
  private readonly bytes = new Map<string, Uint8Array>();

  /** An Int32Array of exactly `length` elements for `role` (a view on a reused buffer). */
  int32(role: string, length: number): Int32Array {
    let a = this.ints.get(role);
    if (!a || a.length < length) {
      a = new Int32Array(length);
      this.ints.set(role, a);
    }
    return a.length === length ? a : a.subarray(0, length);
  }

  /** A Uint8Array of exactly `length` elements for `role`. */
  uint8(role: string, length: number): Uint8Array {
    let a = this.bytes.get(role);
    if (!a || a.length < length) {
      a = new Uint8Array(length);
      this.bytes.set(role, a);
    }
    return a.length === length ? a : a.subarray(0, length);
  }

  /** Bytes held, for diagnostics. */
  get byteLength(): number {
    let total = 0;
    for (const a of this.ints.values()) total += a.byteLength;
    for (const a of this.bytes.values()) total += a.byteLength;
    return total;
  }
}

/** `scratch.int32(role, length)` when a scratch is given, else a fresh array. */
export function int32Of(scratch: AnalysisScratch | undefined, role: string, length: number): Int32Array {
  return scratch ? scratch.int32(role, length) : new Int32Array(length);
}

/** `scratch.uint8(role, length)` when a scratch is given, else a fresh array. */
export function uint8Of(scratch: AnalysisScratch | undefined, role: string, length: number): Uint8Array {
  return scratch ? scratch.uint8(role, length) : new Uint8Array(length);
}
