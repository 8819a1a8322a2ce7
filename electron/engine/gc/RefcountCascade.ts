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
 *
 * One deallocator side effect is modelled: type_dealloc → remove_subclass deletes the dying class
 * from each base's tp_subclasses dict (3.x: key id(class), value a weakref to it), which frees
 * that weakref. In the dump this is an edge labelled `[<id of the class>]` from a dict to a
 * weakref whose target is the class.
 *
 * Two more deallocator effects are hooks: `onDealloc` runs as a node's dealloc begins, before its
 * references go (PyObject_ClearWeakRefs → weakref callbacks, weakCallbacks.ts), and with
 * `clearModuleGlobals` (≤ 3.3) a dying module first sets its globals to None (_PyModule_Clear in
 * 2.7's module_dealloc; 3.4+ leave the dict alone), so functions held only by that dict are freed
 * by reference counting instead of waiting for the collector.
 */
import { type HeapGraph, NodeFlag } from '../model/HeapGraph.js';

const TypeIdUnknown = -2;
import { Where } from './where.js';
import type { WorkingCounts } from './workingCounts.js';

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
  /** String id of "type" (-1 when absent), and weakrefs per target (CSR), built on first need. */
  private typeTypeId = TypeIdUnknown;
  private weakFirst: Uint32Array | null = null;
  private weakRefs: Uint32Array | null = null;
  /** Called with each node as its dealloc begins (before its references are dropped), or null. */
  onDealloc: ((node: number) => void) | null = null;
  /** ≤ 3.3: module_dealloc clears the module's globals (_PyModule_Clear) before dropping its dict. */
  clearModuleGlobals = false;
  private moduleTypeId = TypeIdUnknown;
  /**
   * When set, every node whose working refcount changes is appended (repeats allowed): simulate()
   * restores just those from the dump's counts afterwards instead of copying every count.
   */
  rcLog: number[] | null = null;
  /** Every node freed so far, in the order freed: log[0 .. logged). Each node appears once. */
  readonly log: Int32Array;
  logged = 0;

  constructor(
    private readonly graph: HeapGraph,
    /** Working refcounts: starts as the dump's, lowered by edits and frees. */
    readonly rc: WorkingCounts,
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
    // CPython (3.12+) never changes an immortal's count; workingCounts.ts relies on it.
    if (this.graph.flags[node] & NodeFlag.Immortal) return;
    const rc = this.rc;
    if (this.rcLog !== null) this.rcLog.push(node);
    rc[node] -= by;
    if (rc[node] > 0) return;
    const where = this.where;
    if (((1 << where[node]) & this.freeable) === 0) return;
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

  /** Adds one reference to `node` (a finalizer or callback storing it). */
  incref(node: number): void {
    if (this.graph.flags[node] & NodeFlag.Immortal) return;
    if (this.rcLog !== null) this.rcLog.push(node);
    this.rc[node] += 1;
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
    if (this.typeTypeId === TypeIdUnknown) this.typeTypeId = g.strings.find('type');
    const typeId = this.typeTypeId;
    const typeIds = g.typeIds;
    const flags = g.flags;
    if (this.moduleTypeId === TypeIdUnknown) this.moduleTypeId = g.strings.find('module');
    while (this.top > 0) {
      const n = stack[--this.top];
      if (this.onDealloc !== null) this.onDealloc(n);
      if (this.clearModuleGlobals && typeIds[n] === this.moduleTypeId) this.clearGlobals(n);
      const end = first[n + 1];
      for (let e = first[n]; e < end; e++) {
        if (removed[e >>> 5] & (1 << (e & 31))) continue;
        this.decref(targets[e]);
      }
      if (typeIds[n] === typeId || flags[n] & NodeFlag.IsType) this.removeSubclassEntries(n);
    }
  }

  /**
   * 2.7's _PyModule_Clear: every global whose key is a str, except __builtins__, is set to None.
   * In the dump those are the module dict's value edges labelled ['name'] (or ["name"]).
   */
  private clearGlobals(mod: number): void {
    const g = this.graph;
    const first = g.firstOutEdge;
    let dict = -1;
    for (let e = first[mod]; e < first[mod + 1] && dict < 0; e++) if (g.strings.get(g.typeIds[g.edgeTargets[e]]) === 'dict') dict = g.edgeTargets[e];
    if (dict < 0) return;
    for (let e = first[dict]; e < first[dict + 1]; e++) {
      const label = g.strings.get(g.edgeLabels[e]);
      if (/^\[(['"]).*\1\]$/.test(label) && label.slice(2, -2) !== '__builtins__') this.dropEdge(e);
    }
  }

  /** remove_subclass for a dying class: drop the tp_subclasses entries (weakrefs) keyed by its id. */
  private removeSubclassEntries(cls: number): void {
    const g = this.graph;
    if (!this.weakFirst) {
      const n = g.nodeCount;
      const count = new Uint32Array(n + 1);
      for (let w = 0; w < n; w++) if (g.weakTargets[w] >= 0) count[g.weakTargets[w] + 1]++;
      for (let i = 0; i < n; i++) count[i + 1] += count[i];
      const refs = new Uint32Array(count[n]);
      const cursor = count.slice(0, n);
      for (let w = 0; w < n; w++) if (g.weakTargets[w] >= 0) refs[cursor[g.weakTargets[w]]++] = w;
      this.weakFirst = count;
      this.weakRefs = refs;
    }
    const start = this.weakFirst[cls];
    const end = this.weakFirst[cls + 1];
    if (start === end) return;
    const key = `[${g.addresses[cls]}]`;
    for (let i = start; i < end; i++) {
      const w = this.weakRefs![i];
      for (let k = g.firstInEdge[w]; k < g.firstInEdge[w + 1]; k++) {
        const e = g.inEdges[k];
        const holder = g.edgeSources[e];
        const state = this.where[holder];
        if (state === Where.FreedByRefcount || state === Where.FreedByCollector || g.strings.get(g.typeIds[holder]) !== 'dict') continue;
        if (g.strings.get(g.edgeLabels[e]) === key) this.dropEdge(e);
      }
    }
  }
}
