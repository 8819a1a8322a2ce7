/**
 * The cycle collector's two graph passes, over one set of objects named by a Where code:
 * - computeGcRefs: CPython's update_refs + subtract_refs. gc_refs[x] = refcount[x] minus the
 *   references to x from members of the set along edges tp_traverse reports; what remains is the
 *   number of references from outside the set.
 * - spread: move_unreachable's "everything reachable from a root is alive" and
 *   move_legacy_finalizer_reachable, as one breadth-first pass: from seeds already moved to `to`,
 *   move every member of the set they reach (traversed, non-removed edges) to `to` as well.
 * Both read typed arrays into locals and never allocate per node.
 */
import type { CountColumn, HeapGraph } from '../model/HeapGraph.js';
import type { WorkingCounts } from './workingCounts.js';

/**
 * Postcondition: for every x with where[x] === member, gcRefs[x] = rc[x] − (number of traversed,
 * non-removed edges y→x with where[y] === member). Other entries are left untouched.
 */
export function computeGcRefs(
  g: HeapGraph,
  /** Read only: the dump's own column (ReachabilityBaseline) or the working refcounts. */
  rc: CountColumn | WorkingCounts,
  where: Uint8Array,
  member: number,
  removed: Uint32Array,
  gcRefs: Float64Array,
): void {
  const n = g.nodeCount;
  const first = g.firstOutEdge;
  const hidden = g.hiddenEdgeCounts;
  const targets = g.edgeTargets;
  for (let x = 0; x < n; x++) if (where[x] === member) gcRefs[x] = rc[x];
  for (let y = 0; y < n; y++) {
    if (where[y] !== member) continue;
    const end = first[y + 1];
    // Leading hidden edges are invisible to tp_traverse: they count as external references.
    for (let e = first[y] + hidden[y]; e < end; e++) {
      if (removed[e >>> 5] & (1 << (e & 31))) continue;
      const t = targets[e];
      if (where[t] === member) gcRefs[t] -= 1;
    }
  }
}

/** computeGcRefs restricted to the listed nodes (those of them with where === member). */
export function computeGcRefsOf(
  g: HeapGraph,
  rc: WorkingCounts,
  where: Uint8Array,
  member: number,
  removed: Uint32Array,
  gcRefs: Float64Array,
  nodes: ArrayLike<number>,
): void {
  const first = g.firstOutEdge;
  const hidden = g.hiddenEdgeCounts;
  const targets = g.edgeTargets;
  for (let i = 0; i < nodes.length; i++) if (where[nodes[i]] === member) gcRefs[nodes[i]] = rc[nodes[i]];
  for (let i = 0; i < nodes.length; i++) {
    const y = nodes[i];
    if (where[y] !== member) continue;
    const end = first[y + 1];
    for (let e = first[y] + hidden[y]; e < end; e++) {
      if (removed[e >>> 5] & (1 << (e & 31))) continue;
      const t = targets[e];
      if (where[t] === member) gcRefs[t] -= 1;
    }
  }
}

/**
 * Breadth-first from queue[0 .. seedCount) (seeds keep their code): every node with
 * where === member reached along traversed (or, with allEdges, all) non-removed edges is marked `to`.
 * Invariant: queue[0 .. tail) holds exactly the nodes marked `to` by this call or given as seeds.
 * Returns the total number of nodes marked (seeds included).
 */
export function spread(
  g: HeapGraph,
  where: Uint8Array,
  member: number,
  to: number,
  removed: Uint32Array,
  queue: Int32Array,
  seedCount: number,
  allEdges = false,
): number {
  const first = g.firstOutEdge;
  const hidden = g.hiddenEdgeCounts;
  const targets = g.edgeTargets;
  let tail = seedCount;
  for (let head = 0; head < tail; head++) {
    const y = queue[head];
    const end = first[y + 1];
    for (let e = allEdges ? first[y] : first[y] + hidden[y]; e < end; e++) {
      if (removed[e >>> 5] & (1 << (e & 31))) continue;
      const t = targets[e];
      if (where[t] === member) {
        where[t] = to;
        queue[tail++] = t;
      }
    }
  }
  return tail;
}

/** Marks as `to` every member whose gcRefs is positive (a root), then spreads from them. */
export function moveReachable(
  g: HeapGraph,
  where: Uint8Array,
  member: number,
  to: number,
  removed: Uint32Array,
  gcRefs: Float64Array,
  queue: Int32Array,
): number {
  let seeds = 0;
  const n = g.nodeCount;
  for (let x = 0; x < n; x++) {
    if (where[x] === member && gcRefs[x] > 0) {
      where[x] = to;
      queue[seeds++] = x;
    }
  }
  return spread(g, where, member, to, removed, queue, seeds);
}
