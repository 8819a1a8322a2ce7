/**
 * A small DSL for literal heaps in engine tests:
 *
 *   const h = heap('2.7.18', {
 *     I: { type: '__main__.CGcLeak', rc: 1, fin: 'del', refs: ['D'] },
 *     D: { type: 'dict', rc: 1, refs: [['I', "['_self']"]] },
 *   });
 *   h.graph; h.id('I') // node ordinal
 *
 * Defaults: a tracked GC object of 56 bytes, refcount = number of references to it in the spec
 * (so every object is held only by the listed references unless `rc` or `ext` says otherwise),
 * external = refcount minus references from tracked objects, as the dumper computes it.
 */
import { HeapGraphBuilder } from '../../electron/engine/model/HeapGraphBuilder.js';
import { Finalizer, type HeapGraph, NodeFlag } from '../../electron/engine/model/HeapGraph.js';
import { syntheticHeader } from '../../electron/engine/model/header.js';

export interface DslNode {
  type?: string;
  size?: number;
  /** Refcount; default = in-spec references + ext. */
  rc?: number;
  /** Extra references from outside the spec (C, stack, non-dumped), added to the default rc. */
  ext?: number;
  /** Default true. */
  gc?: boolean;
  /** Default = gc. */
  tracked?: boolean;
  immortal?: boolean;
  /** A type object (flag 8); its repr is its qualified name. */
  isType?: boolean;
  /** In the young generation (flag 64, 3.14+ dumps). */
  young?: boolean;
  fin?: 'del' | 'tp_del' | 'tp_finalize' | 'gen';
  /** Referents: a name, or [name, label]. */
  refs?: (string | [string, string])[];
  /** Leading refs invisible to tp_traverse. */
  hidden?: number;
  /** weakref target name. */
  weak?: string;
  weakCallback?: boolean;
  repr?: string;
}

export interface DslHeap {
  graph: HeapGraph;
  id(name: string): number;
  name(ordinal: number): string;
  names(ordinals: Iterable<number>): string[];
}

const finCodes = { del: Finalizer.Del, tp_del: Finalizer.TpDel, tp_finalize: Finalizer.TpFinalize, gen: Finalizer.Gen };

export function heap(python: string, spec: Record<string, DslNode>): DslHeap {
  const names = Object.keys(spec);
  const addr = (name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`heap DSL: unknown object ${name}`);
    return 0x1000 + i * 16;
  };
  const inRefs = new Map<string, number>();
  const inTrackedRefs = new Map<string, number>();
  for (const [name, n] of Object.entries(spec)) {
    const tracked = n.tracked ?? n.gc ?? true;
    (n.refs ?? []).forEach((r, i) => {
      const t = typeof r === 'string' ? r : r[0];
      addr(t);
      inRefs.set(t, (inRefs.get(t) ?? 0) + 1);
      if (tracked && i >= (n.hidden ?? 0)) inTrackedRefs.set(t, (inTrackedRefs.get(t) ?? 0) + 1);
    });
    void name;
  }
  const b = new HeapGraphBuilder(names.length);
  for (const name of names) {
    const n = spec[name];
    const gc = n.gc ?? true;
    const tracked = n.tracked ?? gc;
    const rc = n.rc ?? (inRefs.get(name) ?? 0) + (n.ext ?? 0);
    const refs = n.refs ?? [];
    let flags = 0;
    if (gc) flags |= NodeFlag.Gc;
    if (tracked) flags |= NodeFlag.Tracked;
    if (n.immortal) flags |= NodeFlag.Immortal;
    if (n.weakCallback) flags |= NodeFlag.WeakCallback;
    if (n.isType) flags |= NodeFlag.IsType;
    if (n.young) flags |= NodeFlag.Young;
    b.addNode({
      address: addr(name),
      type: n.type ?? 'object',
      size: n.size ?? 56,
      flags,
      refcount: rc,
      external: rc - (inTrackedRefs.get(name) ?? 0),
      finalizer: n.fin ? finCodes[n.fin] : Finalizer.None,
      repr: n.repr ?? name,
      weakTarget: n.weak ? addr(n.weak) : 0,
      edges: refs.map((r) => addr(typeof r === 'string' ? r : r[0])),
      labels: refs.map((r) => (typeof r === 'string' ? null : r[1])),
      hiddenEdges: n.hidden ?? 0,
    });
  }
  const graph = b.finish(syntheticHeader(python));
  return {
    graph,
    id: (name) => graph.index.get(addr(name)),
    name: (ordinal) => names[ordinal],
    names: (ordinals) => [...ordinals].map((o) => names[o]).sort(),
  };
}
