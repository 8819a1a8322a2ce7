/**
 * The simulation's working refcounts: the dump's counts, lowered by edits and frees and raised by
 * finalizers that store references. 4 bytes an object when every count leaves room for one
 * increment per object (so no sum can leave the Int32 range), else 8; a working count is never
 * above its dump value plus the increments, nor below minus the references that exist.
 */
import type { HeapGraph } from '../model/HeapGraph.js';

export type WorkingCounts = Float64Array | Int32Array;

const fitsInt32 = new WeakMap<HeapGraph, boolean>();

/** A zeroed working-count array for `g`, Int32 when its counts allow. */
export function newWorkingCounts(g: HeapGraph, length = Math.max(1, g.nodeCount)): WorkingCounts {
  let fits = fitsInt32.get(g);
  if (fits === undefined) {
    const limit = 0x7fffffff - g.nodeCount - g.edgeCount;
    const counts = g.refcounts;
    fits = true;
    for (let i = 0; i < g.nodeCount; i++) {
      if (counts[i] > limit) {
        fits = false;
        break;
      }
    }
    fitsInt32.set(g, fits);
  }
  return fits ? new Int32Array(length) : new Float64Array(length);
}
