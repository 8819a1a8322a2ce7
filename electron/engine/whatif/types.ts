/**
 * What-if edits and the overlay the simulation reads. Edits never mutate the loaded HeapGraph;
 * they compile into an EditOverlay (removed-edge bitset, refcount deltas, declared finalizer
 * effects). Start at EditHistory.ts.
 */
import type { EdgeOrdinal, NodeOrdinal } from '../model/HeapGraph.js';
import type { FinalizerEffect } from '../gc/types.js';

/** Edits name objects by address (stable across sessions and files), as the CLI and saved histories do. */
export type Edit =
  /** Remove one reference src -> dst (the first not-yet-removed edge between them, or out-edge ordinal `edge` when given). */
  | { kind: 'drop-ref'; source: number; target: number; edge?: number }
  /** Remove every reference the object holds (like tp_clear). */
  | { kind: 'clear'; address: number }
  /** `del name`: drop N references held from outside the dump (frames, C, names). */
  | { kind: 'drop-external'; address: number; count: number }
  /** Declare what an object's __del__ does. */
  | { kind: 'finalizer-effect'; address: number; effect: FinalizerEffect };

export interface EditOverlay {
  /** Bit e set = out-edge e removed. Length ceil(edgeCount / 32). */
  readonly removedEdges: Uint32Array;
  /** External references dropped, per node (sparse). */
  readonly droppedExternal: ReadonlyMap<NodeOrdinal, number>;
  /** Declared finalizer effects (sparse). */
  readonly effects: ReadonlyMap<NodeOrdinal, FinalizerEffect>;
}

export function isEdgeRemoved(overlay: EditOverlay | undefined, edge: EdgeOrdinal): boolean {
  return overlay !== undefined && (overlay.removedEdges[edge >>> 5] & (1 << (edge & 31))) !== 0;
}

/** The change one edit makes, as shown to the user. */
export interface EditDelta {
  edit: Edit;
  /** One plain sentence: "Breaking _b._a frees 4 objects (208 bytes) by reference counting". */
  summary: string;
  /** Nodes whose fate changed, with old and new fate codes (in ordinal order, at most 1,000). */
  changed: { node: NodeOrdinal; before: number; after: number }[];
  /** How many nodes changed fate in all (changed lists at most 1,000 of them). */
  changedCount?: number;
  freedObjects: number;
  freedBytes: number;
  collectBefore: number;
  collectAfter: number;
  garbageBefore: number;
  garbageAfter: number;
}
