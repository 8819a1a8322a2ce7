/**
 * Steps 1–3 of a collection (update_refs, subtract_refs, move_unreachable) for what-if edits,
 * without redoing them over the whole heap. Edits only ever remove references (drop-ref, clear,
 * drop-external), so reachability can only shrink: whatever was unreachable stays so, and only
 * objects downstream of an edit can lose it.
 *
 * The baseline (no edits) keeps each tracked object's gc_refs and its BFS level (distance from the
 * root set). With edits, a reachable object is *safe* when it is still a root or keeps an in-edge
 * from a safe object of a lower level: following lower levels always ends at a root, so it is still
 * reachable. Objects are examined in increasing level order (a binary heap), starting from the
 * targets of removed references, of references held by freed objects, and of dropped outside
 * references; an object with no such support is a *suspect*, and its higher-level successors are
 * examined in turn (the decremental-BFS idea of Even and Shiloach, 1981). Suspects are then settled
 * exactly: those with an in-edge from any safe object, and all suspects they reach, stay alive.
 * Work is proportional to the suspects and their edges, not to the heap.
 */
import { type HeapGraph, NodeFlag } from '../model/HeapGraph.js';
import { computeGcRefs } from './collector.js';
import { Where } from './where.js';
import { type AnalysisScratch, int32Of } from '../analysis/AnalysisScratch.js';
import { type WorkingCounts, newWorkingCounts } from './workingCounts.js';

export interface ReachabilityBaseline {
  readonly graph: HeapGraph;
  /**
   * gc_refs (external references) of every tracked object with no edits, clamped to the Int32
   * range: only `gc_refs − removed references > 0` is ever asked, and edits remove far fewer than
   * 2^31 references, so an immortal object's huge count answers the same (4 bytes an object less).
   */
  readonly gcRefs: Int32Array;
  /** BFS level from the root set for reachable tracked objects; -1 unreachable; -2 untracked. */
  readonly level: Int32Array;
  /** The traversed in-edge through which the BFS first reached each object (-1 for roots and the rest). */
  readonly parentEdge: Int32Array;
  /** Where codes with no edits: Reachable, Unreachable (U) or Outside (untracked). */
  readonly whereInit: Uint8Array;
  /** U with no edits, in ordinal order. */
  readonly unreachable: Int32Array;
  /**
   * An immortal object is in U. Edits never lower an immortal's count, so it can *gain* gc_refs and
   * become a root, which the decremental search cannot follow: simulate() then uses the full pass.
   * Real dumps never have one (immortal counts are 2^30 and more).
   */
  readonly unreachableImmortal: boolean;
  /** Weakref objects that have a callback and a target, in ordinal order. */
  readonly weakCallbacks: Int32Array;
  /**
   * Working arrays reused by every simulate() given this baseline, so an edit allocates (and the
   * garbage collector reclaims) tens of megabytes less. simulate() is synchronous: one at a time.
   */
  readonly scratch: SimulationScratch;
}

export interface SimulationScratch {
  rc: WorkingCounts;
  where: Uint8Array;
  removed: Uint32Array;
  queue: Int32Array;
  stack: Int32Array;
  log: Int32Array;
  /** All zero between calls (applyReachability clears what it marks). */
  mark: Uint8Array;
  /** All −1, never written: the pinnedBy of every result that pins nothing. */
  noPins: Int32Array;
  /** rc holds the dump's refcounts and where the baseline's whereInit (simulate() keeps it so). */
  clean: boolean;
}

/**
 * What a session lends the simulation's working arrays: its AnalysisScratch (the queue, stack and
 * log are three of the dominator pass's work arrays, which never run at the same time as a
 * simulation) and an all −1 array it already holds (the unedited result's pinnedBy when nothing is
 * pinned). On 50M objects that is 16 bytes an object less.
 */
export interface ScratchLoan {
  analysis?: AnalysisScratch;
  noPins?: Int32Array;
}

function newScratch(g: HeapGraph, loan: ScratchLoan = {}): SimulationScratch {
  const n = Math.max(1, g.nodeCount);
  // Dominators ask for n + 1 elements: ask the same so that the buffers are shared, not replaced.
  const work = (role: string): Int32Array => int32Of(loan.analysis, role, n + 1).subarray(0, n);
  const noPins = loan.noPins && loan.noPins.length === g.nodeCount ? loan.noPins : new Int32Array(g.nodeCount).fill(-1);
  return {
    rc: newWorkingCounts(g, n),
    where: new Uint8Array(n),
    removed: new Uint32Array((g.edgeCount + 31) >>> 5),
    queue: work('dom.best'),
    stack: work('dom.anc'),
    log: work('dom.vertex'),
    mark: new Uint8Array(n),
    noPins,
    clean: false,
  };
}

