/**
 * After the collection: fates for the objects the collector never looked at (untracked and
 * non-GC survivors), and, for each uncollectable object, the legacy finalizer that pins it.
 *
 * classifyOutside: an untracked object is alive unless everything holding it is garbage or
 * resurrected. Only objects reachable from those sets can be in doubt, so the search starts there
 * instead of walking the whole live heap: (1) mark Candidates = untracked survivors reachable from
 * F, resurrected or saved objects (all strong edges, hidden ones included: refcounts see them);
 * (2) a candidate with an outside reference or a live holder is alive, and so is everything it
 * reaches; (3) the rest is held by resurrected objects, else by the garbage.
 *
 * pinnedBy: multi-source BFS from the legacy finalizers still alive in F, in ordinal order, so each
 * uncollectable object names the nearest legacy finalizer whose closure keeps it (CPython's
 * move_legacy_finalizer_reachable, replayed with parents).
 */
import { type HeapGraph } from '../model/HeapGraph.js';
import type { RuleSetId } from './types.js';
import { isLegacyFinalizer } from './rules.js';
import { spread } from './collector.js';
import { Where, maskOf } from './where.js';
import type { WorkingCounts } from './workingCounts.js';

/**
 * `resurrected` lists the resurrected objects, `garbage` the uncollectable and saved ones; on
 * return every untracked survivor they hold is HeldByResurrected, HeldByGarbage or Outside (alive).
 * Returns the objects it examined (the only ones whose where code it may have changed).
 */
export function classifyOutside(
  g: HeapGraph,
  where: Uint8Array,
  rc: WorkingCounts,
  removed: Uint32Array,
  queue: Int32Array,
  resurrected: ArrayLike<number>,
  garbage: ArrayLike<number>,
): Int32Array {
  let seeds = 0;
  for (let i = 0; i < resurrected.length; i++) queue[seeds++] = resurrected[i];
  for (let i = 0; i < garbage.length; i++) queue[seeds++] = garbage[i];
  if (seeds === 0) return noCandidates;
  const total = spread(g, where, Where.Outside, Where.Candidate, removed, queue, seeds, true);
  if (total === seeds) return noCandidates;

  // (2) Copy the candidates aside: the queue is reused for the next passes.
  const candidates = queue.slice(seeds, total);
  const firstIn = g.firstInEdge;
  const inEdges = g.inEdges;
  const sources = g.edgeSources;
  const freed = maskOf(Where.FreedByRefcount, Where.FreedByCollector);
  const live = maskOf(Where.Outside, Where.Reachable);
  let alive = 0;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    let held = 0;
    let liveHolder = false;
    for (let k = firstIn[c]; k < firstIn[c + 1]; k++) {
      const e = inEdges[k];
      if (removed[e >>> 5] & (1 << (e & 31))) continue;
      const s = sources[e];
      if ((1 << where[s]) & freed) continue;
      held++;
      if ((1 << where[s]) & live) liveHolder = true;
    }
    if (liveHolder || rc[c] - held > 0) queue[alive++] = c;
  }
  for (let i = 0; i < alive; i++) where[queue[i]] = Where.Outside;
  spread(g, where, Where.Candidate, Where.Outside, removed, queue, alive, true);

  // (3) Held by resurrected objects, else by garbage; anything left is treated as alive.
  const from = (list: ArrayLike<number>, to: number): void => {
    for (let i = 0; i < list.length; i++) queue[i] = list[i];
    spread(g, where, Where.Candidate, to, removed, queue, list.length, true);
  };
  from(resurrected, Where.HeldByResurrected);
  from(garbage, Where.HeldByGarbage);
  for (let i = 0; i < candidates.length; i++) if (where[candidates[i]] === Where.Candidate) where[candidates[i]] = Where.Outside;
  return candidates;
}

const noCandidates = new Int32Array(0);

/** pinnedBy[x] for x in F (alive) or held by it: the nearest live legacy finalizer; -1 elsewhere. `finalizers` lists F in ordinal order. */
export function computePinnedBy(
  g: HeapGraph,
  rules: RuleSetId,
  where: Uint8Array,
  removed: Uint32Array,
  queue: Int32Array,
  finalizers: ArrayLike<number>,
  /** An all −1 array to return when nothing is pinned (saves allocating one per simulation). */
  noPins?: Int32Array,
): Int32Array {
  const fins = g.finalizers;
  let tail = 0;
  for (let i = 0; i < finalizers.length; i++) {
    const x = finalizers[i];
    if (where[x] === Where.Finalizers && isLegacyFinalizer(rules, fins[x])) queue[tail++] = x;
  }
  if (tail === 0 && noPins) return noPins;
  const pinnedBy = new Int32Array(g.nodeCount).fill(-1);
  for (let i = 0; i < tail; i++) pinnedBy[queue[i]] = queue[i];
  const first = g.firstOutEdge;
  const targets = g.edgeTargets;
  const pinnable = maskOf(Where.Finalizers, Where.HeldByGarbage);
  // Invariant: every queued node has pinnedBy set; each node is queued at most once.
  for (let head = 0; head < tail; head++) {
    const y = queue[head];
    for (let e = first[y]; e < first[y + 1]; e++) {
      if (removed[e >>> 5] & (1 << (e & 31))) continue;
      const t = targets[e];
      if (pinnedBy[t] === -1 && (1 << where[t]) & pinnable) {
        pinnedBy[t] = pinnedBy[y];
        queue[tail++] = t;
      }
    }
  }
  return pinnedBy;
}
