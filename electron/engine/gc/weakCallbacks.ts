/**
 * Weakref callbacks, at both moments CPython runs them, and what the known ones free.
 *
 * - Refcount time (PyObject_ClearWeakRefs, called by a dying object's tp_dealloc before it drops
 *   its own references): every weakref to it that is still alive has its callback called, and
 *   the weakref lets go of the callback first (wr_callback = NULL). A weakref the dying object
 *   holds itself is still alive then, so its callback runs. RefcountCascade calls `onDealloc`.
 * - handle_weakrefs (GC-SEMANTICS.md §3 step 5): weakrefs to U1 objects are cleared; those that
 *   are not garbage themselves have their callback called while gc holds a reference to them;
 *   when gc drops it, the weakrefs that are freed then are counted: gc.collect() returns
 *   n + m + that count on every version (2.7 – 3.13: `m += handle_weakrefs(...)`).
 *
 * What a callback frees comes from the dump's `weakcb` records (model/fidelity.ts): the stdlib's
 * weak containers remove their entry (WeakValueDictionary / WeakKeyDictionary `remove`, WeakSet
 * `_remove`, abc's `_destroy` on 3.7+, logging's `_removeHandlerRef`), weakref.finalize pops its
 * registry entry and calls a user function. The same code on 2.7 and 3.x, so no per-version
 * switch. Callbacks of unknown code are assumed to free nothing; `unknown` names them.
 */
import { type HeapGraph, NodeFlag } from '../model/HeapGraph.js';
import type { RefcountCascade } from './RefcountCascade.js';
import { Where, maskOf } from './where.js';

const freedMask = maskOf(Where.FreedByRefcount, Where.FreedByCollector);

/** Per target, the weakrefs with a callback (CSR), built once per graph. */
interface CallbackIndex {
  first: Uint32Array;
  refs: Uint32Array;
  /** All weakrefs with a callback and a live target, in ordinal order. */
  all: Int32Array;
}
const indexes = new WeakMap<HeapGraph, CallbackIndex>();

function callbackIndex(g: HeapGraph): CallbackIndex {
  let idx = indexes.get(g);
  if (idx) return idx;
  const n = g.nodeCount;
  const first = new Uint32Array(n + 1);
  const all: number[] = [];
  for (let w = 0; w < n; w++) {
    if (g.weakTargets[w] >= 0 && g.flags[w] & NodeFlag.WeakCallback) {
      first[g.weakTargets[w] + 1]++;
      all.push(w);
    }
  }
  for (let i = 0; i < n; i++) first[i + 1] += first[i];
  const refs = new Uint32Array(all.length);
  const cursor = first.slice(0, n);
  for (const w of all) refs[cursor[g.weakTargets[w]]++] = w;
  idx = { first, refs, all: Int32Array.from(all) };
  indexes.set(g, idx);
  return idx;
}

export class WeakrefCallbacks {
  /** Weakrefs whose callback ran, in the order they ran. */
  readonly ran: number[] = [];
  /** Of those, the ones whose callback is unknown code (assumed to free nothing). */
  readonly unknown: number[] = [];
  /** User functions known callbacks call (weakref.finalize's func), assumed to free nothing. */
  readonly userCalls: number[] = [];
  private readonly index: CallbackIndex;
  /** 1 once a weakref's referent is gone (its callback ran or never will). */
  private readonly cleared: Uint8Array;

  constructor(
    private readonly g: HeapGraph,
    private readonly cascade: RefcountCascade,
  ) {
    this.index = callbackIndex(g);
    this.cleared = new Uint8Array(this.index.all.length > 0 ? g.nodeCount : 0);
  }

  /** True when the graph has no weakref with a callback (nothing to do anywhere). */
  get empty(): boolean {
    return this.index.all.length === 0;
  }