/** Weakref objects with a callback and a live target, in ordinal order. */
export function weakrefsWithCallbacks(g: HeapGraph): Int32Array {
  const out: number[] = [];
  const weakTargets = g.weakTargets;
  const flags = g.flags;
  for (let w = 0; w < g.nodeCount; w++) if (weakTargets[w] >= 0 && flags[w] & NodeFlag.WeakCallback) out.push(w);
  return Int32Array.from(out);
}

/** One full steps-1–3 pass with no edits; keep it per graph (it does not depend on rules). */
export function reachabilityBaseline(graph: HeapGraph, loan?: ScratchLoan): ReachabilityBaseline {
  const g = graph;
  const n = g.nodeCount;
  const where = new Uint8Array(n);
  const flags = g.flags;
  for (let x = 0; x < n; x++) if (flags[x] & NodeFlag.Tracked) where[x] = Where.Unreachable;
  const gcRefs = new Float64Array(n);
  const removed = new Uint32Array((g.edgeCount + 31) >>> 5);
  computeGcRefs(g, g.refcounts, where, Where.Unreachable, removed, gcRefs);
  const level = new Int32Array(n).fill(-2);
  const parentEdge = new Int32Array(n).fill(-1);
  const queue = new Int32Array(Math.max(1, n));
  let tail = 0;
  for (let x = 0; x < n; x++) {
    if (where[x] !== Where.Unreachable) continue;
    level[x] = -1;
    if (gcRefs[x] > 0) {
      level[x] = 0;
      queue[tail++] = x;
    }
  }
  const first = g.firstOutEdge;
  const hidden = g.hiddenEdgeCounts;
  const targets = g.edgeTargets;
  // Invariant: queue[head..tail) holds nodes in nondecreasing level order (plain BFS).
  for (let head = 0; head < tail; head++) {
    const y = queue[head];
    const next = level[y] + 1;
    const end = first[y + 1];
    for (let e = first[y] + hidden[y]; e < end; e++) {
      const t = targets[e];
      if (level[t] === -1) {
        level[t] = next;
        parentEdge[t] = e;
        queue[tail++] = t;
      }
    }
  }
  const whereInit = new Uint8Array(n);
  const unreachable: number[] = [];
  let unreachableImmortal = false;
  for (let x = 0; x < n; x++) {
    if (level[x] >= 0) whereInit[x] = Where.Reachable;
    else if (level[x] === -1) {
      whereInit[x] = Where.Unreachable;
      unreachable.push(x);
      if (flags[x] & NodeFlag.Immortal) unreachableImmortal = true;
    }
  }
  return {
    graph,
    gcRefs: clampToInt32(gcRefs),
    level,
    parentEdge,
    whereInit,
    unreachable: Int32Array.from(unreachable),
    unreachableImmortal,
    weakCallbacks: weakrefsWithCallbacks(g),
    scratch: newScratch(g, loan),
  };
}

/** The values as an Int32Array, those beyond its range set to its ends. */
export function clampToInt32(values: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v > 0x7fffffff ? 0x7fffffff : v < -0x7fffffff ? -0x7fffffff : v;
  }
  return out;
}

/** A binary min-heap of node ordinals keyed by baseline level. */
class LevelHeap {
  private items: Int32Array;
  size = 0;
  constructor(private readonly level: Int32Array) {
    this.items = new Int32Array(64);
  }
  push(x: number): void {
    if (this.size === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    const a = this.items;
    const lv = this.level;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (lv[a[p]] <= lv[x]) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = x;
  }
  pop(): number {
    const a = this.items;
    const lv = this.level;
    const top = a[0];
    const last = a[--this.size];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.size) break;
      if (c + 1 < this.size && lv[a[c + 1]] < lv[a[c]]) c++;
      if (lv[a[c]] >= lv[last]) break;
      a[i] = a[c];
      i = c;
    }
    a[i] = last;
    return top;
  }
}

const Mark = { Untouched: 0, Queued: 1, Safe: 2, Suspect: 3, Alive: 4 } as const;

/**
 * Entry: `where` started as base.whereInit and phase 1 marked the `freed` objects. `removed` holds
 * the removed edges (the edits' and those phase 1's deallocators dropped; `overlayRemoved` is the
 * same set, or undefined when there is none), `overlayDropped` the dropped outside references.
 * Exit: every tracked survivor that lost reachability is Unreachable; returns those objects.
 */
