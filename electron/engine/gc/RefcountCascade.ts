/**
 * RefcountCascade: reference counting as CPython does it when a count reaches zero — the object
 * is deallocated and every object it referenced is decref'd in turn (Py_DECREF → tp_dealloc →
 * Py_DECREF of each field). Follows *all* strong references that are not removed, including the
 * ones tp_traverse hides (a code object's co_consts). Iterative: a stack of objects whose count has
 * reached zero, each pushed once (it is marked freed when pushed).
 *
 * Used three times by simulate.ts: after what-if edits (phase 1), during finalization (a __del__
 * that drops references, a generator's close() dropping its frame) and when the final set is
 * cleared (delete_garbage). `freeable` says which Where codes may be freed in the current step
 * (objects already freed, resurrected or saved never are). A reachable object can be freed by the
 * collector's cascade: when its only references were hidden edges from garbage, tp_traverse never
 * reported them, so it looked externally held.
 */
import { type HeapGraph, NodeFlag } from '../model/HeapGraph.js';
import { Where } from './where.js';

export class RefcountCascade {
  private readonly stack: Int32Array;
  private top = 0;
  /** Codes (bit per Where code) that may be freed now. */
  freeable = 0;
  /** Where code given to freed objects now. */
  freedAs: number = Where.FreedByRefcount;
  /** Nodes whose dealloc resurrects them (declared 'resurrect' __del__), or null. Phase 1 only. */
  resurrectOnDealloc: Uint8Array | null = null;
  /** Nodes resurrected on dealloc, in order. */
  readonly resurrected: number[] = [];
  /** Every node freed so far, in the order freed: log[0 .. logged). Each node appears once. */
  readonly log: Int32Array;
  logged = 0;

  constructor(
    private readonly graph: HeapGraph,
    /** Working refcounts: starts as the dump's, lowered by edits and frees. */
    readonly rc: Float64Array,
    /** Working per-node state (Where codes); freed nodes are marked here. */
    readonly where: Uint8Array,
    /** Working removed-edge bitset (edits plus edges dropped by finalizers). */
    readonly removed: Uint32Array,
    /** Reusable arrays of nodeCount entries (contents are ignored). */
    scratch?: { stack: Int32Array; log: Int32Array },
  ) {
    this.stack = scratch?.stack ?? new Int32Array(Math.max(1, graph.nodeCount));
    this.log = scratch?.log ?? new Int32Array(Math.max(1, graph.nodeCount));
  }

  /** Drops `by` references to `node`; queues it for freeing if its count reaches zero. */
  decref(node: number, by = 1): void {
    const rc = this.rc;
    rc[node] -= by;
    if (rc[node] > 0) return;
    const where = this.where;
    if (((1 << where[node]) & this.freeable) === 0) return;
    if (this.graph.flags[node] & NodeFlag.Immortal) return;
    const res = this.resurrectOnDealloc;
    if (res !== null && res[node]) {
      // __del__ runs from tp_dealloc and stores a new reference: the object lives on.
      res[node] = 0;
      rc[node] += 1;
      where[node] = Where.ResurrectedOnDealloc;
      this.resurrected.push(node);
      return;
    }
    where[node] = this.freedAs;
    this.stack[this.top++] = node;
    this.log[this.logged++] = node;
  }

  /** Frees `node` regardless of its count (tp_clear of a final object); marks it now. */
  release(node: number): void {
    this.where[node] = this.freedAs;
    this.stack[this.top++] = node;
    this.log[this.logged++] = node;
  }

  /** Removes out-edge `edge` (if not removed yet) and decrefs its target. */
  dropEdge(edge: number): void {
    const removed = this.removed;
    const bit = 1 << (edge & 31);
    if (removed[edge >>> 5] & bit) return;
    removed[edge >>> 5] |= bit;
    this.decref(this.graph.edgeTargets[edge]);
  }

  /**
   * Deallocates everything queued, and whatever that frees in turn.
   * Invariant: every node on the stack is already marked freed and is popped exactly once.
   */
  run(): void {
    const g = this.graph;
    const first = g.firstOutEdge;
    const targets = g.edgeTargets;
    const removed = this.removed;
    const stack = this.stack;
    while (this.top > 0) {
      const n = stack[--this.top];
      const end = first[n + 1];
      for (let e = first[n]; e < end; e++) {
        if (removed[e >>> 5] & (1 << (e & 31))) continue;
        this.decref(targets[e]);
      }
    }
  }
}
