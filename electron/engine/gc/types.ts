/**
 * The simulation's public types: rule sets per CPython version, fates, and the result of one
 * simulated `gc.collect()` after the refcount cascade. Implemented in simulate.ts (start there);
 * the rulebook is GC-SEMANTICS.md (outside the repo, in ../shared/docs).
 */
import type { NodeOrdinal } from '../model/HeapGraph.js';
import type { EditOverlay } from '../whatif/types.js';

/**
 * Rule sets, named by the first CPython version they apply to:
 * - '2.7'   : <= 3.3. Python __del__, tp_del and finalizing 2.7 generators are legacy finalizers.
 * - '3.4'   : 3.4 – 3.7.4. PEP 442; any resurrection revives the whole batch; m = |U1|.
 * - '3.7.5' : 3.7.5 – 3.8. Whole batch revived on resurrection; m counts only what finalizers left.
 * - '3.9'   : 3.9 – 3.13. Partial resurrection; m = |final|.
 * - '3.14'  : 3.14.0 – 3.14.4, the incremental collector: as 3.9, but tuples of the young
 *             generation holding no GC object are untracked before the collection (never counted).
 * - '3.14.5': 3.14.5+, the generational collector again: as 3.9.
 * - '3.15'  : 3.15, generational: as 3.9 (gc.get_stats() adds `candidates` and `duration`).
 */
export type RuleSetId = '2.7' | '3.4' | '3.7.5' | '3.9' | '3.14' | '3.14.5' | '3.15';
export const ruleSetIds: readonly RuleSetId[] = ['2.7', '3.4', '3.7.5', '3.9', '3.14', '3.14.5', '3.15'];

export const Fate = {
  Alive: 0,
  FreedByRefcount: 1,
  Collected: 2,
  Uncollectable: 3,
  Resurrected: 4,
} as const;
export type FateCode = (typeof Fate)[keyof typeof Fate];
export const fateNames = ['alive', 'freed by refcount', 'collected', 'uncollectable', 'resurrected'] as const;

/** What a user declares a __del__ does (its code is not in the dump). Default: nothing. */
export type FinalizerEffect = 'none' | 'resurrect' | 'drop-refs';

export interface SimulationOptions {
  /** Default: chosen from the dump's Python version. */
  rules?: RuleSetId;
  /** gc.DEBUG_SAVEALL: everything unreachable goes to gc.garbage, nothing is freed. */
  saveAll?: boolean;
  /** What-if edits to apply first (never mutates the graph). */
  overlay?: EditOverlay;
  /**
   * reachabilityBaseline(graph), computed once per graph: with it, an edit re-examines only the
   * objects downstream of what it removes instead of the whole heap (same result, much faster).
   */
  baseline?: import('./ReachabilityBaseline.js').ReachabilityBaseline;
  /** Step-by-step replay hook (tracer.ts); forces the full pass. */
  trace?: import('./tracer.js').CollectionTracer;
}

export interface SimulationResult {
  rules: RuleSetId;
  saveAll: boolean;
  /** Per node, a FateCode. */
  fates: Uint8Array;
  /** The value gc.collect() returns. */
  collect: number;
  /** len(gc.garbage) members, in the order CPython appends them. */
  garbage: Uint32Array;
  /** What DEBUG_COLLECTABLE prints: U1 = unreachable minus legacy-finalizer closure F. */
  collectable: Uint32Array;
  /** What DEBUG_UNCOLLECTABLE prints: F (the finalizer closure) that is still alive after clearing. */
  uncollectable: Uint32Array;
  /** Freed by reference counting before any collection (after edits). */
  freedByRefcount: Uint32Array;
  /** Freed by the collector, including the cascade into untracked / non-GC objects. */
  freedByCollector: Uint32Array;
  resurrected: Uint32Array;
  /** Weakref objects whose callbacks would run. */
  weakrefCallbacks: Uint32Array;
  /** Objects whose tp_finalize (__del__, generator close) would run (>= 3.4). */
  finalized: Uint32Array;
  /**
   * For uncollectable nodes: the legacy-finalizer object that pins it (-1 otherwise). Read-only:
   * results that pin nothing may share one all −1 array.
   */
  pinnedBy: Int32Array;
  /** Plain-language caveats, e.g. that user __del__ code is assumed to do nothing. */
  assumptions: string[];
}

export type SimulateFn = (graph: import('../model/HeapGraph.js').HeapGraph, options?: SimulationOptions) => SimulationResult;
export type { NodeOrdinal };
