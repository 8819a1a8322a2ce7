/**
 * Steps 6 and 7 of a collection on CPython ≥ 3.4 (GC-SEMANTICS.md §3): finalize_garbage calls
 * tp_finalize once on every object of U1 that has one and has not been finalized before, then
 * the resurrection check decides what survives — handle_resurrected_objects on ≥ 3.9 (only what a
 * resurrected object reaches survives), check_garbage + revive_garbage on 3.4 – 3.8 (anything
 * resurrected revives the whole batch).
 *
 * User __del__ code is not in the dump, so a finalizer does what the user declared
 * (EditOverlay.effects): 'resurrect' stores a new outside reference to the object, 'drop-refs'
 * clears its references. A generator's tp_finalize is close(), which finishes its frame
 * (_PyGen_Finalize → gen_close). Up to 3.10 the frame is an object: close() drops the edge
 * labelled gi_frame / cr_frame / ag_frame (or to a `frame`). From 3.11 the frame lives inside the
 * generator and finishing it clears it (_PyFrame_Clear): every reference except gi_code and the
 * names goes. Dropped references go through the refcount cascade at once, so objects freed during
 * finalization leave U1.
 *
 * Never-started generators and coroutines (the dump's `gen` records, state "created"):
 * _PyGen_Finalize only warns for a coroutine that was never awaited (every version with
 * coroutines) and does not close it; and on 3.12 – 3.14 gen_close returns at once for a generator
 * in FRAME_CREATED, so its frame keeps its locals (up to 3.11 close() throws GeneratorExit into the
 * fresh frame, which finishes and drops them; 3.15 clears the frame).
 */
import { type HeapGraph, Finalizer, NodeFlag } from '../model/HeapGraph.js';
import type { FinalizerEffect, RuleSetId } from './types.js';
import { closeLeavesCreatedFrame, resurrectsPartially, runsFinalizerInCollection } from './rules.js';
import type { RefcountCascade } from './RefcountCascade.js';
import { computeGcRefsOf, spread } from './collector.js';
import { Where, maskOf } from './where.js';
import type { WorkingCounts } from './workingCounts.js';

const frameLabels = new Set(['gi_frame', 'cr_frame', 'ag_frame']);
const generatorTypes = new Set(['generator', 'coroutine', 'async_generator']);
/** What a 3.11+ generator keeps after its embedded frame is cleared. */
const keptByFinishedGenerator = new Set(['gi_code', 'cr_code', 'ag_code', '__name__', '__qualname__']);

/** The out-edges close() releases: the frame edge (≤ 3.10), else the embedded frame's contents. */
function closeEdges(g: HeapGraph, x: number): number[] {
  if (g.createdGenerators?.has(x)) {
    if (g.strings.get(g.typeIds[x]) === 'coroutine' || closeLeavesCreatedFrame(g.header.python)) return [];
  }
  const frameEdges: number[] = [];
  const first = g.firstOutEdge[x];
  const end = g.firstOutEdge[x + 1];
  for (let e = first; e < end; e++) {
    if (frameLabels.has(g.strings.get(g.edgeLabels[e])) || g.strings.get(g.typeIds[g.edgeTargets[e]]) === 'frame') frameEdges.push(e);
  }
  if (frameEdges.length > 0 || !generatorTypes.has(g.strings.get(g.typeIds[x]))) return frameEdges;
  const cleared: number[] = [];
  for (let e = first; e < end; e++) if (!keptByFinishedGenerator.has(g.strings.get(g.edgeLabels[e]))) cleared.push(e);
  return cleared;
}

export interface FinalizeOutcome {
  /** Objects whose tp_finalize ran, in ordinal order. */
  finalized: number[];
  /** Finalized objects with no declared effect and user-level code (__del__). */
  undeclaredUserCode: number;
  /** Generators/coroutines whose close() dropped a frame. */
  closedGenerators: number;
  /** True when some finalizer stored a new reference (a resurrection is possible). */
  anyResurrectEffect: boolean;
}

