/**
 * Analysis outputs. One algorithm per file in this folder: scc.ts (cycles), retainerPaths.ts,
 * dominators.ts (+ retained sizes), histogram.ts. All are iterative (no recursion over the heap)
 * and work on typed arrays; all accept an optional EditOverlay so what-if edits are honoured.
 */
import type { NodeOrdinal, EdgeOrdinal } from '../model/HeapGraph.js';

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

export interface DominatorTree {
  /** Immediate dominator per node; -1 for the virtual root's children that hang off it, -2 for unreachable. */
  idom: Int32Array;
  /** Bytes freed if the node were freed: its size plus everything it dominates. */
  retainedSizes: Float64Array;
}

export interface HistogramRow {
  typeId: number;
  type: string;
  count: number;
  bytes: number;
  retainedBytes: number;
}
