/**
 * Roots of the strong-reference graph: the objects something outside the dump holds.
 *
 * Every analysis in this folder (paths, dominators, minimum cuts) starts from the same roots, so
 * they are defined once here. An object's *outside count* is the part of its refcount that no
 * dumped object explains:
 *
 *     outside(n) = refcount(n) − droppedExternal(n) − inDegree(n)            (clamped at 0)
 *
 * where inDegree counts every strong in-edge from a dumped object, tracked or not, visible to
 * tp_traverse or not (a code object's co_consts holds its constants just as firmly as a list holds
 * its items). Removing an edge with a what-if edit lowers the target's refcount *and* its in-degree
 * by one, so removed edges cancel out and only `droppedExternal` changes the outside count. A root is
 * a node with outside(n) > 0 (held by C, a frame, the interpreter) or an immortal object (3.12+).
 *
 * This is deliberately not the collector's notion: CPython's `gc_refs` (GC-SEMANTICS.md §3) only
 * subtracts references from *tracked* objects along *traversed* edges, so an object held by a
 * non-GC code object counts as externally referenced to the collector but not here. That notion is
 * `collectorRoots` below, for callers that want to explain the collector's view.
 *
 * Start reading at `outsideCount` (O(1) per node, used in hot loops by the other analyses).
 */
import { type HeapGraph, type NodeOrdinal, NodeFlag } from '../model/HeapGraph.js';
import type { EditOverlay } from '../whatif/types.js';

/** References to `node` from outside the dump, after the overlay's dropped externals. */
export function outsideCount(graph: HeapGraph, node: NodeOrdinal, overlay?: EditOverlay): number {
  const inDegree = graph.firstInEdge[node + 1] - graph.firstInEdge[node];
  const dropped = overlay && overlay.droppedExternal.size > 0 ? (overlay.droppedExternal.get(node) ?? 0) : 0;
  const c = graph.refcounts[node] - dropped - inDegree;
  return c > 0 ? c : 0;
}

/** True when something outside the dump holds `node`, or it is immortal. */
export function isRoot(graph: HeapGraph, node: NodeOrdinal, overlay?: EditOverlay): boolean {
  return (graph.flags[node] & NodeFlag.Immortal) !== 0 || outsideCount(graph, node, overlay) > 0;
}

export interface RootSet {
  /** Per node: 1 = root. */
  mask: Uint8Array;
  /** Root ordinals, ascending. */
  list: Uint32Array;
  /** Per node: outside(n) as defined in the file header (0 for non-roots; immortals keep theirs). */
  outside: Float64Array;
}

/** All roots of the strong-reference graph under `overlay`. O(nodes). */
export function findRoots(graph: HeapGraph, overlay?: EditOverlay): RootSet {
  const n = graph.nodeCount;
  const refcounts = graph.refcounts;
  const firstIn = graph.firstInEdge;
  const flags = graph.flags;
  const mask = new Uint8Array(n);
  const outside = new Float64Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = refcounts[i] - (firstIn[i + 1] - firstIn[i]);
    if (c > 0) outside[i] = c;
  }
  if (overlay) {
    for (const [node, dropped] of overlay.droppedExternal) {
      const c = outside[node] - dropped;
      outside[node] = c > 0 ? c : 0;
    }
  }
  for (let i = 0; i < n; i++) {
    if (outside[i] > 0 || (flags[i] & NodeFlag.Immortal) !== 0) {
      mask[i] = 1;
      count++;
    }
  }
  const list = new Uint32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (mask[i]) list[k++] = i;
  return { mask, list, outside };
}

/**
 * The collector's roots (gcmodule.c `update_refs` + `subtract_refs`): tracked nodes whose
 * gc_refs — refcount minus references from tracked objects along traversed, non-removed edges —
 * stays above 0. Returns gc_refs per node (0 for untracked nodes); roots are the entries > 0.
 */
export function collectorGcRefs(graph: HeapGraph, overlay?: EditOverlay): Float64Array {
  const n = graph.nodeCount;
  const flags = graph.flags;
  const gcRefs = new Float64Array(n);
  for (let i = 0; i < n; i++) if (flags[i] & NodeFlag.Tracked) gcRefs[i] = graph.refcounts[i];
  if (overlay) {
    for (const [node, dropped] of overlay.droppedExternal) if (flags[node] & NodeFlag.Tracked) gcRefs[node] -= dropped;
  }
  const firstOut = graph.firstOutEdge;
  const targets = graph.edgeTargets;
  const hidden = graph.hiddenEdgeCounts;
  const removed = overlay?.removedEdges;
  for (let s = 0; s < n; s++) {
    const srcTracked = (flags[s] & NodeFlag.Tracked) !== 0;
    if (!srcTracked && !removed) continue;
    const end = firstOut[s + 1];
    for (let e = firstOut[s]; e < end; e++) {
      const t = targets[e];
      if ((flags[t] & NodeFlag.Tracked) === 0) continue;
      // A removed edge took its reference out of the target's refcount, whoever held it.
      if (removed && removed[e >>> 5] & (1 << (e & 31))) gcRefs[t] -= 1;
      else if (srcTracked && e - firstOut[s] >= hidden[s]) gcRefs[t] -= 1;
    }
  }
  for (let i = 0; i < n; i++) if (gcRefs[i] < 0) gcRefs[i] = 0;
  return gcRefs;
}
