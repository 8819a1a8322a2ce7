/**
 * A hook into simulate() for the step-by-step replay (gc/replay/): after each phase of the
 * collection simulate() hands the working state to the tracer, which copies what it needs for the
 * few objects a user looks at. simulate() never traces unless asked, and with a tracer it takes
 * the full pass (no reachability baseline) so every phase really happens.
 */
import type { WorkingCounts } from './workingCounts.js';
export type TracePhase =
  | 'edits'
  | 'update_refs'
  | 'subtract_refs'
  | 'move_unreachable'
  | 'move_legacy_finalizers'
  | 'move_legacy_finalizer_reachable'
  | 'handle_weakrefs'
  | 'finalize_garbage'
  | 'resurrection'
  | 'delete_garbage'
  | 'handle_legacy_finalizers';

export interface TraceState {
  /** Per node, a Where code (where.ts). */
  where: Uint8Array;
  /** Working refcounts (after edits and frees so far). */
  rc: WorkingCounts;
  /** gc_refs per node where this phase computed them (update_refs, subtract_refs, resurrection), else null. */
  gcRefs: Float64Array | WorkingCounts | null;
  /** Working removed-edge bitset (edits plus edges dropped by finalizers). */
  removed: Uint32Array;
  /** Nodes this phase acted on (weakrefs whose callbacks run, objects finalized, gc.garbage). */
  acted?: ArrayLike<number>;
}

export interface CollectionTracer {
  step(phase: TracePhase, state: TraceState): void;
}
