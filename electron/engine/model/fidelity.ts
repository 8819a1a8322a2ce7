/**
 * Facts the dumper records beside the objects so the simulation can be exact where edges alone
 * are not enough (FORMAT.md `weakcb` and `gen` records): what each weakref's callback is and
 * which references it drops when it runs, and which generators / coroutines never started.
 * The reader collects them as addresses (FidelityRecords) and attaches them, resolved to
 * ordinals, to the HeapGraph it returns (attachFidelity). Graphs built without them (old dumps,
 * hand-made test graphs) simply lack the fields: every consumer treats that as "unknown".
 */
import type { HeapGraph, NodeOrdinal } from './HeapGraph.js';
import type { LineRef } from '../formats/heapscope/objectRecord.js';
import { type Json, fieldError, intField, own, stringField } from '../formats/heapscope/objectRecord.js';

/**
 * Callback kinds: the stdlib callbacks the dumper recognises, "gone" / "deferred" (a weak
 * container that is dead or iterating: the callback frees nothing) and "unknown" (user code).
 */
export const knownCallbackKinds = ['WeakValueDictionary', 'WeakKeyDictionary', 'WeakSet', 'abc', 'logging', 'finalize', 'gone', 'deferred'] as const;

export interface WeakCallbackInfo {
  /** The callback object (wr_callback). */
  callback: NodeOrdinal;
  /** One of knownCallbackKinds, or "unknown". */
  kind: string;
  /** References the callback drops, as [holder, target] pairs flattened (one reference each). */
  drops: Int32Array;
  /** A user function the callback calls (weakref.finalize's func), or -1. */
  calls: NodeOrdinal;
}

export interface FidelityFacts {
  /** By weakref ordinal; weakrefs with a callback that the dump has no record for are unknown. */
  readonly weakCallbacks?: ReadonlyMap<NodeOrdinal, WeakCallbackInfo>;
  /** Generators, coroutines and async generators that never started (state "created"). */
  readonly createdGenerators?: ReadonlySet<NodeOrdinal>;
}

interface RawCallback {
  a: number;
  cb: number;
  kind: string;
  drops: number[];
  calls: number;
}

/** Collects the records while the file is read; addresses are resolved at the end. */
export class FidelityRecords {
  private readonly callbacks: RawCallback[] = [];
  private readonly created: number[] = [];
  private seen = false;

  /** Handles `weakcb` and `gen` records; returns false for other kinds. */
  take(kind: string, rec: Json, at: LineRef): boolean {
    if (kind === 'weakcb') {
      const a = intField(rec, 'a', at, 1)!;
      const cb = intField(rec, 'cb', at, 1)!;
      const cbKind = stringField(rec, 'kind', at)!;
      const raw = own(rec, 'drops');
      const drops: number[] = [];
      if (raw !== undefined) {
        if (!Array.isArray(raw) || raw.length % 2 !== 0 || !raw.every((x) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 1)) {
          throw fieldError(at, 'field "drops" must be an even-length array of addresses');
        }
        drops.push(...(raw as number[]));
      }
      const calls = intField(rec, 'calls', at, 1, false) ?? 0;
      this.callbacks.push({ a, cb, kind: cbKind, drops, calls });
      this.seen = true;
      return true;
    }
    if (kind === 'genstate') {
      const a = intField(rec, 'a', at, 1)!;
      if (stringField(rec, 'state', at) === 'created') this.created.push(a);
      this.seen = true;
      return true;
    }
    return false;
  }

  /** The graph with the facts attached (records naming addresses not in the file are dropped). */
  attach(graph: HeapGraph): HeapGraph {
    if (!this.seen) return graph;
    const index = graph.index;
    const weakCallbacks = new Map<NodeOrdinal, WeakCallbackInfo>();
    for (const r of this.callbacks) {
      const w = index.get(r.a);
      const callback = index.get(r.cb);
      if (w < 0 || callback < 0) continue;
      const pairs: number[] = [];
      for (let i = 0; i < r.drops.length; i += 2) {
        const h = index.get(r.drops[i]);
        const t = index.get(r.drops[i + 1]);
        if (h >= 0 && t >= 0) pairs.push(h, t);
      }
      weakCallbacks.set(w, { callback, kind: r.kind, drops: Int32Array.from(pairs), calls: r.calls ? index.get(r.calls) : -1 });
    }
    const createdGenerators = new Set<NodeOrdinal>();
    for (const a of this.created) {
      const n = index.get(a);
      if (n >= 0) createdGenerators.add(n);
    }
    return { ...graph, weakCallbacks, createdGenerators };
  }
}
