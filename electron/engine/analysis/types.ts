/**
 * Analysis outputs. One algorithm per file in this folder: roots.ts (what the outside holds),
 * scc.ts (cycles) + cycleSummaries.ts, retainerPaths.ts, dominators.ts (+ retained sizes),
 * histogram.ts, minimumCut.ts. All are iterative (no recursion over the heap) and work on typed
 * arrays; all accept an optional EditOverlay so what-if edits are honoured.
 */
import type { NodeOrdinal, EdgeOrdinal } from '../model/HeapGraph.js';
import type { FateCode } from '../gc/types.js';

/** Strongly connected components with more than one member, or one member with a self-loop. */
export interface CycleSet {
  /** Per node: index of its cycle, or -1. */
  cycleOf: Int32Array;
  /** CSR: members of cycle c are members[firstMember[c] .. firstMember[c+1]-1]. */
  firstMember: Uint32Array;
  members: Uint32Array;
  count: number;
}

/** A path from a root to a node: nodes[0] is the root, edges[i] goes nodes[i] -> nodes[i+1]. */
export interface RetainerPath {
  nodes: NodeOrdinal[];
  edges: EdgeOrdinal[];
}

/** Uint32 when the whole heap's bytes fit (no retained size can be larger), else Float64. */
export type RetainedSizes = Float64Array | Uint32Array;

export interface DominatorTree {
  /** Immediate dominator per node; -1 for the virtual root's children that hang off it, -2 for unreachable. */
  idom: Int32Array;
  /**
   * Bytes freed if the node were freed: its size plus everything it dominates. For garbage
   * (unreachable) nodes, computed in the garbage forest described at `treeParent`.
   */
  retainedSizes: RetainedSizes;
  /**
   * Parent in the dominator forest over every node: `idom` where reachable from a root; for
   * garbage, the dominator in a second forest whose roots are one entry node per source
   * component of the garbage subgraph (-1 for those entries). Never -2. See dominators.ts.
   */
  treeParent?: Int32Array;
  /** Nodes reachable from a root (idom !== -2). */
  reachableCount?: number;
  /** The garbage entry nodes (treeParent -1, idom -2). */
  garbageEntries?: Uint32Array;
}

/** One cycle, as the Cycles view and `heapscope cycles` show it. */
export interface CycleSummary {
  /** Index into the CycleSet. */
  cycle: number;
  size: number;
  /** Sum of shallow sizes of the members. */
  bytes: number;
  /** Member types, most frequent first. */
  types: { type: string; count: number }[];
  /** Members with a finalizer, per kind ('del', 'tp_del', 'tp_finalize', 'gen'), most frequent first. */
  finalizers: { kind: string; count: number }[];
  hasFinalizers: boolean;
  /** Bytes freed if the whole cycle went (needs a DominatorTree). */
  retainedBytes?: number;
  /** The members' common fate, or 'mixed' (needs the simulation's fates). */
  fate?: FateCode | 'mixed';
}

/** A reference held from outside the dump that must be released (a name, a frame, C code). */
export interface ExternalRelease {
  node: NodeOrdinal;
  /** References to drop: the node's whole outside count. */
  count: number;
}

/** Answer to "which references must I break so that this object can be freed?". */
export interface MinimumCut {
  /**
   * 'ok': `edges` + `externalReleases` is a smallest cut (the one nearest the target).
   * 'not-retained': no root reaches the target. 'immortal': the target itself is immortal.
   * 'too-large': the cut needs more than maxCut references. 'budget': one search for a path
   * from the roots visited more objects than the node budget.
   */
  status: 'ok' | 'not-retained' | 'immortal' | 'too-large' | 'budget';
  edges: EdgeOrdinal[];
  externalReleases: ExternalRelease[];
  /** References to drop in all: edges.length + sum of externalReleases counts. */
  size: number;
  /** Objects the largest search visited (the part of the target's ancestors examined). */
  ancestors: number;
}

export interface HistogramRow {
  typeId: number;
  type: string;
  count: number;
  bytes: number;
  retainedBytes: number;
}