export function applyReachability(
  base: ReachabilityBaseline,
  where: Uint8Array,
  removed: Uint32Array,
  overlayRemoved: Uint32Array | undefined,
  overlayDropped: ReadonlyMap<number, number> | undefined,
  freed: Int32Array,
): number[] {
  const g = base.graph;
  const level = base.level;
  const first = g.firstOutEdge;
  const hidden = g.hiddenEdgeCounts;
  const targets = g.edgeTargets;
  const sources = g.edgeSources;
  const flags = g.flags;
  const delta = new Map<number, number>();
  const heap = new LevelHeap(level);
  const mark = base.scratch.mark;
  const touched: number[] = [];
  const seed = (t: number): void => {
    if (where[t] === Where.Reachable && mark[t] === Mark.Untouched) {
      mark[t] = Mark.Queued;
      touched.push(t);
      heap.push(t);
    }
  };
  // A lost reference lowers gc_refs unless the collector saw it (traversed, from a tracked object).
  // An immortal's count never drops (RefcountCascade), so a lost traversed one raises its gc_refs.
  const lose = (e: number): void => {
    const t = targets[e];
    if (where[t] !== Where.Reachable) return;
    const s = sources[e];
    const traversed = (flags[s] & NodeFlag.Tracked) !== 0 && e >= first[s] + hidden[s];
    const change = flags[t] & NodeFlag.Immortal ? (traversed ? 1 : 0) : traversed ? 0 : -1;
    if (change !== 0) delta.set(t, (delta.get(t) ?? 0) + change);
    seed(t);
  };
  if (overlayRemoved) {
    for (let w = 0; w < overlayRemoved.length; w++) {
      let bits = overlayRemoved[w];
      while (bits !== 0) {
        const low = bits & -bits;
        lose((w << 5) + (31 - Math.clz32(low)));
        bits ^= low;
      }
    }
  }
  for (let i = 0; i < freed.length; i++) {
    const s = freed[i];
    for (let e = first[s]; e < first[s + 1]; e++) if (!(removed[e >>> 5] & (1 << (e & 31)))) lose(e);
  }
  if (overlayDropped) {
    for (const [t, k] of overlayDropped) {
      if (where[t] !== Where.Reachable || flags[t] & NodeFlag.Immortal) continue;
      delta.set(t, (delta.get(t) ?? 0) - k);
      seed(t);
    }
  }
  if (heap.size === 0) return [];

  const gcRefs = base.gcRefs;
  const firstIn = g.firstInEdge;
  const inEdges = g.inEdges;
  const isRoot = (x: number): boolean => gcRefs[x] + (delta.get(x) ?? 0) > 0;
  /** A live traversed in-edge from a reachable, non-suspect object (of a lower level when `lower`). */
  const parentEdge = base.parentEdge;
  const supported = (x: number, lower: boolean): boolean => {
    // Usually the BFS parent still holds it: one check instead of scanning a hub's referrers.
    const p = parentEdge[x];
    if (p >= 0 && !(removed[p >>> 5] & (1 << (p & 31)))) {
      const u = sources[p];
      if (where[u] === Where.Reachable && mark[u] !== Mark.Suspect) return true;
    }
    for (let k = firstIn[x]; k < firstIn[x + 1]; k++) {
      const e = inEdges[k];
      if (removed[e >>> 5] & (1 << (e & 31))) continue;
      const u = sources[e];
      if (where[u] !== Where.Reachable || mark[u] === Mark.Suspect || e < first[u] + hidden[u]) continue;
      if (!lower || level[u] < level[x]) return true;
    }
    return false;
  };
  const suspects: number[] = [];
  // Invariant: nodes are popped in nondecreasing level; every node of a lower level that will ever
  // be examined has been decided, so a lower-level source that is not Suspect is safe.
  while (heap.size > 0) {
    const x = heap.pop();
    if (isRoot(x) || supported(x, true)) {
      mark[x] = Mark.Safe;
      continue;
    }
    mark[x] = Mark.Suspect;
    suspects.push(x);
    for (let e = first[x] + hidden[x]; e < first[x + 1]; e++) {
      if (removed[e >>> 5] & (1 << (e & 31))) continue;
      const y = targets[e];
      if (level[y] > level[x]) seed(y);
    }
  }
  // Settle the suspects: alive when a safe object still refers to one, or another alive suspect does.
  const alive: number[] = [];
  for (const x of suspects) {
    if (supported(x, false)) {
      mark[x] = Mark.Alive;
      alive.push(x);
    }
  }
  for (let i = 0; i < alive.length; i++) {
    const y = alive[i];
    for (let e = first[y] + hidden[y]; e < first[y + 1]; e++) {
      if (removed[e >>> 5] & (1 << (e & 31))) continue;
      const t = targets[e];
      if (mark[t] === Mark.Suspect) {
        mark[t] = Mark.Alive;
        alive.push(t);
      }
    }
  }
  const lost: number[] = [];
  for (const x of suspects) {
    if (mark[x] === Mark.Suspect) {
      where[x] = Where.Unreachable;
      lost.push(x);
    }
  }
  for (const x of touched) mark[x] = Mark.Untouched;
  return lost;
}
