/**
 * The replay method (engine/gc/replay/): one simulated gc.collect() step by step for a few
 * objects and their cycles, under the session's edits. Merged into ExploreMethods.
 */
import type { GraphEdgeDto, SessionRequest } from './exploreApi.js';

/** The CPython list an object is in after a step; `untracked`: in none (not a tracked GC object). */
export type ReplayListName = 'young' | 'reachable' | 'unreachable' | 'legacy_finalizers' | 'garbage' | 'freed' | 'resurrected' | 'untracked';

export interface ReplayRequest extends SessionRequest {
  /** The objects to replay; every member of their cycles is added. */
  addresses: number[];
  /** A rule-set id to replay under instead of the session's (side-by-side comparisons). */
  rules?: string;
  /** Cap on the replayed objects (default 200, at most 500). */
  limit?: number;
}

export interface ReplayObjectDto {
  address: number;
  gcRefs: number | null;
  list: ReplayListName;
  /** move_unreachable: the reachable referrer that moved it back. */
  pulledBackBy?: number;
}

export interface ReplayStepDto {
  /** The version's own collector function (update_refs, move_finalizers, handle_resurrected_objects…). */
  phase: string;
  /** The version-neutral stage it stands for (update_refs, move_legacy_finalizers, resurrection…), to line up two versions. */
  stage: string;
  text: string;
  objects: ReplayObjectDto[];
  /** References between replayed objects this step walked, subtracted, cleared or dropped. */
  edges: GraphEdgeDto[];
  /** Objects the step acted on (finalized, sent to gc.garbage…). */
  acted: number[];
}

export interface ReplayResponse {
  rules: string;
  rulesLabel: string;
  /** Replayed objects, ascending address order of the dump. */
  objects: number[];
  /** Their cycles held more objects than the limit. */
  truncated: boolean;
  steps: ReplayStepDto[];
}