/**
 * Runs the finalizers of U1 (the listed nodes still Unreachable, in ordinal order). Postcondition: effects applied, the cascade
 * has run; objects it freed are marked FreedByCollector.
 */
export function finalizeGarbage(
  g: HeapGraph,
  rules: RuleSetId,
  where: Uint8Array,
  cascade: RefcountCascade,
  effects: ReadonlyMap<number, FinalizerEffect> | undefined,
  unreachable: Int32Array,
): FinalizeOutcome {
  const out: FinalizeOutcome = { finalized: [], undeclaredUserCode: 0, closedGenerators: 0, anyResurrectEffect: false };
  if (rules === '2.7') return out;
  const fins = g.finalizers;
  const flags = g.flags;
  for (let i = 0; i < unreachable.length; i++) {
    const x = unreachable[i];
    if (where[x] !== Where.Unreachable || !runsFinalizerInCollection(rules, fins[x])) continue;
    // An object is finalized at most once in its life (PEP 442's _PyGC_FINALIZED bit).
    if (flags[x] & NodeFlag.Finalized) continue;
    out.finalized.push(x);
  }
  cascade.freeable = maskOf(Where.Outside, Where.Reachable, Where.Unreachable, Where.Finalizers);
  cascade.freedAs = Where.FreedByCollector;
  const first = g.firstOutEdge;
  for (const x of out.finalized) {
    const effect = effects?.get(x) ?? 'none';
    if (effect === 'none' && fins[x] === Finalizer.Del) out.undeclaredUserCode++;
    if (fins[x] === Finalizer.TpFinalize || fins[x] === Finalizer.Gen) {
      const edges = closeEdges(g, x);
      for (const e of edges) cascade.dropEdge(e);
      if (edges.length > 0) out.closedGenerators++;
    }
    if (effect === 'resurrect') {
      cascade.incref(x);
      out.anyResurrectEffect = true;
    } else if (effect === 'drop-refs') {
      for (let e = first[x]; e < first[x + 1]; e++) cascade.dropEdge(e);
    }
  }
  cascade.run();
  return out;
}

/**
 * The resurrection check over what is left of U1. Moves survivors to Resurrected; what stays
 * Unreachable is final. Returns the number resurrected.
 *
 * Only a stored reference can give a U1 object an outside reference: before finalizers every
 * member had gc_refs 0 (U1 has no referrers outside U1), and a dropped reference lowers refcount
 * and internal count together. So without a 'resurrect' effect the check is skipped.
 */
export function checkResurrection(
  g: HeapGraph,
  rules: RuleSetId,
  where: Uint8Array,
  rc: WorkingCounts,
  removed: Uint32Array,
  anyResurrectEffect: boolean,
  unreachable: Int32Array,
  queue: Int32Array,
): number {
  if (rules === '2.7' || !anyResurrectEffect) return 0;
  const gcRefs = new Float64Array(g.nodeCount);
  computeGcRefsOf(g, rc, where, Where.Unreachable, removed, gcRefs, unreachable);
  let seeds = 0;
  for (let i = 0; i < unreachable.length; i++) {
    const x = unreachable[i];
    if (where[x] === Where.Unreachable && gcRefs[x] > 0) queue[seeds++] = x;
  }
  if (seeds === 0) return 0;
  if (resurrectsPartially(rules)) {
    // handle_resurrected_objects: keep only what an outside reference reaches.
    for (let i = 0; i < seeds; i++) where[queue[i]] = Where.Resurrected;
    return spread(g, where, Where.Unreachable, Where.Resurrected, removed, queue, seeds);
  }
  // check_garbage: any outside reference revives the whole batch (revive_garbage).
  let count = 0;
  for (let i = 0; i < unreachable.length; i++) {
    const x = unreachable[i];
    if (where[x] === Where.Unreachable) {
      where[x] = Where.Resurrected;
      count++;
    }
  }
  return count;
}
