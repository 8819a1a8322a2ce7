/**
 * HeapGraph: one loaded dump as flat typed arrays (struct-of-arrays, one entry per object) plus
 * CSR adjacency for out-edges (referents) and in-edges (referrers). Modelled on Chrome DevTools'
 * heap snapshot (`firstEdgeIndexes`, `firstRetainerIndex`): no per-object JS objects, so dumps of
 * tens of millions of objects fit. Start reading at the field list below; build one with
 * `HeapGraphBuilder`.
 *
 * Ordinals: objects are numbered 0..nodeCount-1 in file order; edges 0..edgeCount-1 grouped by
 * source. Out-edges of node n are edge ids firstOutEdge[n] .. firstOutEdge[n+1]-1, and within a
 * node they keep `gc.get_referents` order. The graph is immutable once built: what-if edits live
 * in an overlay (see electron/engine/whatif).
 */
import type { StringTable } from './StringTable.js';
import type { AddressIndex } from './AddressIndex.js';
import type { FidelityFacts } from './fidelity.js';
import type { TpNames } from './tpNames.js';

export type NodeOrdinal = number;

/**
 * A per-object count (size, refcount, external references): Uint32 when every value of the dump
 * fits, else Float64 for that dump (an object over 4 GiB, free-threaded refcounts near 2**60).
 * Read-only and exact either way; copy into a Float64Array before doing arithmetic in place.
 */
export type CountColumn = Float64Array | Uint32Array;
export type EdgeOrdinal = number;

/** Bits of `flags`, identical to the dump format's `f` field. */
export const NodeFlag = {
  Gc: 1,
  Tracked: 2,
  Immortal: 4,
  IsType: 8,
  WeakCallback: 16,
  Finalized: 32,
  /** In the young generation at dump time (recorded by the dumper on 3.14+ only). */
  Young: 64,
} as const;

/** Finalizer kinds (`fin` in the dump). */
export const Finalizer = {
  None: 0,
  /** Python-level `__del__` (legacy on <= 3.3, tp_finalize on >= 3.4). */
  Del: 1,
  /** C type with tp_del: legacy on every version. */
  TpDel: 2,
  /** C type with tp_finalize (3.4+): generators, coroutines, io objects. */
  TpFinalize: 3,
  /** 2.7 generator suspended inside try/except/finally/with (PyGen_NeedsFinalizing). */
  Gen: 4,
} as const;
export type FinalizerKind = (typeof Finalizer)[keyof typeof Finalizer];
export const finalizerNames = ['', 'del', 'tp_del', 'tp_finalize', 'gen'] as const;

/** Interpreter facts from the dump header that the simulation needs. */
export interface PythonInfo {
  /** "3.11.7" */
  version: string;
  major: number;
  minor: number;
  micro: number;
  implementation: string;
}

export interface DumpHeader {
  format: 'heapscope';
  version: [number, number];
  python: PythonInfo;
  platform: string;
  time: string;
  gc: { enabled: boolean; threshold: number[]; debug: number };
  notes: string[];
  /** Records whose rc / x contradict the references in the file (formats/heapscope/consistency.ts). */
  inconsistent?: { count: number; records: { line: number; address: number; type: string; rc: number; x: number; problem: string }[] };
  /** Every other header field, as read. */
  raw: Record<string, unknown>;
}

/** A name the dumper saw binding an object (`k: "name"` records). */
export interface HolderName {
  node: NodeOrdinal;
  holder: string;
  name: string;
}

export interface HeapGraph extends FidelityFacts {
  readonly header: DumpHeader;
  readonly nodeCount: number;
  readonly edgeCount: number;

  /** id() of each object; exact below 2**53, which covers every real address. */
  readonly addresses: Float64Array;
  /** Index into `strings` of the type name. */
  readonly typeIds: Uint32Array;
  /** Shallow size in bytes (CountColumn). */
  readonly sizes: CountColumn;
  /** NodeFlag bits. */
  readonly flags: Uint8Array;
  readonly refcounts: CountColumn;
  /** External references as recorded by the dumper (`x`). */
  readonly externalRefs: CountColumn;
  /** Finalizer kind per node. */
  readonly finalizers: Uint8Array;
  /** Index into `strings` of the short repr, 0 = none (strings[0] is ""). Reprs are stored, not interned. */
  readonly reprIds: Uint32Array;
  /** For weakref objects: ordinal of the referent, -1 when not a weakref or dead. */
  readonly weakTargets: Int32Array;

  /** CSR out-edges: length nodeCount + 1. */
  readonly firstOutEdge: Uint32Array;
  /** Target ordinal of each edge. */
  readonly edgeTargets: Uint32Array;
  /**
   * Index into `strings` of each edge's label, 0 = no label. Index labels "[N]" use virtual ids
   * from INDEX_LABEL_BASE (StringTable.ts) up: resolve with `strings.get`, never index arrays by them.
   */
  readonly edgeLabels: Uint32Array;
  /** Per node: how many leading out-edges are invisible to tp_traverse (`ex`). */
  readonly hiddenEdgeCounts: Uint32Array;

  /** CSR in-edges: length nodeCount + 1. */
  readonly firstInEdge: Uint32Array;
  /** For each in-edge slot, the out-edge ordinal it mirrors (source via edgeSource()). */
  readonly inEdges: Uint32Array;
  /** Source ordinal of each out-edge (parallel to edgeTargets). */
  readonly edgeSources: Uint32Array;

  readonly strings: StringTable;
  readonly index: AddressIndex;
  readonly holderNames: readonly HolderName[];
  /**
   * Identity across dumps of one process (`{"k":"gen"}` records, FORMAT.md "Identity"): per node,
   * the sequence number of the first dump of its capture session that saw this very object, 0 when
   * unknown (not weakrefable, or an older dump). Absent when the dump has no such records.
   */
  readonly firstSeen?: Uint32Array;
  /**
   * Where objects were allocated, when the process traced with tracemalloc (`{"k":"site"}`
   * records): `names[siteOf[node]]` is "file:line", siteOf is -1 where unknown. Absent otherwise.
   */
  readonly allocationSites?: { readonly names: readonly string[]; readonly siteOf: Int32Array };
  /** Py_TYPE(op)->tp_name where it is not the type name (`tpname` records, model/tpNames.ts); absent in older dumps. */
  readonly tpNames?: TpNames;
}

/** True when the edge is reported by tp_traverse (the collector sees it). */
export function isTraversedEdge(g: HeapGraph, edge: EdgeOrdinal): boolean {
  const src = g.edgeSources[edge];
  return edge - g.firstOutEdge[src] >= g.hiddenEdgeCounts[src];
}

export function typeName(g: HeapGraph, node: NodeOrdinal): string {
  return g.strings.get(g.typeIds[node]);
}

export function isTracked(g: HeapGraph, node: NodeOrdinal): boolean {
  return (g.flags[node] & NodeFlag.Tracked) !== 0;
}
