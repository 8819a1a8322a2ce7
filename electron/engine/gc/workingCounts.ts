/**
 * The simulation's working refcounts: the dump's counts, lowered by edits and frees and raised by
 * finalizers that store references. 4 bytes an object when every count leaves room for one
 * increment per object and reference (so no sum can leave the Int32 range), else 8.
 *
 * Immortal objects (3.12+: counts of 2^32 − 1 or 3·2^30) would force 8 bytes on every modern
 * heap, so their working count is capped at 2^30: CPython never changes an immortal's count
 * (RefcountCascade skips them) and the only question ever asked of it, "is gc_refs − internal
 * references > 0", has the same answer for any count above the number of references in the dump.
 * A replay shows gc_refs as numbers, so it asks for `exact` counts.
 */
import { type HeapGraph, NodeFlag } from '../model/HeapGraph.js';

export type WorkingCounts = Float64Array | Int32Array;

/** An immortal's working count in an Int32 array. */
const IMMORTAL_CAP = 2 ** 30;

const fitsInt32 = new WeakMap<HeapGraph, boolean>();

/** True when `g`'s working counts fit in an Int32Array (immortals capped). */
function fits(g: HeapGraph): boolean {
  let ok = fitsInt32.get(g);
  if (ok !== undefined) return ok;
  const slack = g.nodeCount + g.edgeCount;
  const limit = 0x7fffffff - slack;
  const counts = g.refcounts;
  const flags = g.flags;
  ok = slack < IMMORTAL_CAP;
  for (let i = 0; ok && i < g.nodeCount; i++) if (counts[i] > limit && (flags[i] & NodeFlag.Immortal) === 0) ok = false;
  fitsInt32.set(g, ok);
  return ok;
}

/** A zeroed working-count array for `g`: Int32 when its counts allow and `exact` is not asked. */
export function newWorkingCounts(g: HeapGraph, length = Math.max(1, g.nodeCount), exact = false): WorkingCounts {
  return !exact && fits(g) ? new Int32Array(length) : new Float64Array(length);
}

/** The dump's count of `node` as `rc` holds it (capped for immortals in an Int32 array). */
export function workingCountOf(g: HeapGraph, rc: WorkingCounts, node: number): number {
  const c = g.refcounts[node];
  return rc instanceof Int32Array && c > IMMORTAL_CAP ? IMMORTAL_CAP : c;
}

/** Fills `rc` with the dump's counts. */
export function fillWorkingCounts(g: HeapGraph, rc: WorkingCounts): void {
  const counts = g.refcounts;
  if (rc instanceof Float64Array) {
    rc.set(counts);
    return;
  }
  const n = g.nodeCount;
  for (let i = 0; i < n; i++) {
    const c = counts[i];
    rc[i] = c > IMMORTAL_CAP ? IMMORTAL_CAP : c;
  }
}
