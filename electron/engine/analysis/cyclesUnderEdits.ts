/**
 * Whether an edit overlay leaves the reference cycles as they were. Edits only remove references,
 * and removing one can split a strongly connected component only when both its ends lie in that
 * component: a reference between two components (or into or out of no cycle) belongs to no cycle.
 * So when every removed reference crosses components of the unedited graph, the edited graph has
 * exactly the unedited cycles (same numbering: by lowest member), and the session reuses them
 * instead of a whole-heap SCC pass (seconds on 50M objects). Cost: one scan of the removed bits.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import type { EditOverlay } from '../whatif/types.js';
import type { CycleSet } from './types.js';

export function editsKeepCycles(g: HeapGraph, unedited: CycleSet, overlay: EditOverlay): boolean {
  const removed = overlay.removedEdges;
  const cycleOf = unedited.cycleOf;
  for (let w = 0; w < removed.length; w++) {
    let bits = removed[w];
    while (bits !== 0) {
      const low = bits & -bits;
      const e = (w << 5) + (31 - Math.clz32(low));
      const c = cycleOf[g.edgeSources[e]];
      if (c >= 0 && c === cycleOf[g.edgeTargets[e]]) return false;
      bits ^= low;
    }
  }
  return true;
}