  /** `node` is being deallocated by reference counting: PyObject_ClearWeakRefs(node). */
  onDealloc(node: number): void {
    const { first, refs } = this.index;
    const where = this.cascade.where;
    for (let i = first[node]; i < first[node + 1]; i++) {
      const w = refs[i];
      if (this.cleared[w]) continue;
      this.cleared[w] = 1;
      if ((1 << where[w]) & freedMask) continue;
      const info = this.g.weakCallbacks?.get(w);
      // The weakref moves its callback into the call's argument tuple, which is dropped afterwards.
      if (info) this.dropOne(w, info.callback);
      this.call(w);
    }
  }

  /**
   * handle_weakrefs over U1 (where === Unreachable). Returns how many of the weakrefs whose
   * callback it called were freed when gc dropped its own reference to them.
   */
  handleWeakrefs(): number {
    const g = this.g;
    const where = this.cascade.where;
    const targets = g.weakTargets;
    const toCall: number[] = [];
    for (const w of this.index.all) {
      if (this.cleared[w] || where[targets[w]] !== Where.Unreachable) continue;
      this.cleared[w] = 1;
      if (where[w] !== Where.Unreachable && !((1 << where[w]) & freedMask)) toCall.push(w);
    }
    if (toCall.length === 0) return 0;
    const cascade = this.cascade;
    cascade.freeable = maskOf(Where.Outside, Where.Reachable);
    cascade.freedAs = Where.FreedByCollector;
    for (const w of toCall) cascade.incref(w); // Py_INCREF(wr) in the first pass
    let freed = 0;
    for (const w of toCall) {
      this.call(w);
      cascade.run();
      cascade.decref(w);
      cascade.run();
      if ((1 << where[w]) & freedMask) freed++;
    }
    return freed;
  }

  /** Runs the callback of weakref `w`: the references it is known to drop go. */
  private call(w: number): void {
    this.ran.push(w);
    const info = this.g.weakCallbacks?.get(w);
    if (!info || info.kind === 'unknown') {
      this.unknown.push(w);
      return;
    }
    if (info.calls >= 0) this.userCalls.push(info.calls);
    const d = info.drops;
    for (let i = 0; i < d.length; i += 2) this.dropOne(d[i], d[i + 1]);
  }

  /** Drops one reference `holder` → `target` (a not yet removed edge), if the holder is alive. */
  private dropOne(holder: number, target: number): void {
    const g = this.g;
    const cascade = this.cascade;
    if ((1 << cascade.where[holder]) & freedMask) return;
    const removed = cascade.removed;
    for (let e = g.firstOutEdge[holder]; e < g.firstOutEdge[holder + 1]; e++) {
      if (g.edgeTargets[e] !== target || removed[e >>> 5] & (1 << (e & 31))) continue;
      cascade.dropEdge(e);
      return;
    }
  }
}

/** The assumption lines for callbacks that ran with code the dump cannot show. */
export function callbackAssumptions(g: HeapGraph, cb: WeakrefCallbacks): string[] {
  const out: string[] = [];
  const name = (n: number): string => {
    const repr = g.strings.get(g.reprIds[n]);
    return `${g.strings.get(g.typeIds[n])}${repr ? ` ${repr}` : ''} (0x${g.addresses[n].toString(16)})`;
  };
  const list = (nodes: number[]): string => {
    const shown = nodes.slice(0, 5).map(name).join(', ');
    return nodes.length > 5 ? `${shown} and ${nodes.length - 5} more` : shown;
  };
  if (cb.unknown.length > 0) {
    const callbacks = [...new Set(cb.unknown.map((w) => g.weakCallbacks?.get(w)?.callback ?? w))];
    out.push(`Weakref callbacks of unknown code are assumed to free nothing (not even their own weakref object): ${list(callbacks)}`);
  }
  if (cb.userCalls.length > 0) {
    out.push(`weakref.finalize functions are assumed to free nothing: ${list([...new Set(cb.userCalls)])}`);
  }
  return out;
}
