/**
 * simulate(): what happens to every object when the what-if edits are applied and then one full
 * `gc.collect()` runs, under one CPython version's rules. GC-SEMANTICS.md §1 and §3 is the spec;
 * this function reads as its steps, each a call into a one-algorithm file:
 *
 *   phase 1  refcount cascade from the edits ........................ RefcountCascade.ts
 *   1–3      update_refs, subtract_refs, move_unreachable ............ collector.ts
 *            (or, given a baseline, only what the edits can change) . ReachabilityBaseline.ts
 *   4        move_legacy_finalizers + move_legacy_finalizer_reachable  collector.ts (spread)
 *   5        handle_weakrefs, weakref callbacks (also at refcount time)  weakCallbacks.ts
 *   6–7      finalize_garbage, handle_resurrected_objects / check_garbage  finalize.ts
 *   8        delete_garbage (tp_clear + cascade), DEBUG_SAVEALL ....... RefcountCascade.ts
 *   9        handle_legacy_finalizers (gc.garbage) ................... below
 *   10       the return value n + m per version ...................... below
 *   fates    untracked survivors and pinnedBy ........................ classify.ts
 *
 * The graph is never mutated: working refcounts, a per-node state code (where.ts) and a copy of
 * the removed-edge bitset hold everything. Given a baseline, those are its scratch arrays, kept
 * equal to the dump's counts and the baseline's codes between calls: a call logs what it changes
 * and puts just that back, and its fates are written only for the objects it touched (all others
 * stay alive), so an edit costs what it touches plus the garbage, not a pass over every object. Lists come out in node ordinal (dump) order: CPython
 * appends to gc.garbage in its internal gc list order, which a dump cannot record.
 */
import { type HeapGraph, Finalizer, NodeFlag } from '../model/HeapGraph.js';
import { Fate, type SimulationOptions, type SimulationResult } from './types.js';
import { clearsModuleGlobals, isLegacyFinalizer, rulesForVersion, untracksYoungTuplesFirst } from './rules.js';
import { RefcountCascade } from './RefcountCascade.js';
import { computeGcRefs, moveReachable, spread } from './collector.js';
import { checkResurrection, finalizeGarbage } from './finalize.js';
import { classifyOutside, computePinnedBy } from './classify.js';
import { Where, maskOf } from './where.js';
import { applyReachability } from './ReachabilityBaseline.js';
import { youngUntrackableTuples } from './untrackTuples.js';
import { interpreterAssumptions } from './interpreterBuild.js';
import { WeakrefCallbacks, callbackAssumptions } from './weakCallbacks.js';
import { recordNotAlive } from './notAlive.js';
import { type WorkingCounts, fillWorkingCounts, newWorkingCounts, workingCountOf } from './workingCounts.js';

export const assumptionTexts = {
  userDel: 'User __del__ code is not in the dump: assumed to resurrect nothing and drop nothing unless declared',
  garbageOrder:
    'gc.garbage is listed in dump order; CPython appends in its internal gc list order, which the dump does not record',
  generatorClose: "A generator's close() is assumed to release only its frame",
} as const;

/** Fate per Where code. */
const fateOfWhere = new Uint8Array([
  Fate.Alive, // Outside
  Fate.FreedByRefcount,
  Fate.Alive, // Reachable
  Fate.Collected, // Unreachable (never left at the end)
  Fate.Uncollectable, // Finalizers
  Fate.Collected,
  Fate.Resurrected,
  Fate.Resurrected, // ResurrectedOnDealloc
  Fate.Uncollectable, // Saved
  Fate.Alive, // Candidate (never left at the end)
  Fate.Resurrected, // HeldByResurrected
  Fate.Uncollectable, // HeldByGarbage
]);

function listWhere(where: Uint8Array, mask: number): Uint32Array {
  let count = 0;
  for (let x = 0; x < where.length; x++) if ((1 << where[x]) & mask) count++;
  const out = new Uint32Array(count);
  let i = 0;
  for (let x = 0; x < where.length; x++) if ((1 << where[x]) & mask) out[i++] = x;
  return out;
}

/** The listed nodes whose where code is in `mask`, in ordinal order. */
function sortedWhere(nodes: ArrayLike<number>, where: Uint8Array, mask: number): Uint32Array {
  // A large list is cheaper to recover by one scan than to sort.
  if (nodes.length > where.length >>> 4) return listWhere(where, mask);
  let count = 0;
  for (let i = 0; i < nodes.length; i++) if ((1 << where[nodes[i]]) & mask) count++;
  const out = new Uint32Array(count);
  let k = 0;
  for (let i = 0; i < nodes.length; i++) if ((1 << where[nodes[i]]) & mask) out[k++] = nodes[i];
  return out.sort();
}

/** The listed nodes with where === code, keeping their order. */
function filterWhere(nodes: Int32Array, where: Uint8Array, code: number): Int32Array {
  let count = 0;
  for (let i = 0; i < nodes.length; i++) if (where[nodes[i]] === code) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < nodes.length; i++) if (where[nodes[i]] === code) out[k++] = nodes[i];
  return out;
}

export function simulate(graph: HeapGraph, options: SimulationOptions = {}): SimulationResult {
  const g = graph;
  const rules = options.rules ?? rulesForVersion(g.header.python);
  const saveAll = options.saveAll ?? false;
  const overlay = options.overlay;
  const n = g.nodeCount;
  const flags = g.flags;
  const fins = g.finalizers;
  const assumptions: string[] = [];

  // With a baseline, steps 1–3 only re-examine what the edits touch. A finalizer declared to
  // resurrect on dealloc adds a root, which the decremental search cannot see: use the full pass.
  const declaresResurrection = overlay !== undefined && [...overlay.effects.values()].includes('resurrect');
  const trace = options.trace;
  // 3.14.0 – 3.14.4 take some young tuples out before collecting (untrackTuples.ts); the baseline does not know them.
  const untrackedFirst = untracksYoungTuplesFirst(rules) ? youngUntrackableTuples(g) : undefined;
  const usable = options.baseline && options.baseline.graph === g && !options.baseline.unreachableImmortal;
  const base = usable && !declaresResurrection && !untrackedFirst && !trace ? options.baseline : undefined;

  const words = (g.edgeCount + 31) >>> 5;
  const scratch = base?.scratch;
  const rc = scratch ? scratch.rc : newWorkingCounts(g, undefined, trace !== undefined);
  const where = scratch ? scratch.where : new Uint8Array(n);
  if (!scratch) fillWorkingCounts(g, rc);
  else {
    // Between calls the scratch holds the dump's counts and the baseline's codes (each call puts
    // back what it changed, below): no copy of every object per edit. A call that threw did not.
    if (!scratch.clean) {
      fillWorkingCounts(g, rc);
      where.set(base!.whereInit);
    }
    scratch.clean = false;
  }
  const removed = scratch ? scratch.removed : new Uint32Array(words);
  if (overlay && overlay.removedEdges.length === words) removed.set(overlay.removedEdges);
  else removed.fill(0);
  const cascade = new RefcountCascade(g, rc, where, removed, scratch);
  if (scratch) cascade.rcLog = [];
  // Deallocator side effects: weakref callbacks (weakCallbacks.ts), 2.7's module globals.
  const weak = new WeakrefCallbacks(g, cascade);
  if (!weak.empty) cascade.onDealloc = (node) => weak.onDealloc(node);
  cascade.clearModuleGlobals = clearsModuleGlobals(rules);
  const queue = scratch ? scratch.queue : new Int32Array(Math.max(1, n));
  let userCodeRuns = 0;

  // Phase 1 (§1): the edits lower refcounts; whatever reaches 0 is freed, and so on down.
  if (overlay) {
    cascade.freeable = maskOf(Where.Outside, Where.Reachable, Where.Unreachable);
    cascade.freedAs = Where.FreedByRefcount;
    if (overlay.effects.size > 0) {
      const res = new Uint8Array(n);
      for (const [x, effect] of overlay.effects) {
        // tp_dealloc calls the finalizer (every time on 2.7, at most once on >= 3.4).
        if (effect === 'resurrect' && fins[x] !== Finalizer.None && (rules === '2.7' || !(flags[x] & NodeFlag.Finalized))) res[x] = 1;
      }
      cascade.resurrectOnDealloc = res;
    }
    const targets = g.edgeTargets;
    for (let w = 0; w < words; w++) {
      let bits = removed[w];
      while (bits !== 0) {
        const low = bits & -bits;
        cascade.decref(targets[(w << 5) + (31 - Math.clz32(low))]);
        bits ^= low;
      }
    }
    for (const [x, k] of overlay.droppedExternal) cascade.decref(x, k);
    cascade.run();
    cascade.resurrectOnDealloc = null;
    for (let i = 0; i < cascade.logged; i++) if (fins[cascade.log[i]] !== Finalizer.None) userCodeRuns++;
  }
  const phase1Freed = cascade.logged;
  if (trace && overlay) trace.step('edits', { where, rc, gcRefs: null, removed });

  // Steps 1–3: young = tracked survivors; gc_refs = external references; reachable from a root = alive.
  let unreachable: Int32Array;
  if (base) {
    const lost = applyReachability(base, where, removed, overlay ? removed : undefined, overlay?.droppedExternal, cascade.log.subarray(0, phase1Freed));
    const kept = filterWhere(base.unreachable, where, Where.Unreachable);
    unreachable = new Int32Array(kept.length + lost.length);
    unreachable.set(kept);
    unreachable.set(lost, kept.length);
    if (lost.length > 0) unreachable.sort();
  } else {
    for (let x = 0; x < n; x++) if (where[x] === Where.Outside && flags[x] & NodeFlag.Tracked && !untrackedFirst?.[x]) where[x] = Where.Unreachable;
    const gcRefs = new Float64Array(n);
    trace?.step('update_refs', { where, rc, gcRefs: rc, removed });
    computeGcRefs(g, rc, where, Where.Unreachable, removed, gcRefs);
    trace?.step('subtract_refs', { where, rc, gcRefs, removed });
    moveReachable(g, where, Where.Unreachable, Where.Reachable, removed, gcRefs, queue);
    trace?.step('move_unreachable', { where, rc, gcRefs, removed });
    unreachable = Int32Array.from(listWhere(where, maskOf(Where.Unreachable)));
  }

  // Step 4: legacy finalizers and everything of U they reach form F; U1 = U − F.
  let legacy = 0;
  for (let i = 0; i < unreachable.length; i++) {
    const x = unreachable[i];
    if (isLegacyFinalizer(rules, fins[x])) {
      where[x] = Where.Finalizers;
      queue[legacy++] = x;
    }
  }
  trace?.step('move_legacy_finalizers', { where, rc, gcRefs: null, removed, acted: queue.subarray(0, legacy) });
  const finalizers = queue.slice(0, spread(g, where, Where.Unreachable, Where.Finalizers, removed, queue, legacy)).sort();
  trace?.step('move_legacy_finalizer_reachable', { where, rc, gcRefs: null, removed });
  const u1 = filterWhere(unreachable, where, Where.Unreachable);
  const collectable = Uint32Array.from(u1);

  // Step 5 (handle_weakrefs): weakrefs to U1 are cleared; a callback runs when the weakref object
  // itself is not garbage (weakrefs in U1 are cleared first; F keeps its weakrefs). The weakrefs
  // freed once their callback ran are counted (callbacks at refcount time ran in the cascade).
  const weakFreed = weak.empty ? 0 : weak.handleWeakrefs();
  trace?.step('handle_weakrefs', { where, rc, gcRefs: null, removed, acted: weak.ran });

  // Steps 6–7: finalizers (>= 3.4), then what they resurrected.
  const fin = finalizeGarbage(g, rules, where, cascade, overlay?.effects, u1);
  trace?.step('finalize_garbage', { where, rc, gcRefs: null, removed, acted: fin.finalized });
  userCodeRuns += fin.undeclaredUserCode;
  const u1AfterFinalizers = fin.finalized.length > 0 ? filterWhere(u1, where, Where.Unreachable).length : u1.length;
  const resurrectedCount = checkResurrection(g, rules, where, rc, removed, fin.anyResurrectEffect, u1, queue);
  const finalSet = filterWhere(u1, where, Where.Unreachable);
  trace?.step('resurrection', { where, rc, gcRefs: null, removed });

  // Step 8: clear the final set (its cascade reaches untracked objects and F), or save it all.
  if (saveAll) {
    for (const x of finalSet) where[x] = Where.Saved;
  } else {
    cascade.freeable = maskOf(Where.Outside, Where.Reachable, Where.Finalizers);
    cascade.freedAs = Where.FreedByCollector;
    for (const x of finalSet) cascade.release(x);
    cascade.run();
  }
  trace?.step('delete_garbage', { where, rc, gcRefs: null, removed, acted: finalSet });

  // Step 9: F still alive is uncollectable; gc.garbage gets those with their own legacy finalizer.
  const uncollectable = Uint32Array.from(filterWhere(finalizers, where, Where.Finalizers));
  let garbage: Uint32Array;
  if (saveAll) {
    garbage = new Uint32Array(finalSet.length + uncollectable.length);
    garbage.set(finalSet);
    garbage.set(uncollectable, finalSet.length);
  } else {
    garbage = uncollectable.filter((x) => isLegacyFinalizer(rules, fins[x]));
  }

  trace?.step('handle_legacy_finalizers', { where, rc, gcRefs: null, removed, acted: garbage });

  // Step 10: n + m, m per version.
  let m: number;
  if (rules === '2.7' || rules === '3.4') m = u1.length;
  else if (rules === '3.7.5') m = resurrectedCount > 0 ? 0 : u1AfterFinalizers;
  else m = finalSet.length;
  const collect = uncollectable.length + m + weakFreed;

  const resurrectedMask = maskOf(Where.Resurrected, Where.ResurrectedOnDealloc);
  const resurrected = sortedWhere([...filterWhere(u1, where, Where.Resurrected), ...cascade.resurrected], where, resurrectedMask);
  const leaked = saveAll ? [...uncollectable, ...finalSet] : uncollectable;
  const candidates = classifyOutside(g, where, rc, removed, queue, resurrected, leaked);
  const pinnedBy = computePinnedBy(g, rules, where, removed, queue, uncollectable, scratch?.noPins);
  const freedByRefcount = sortedWhere(cascade.log.subarray(0, phase1Freed), where, maskOf(Where.FreedByRefcount));
  const freedByCollector = sortedWhere(cascade.log.subarray(phase1Freed, cascade.logged), where, maskOf(Where.FreedByCollector));
  // Last reader of `where` and `rc` above: the scratch is put back below.
  let fates: Uint8Array;
  let notAlive: Int32Array | undefined;
  if (scratch) {
    // Only these objects' codes can differ from the baseline's start (Reachable, Outside: alive;
    // Unreachable: every such object is in `unreachable`), so the rest of the fates stay 0, alive.
    const touched = [cascade.log.subarray(0, cascade.logged), Int32Array.from(cascade.resurrected), unreachable, candidates];
    ({ fates, notAlive } = touchedFates(n, touched, where));
    restoreScratch(g, touched, where, base!.whereInit, Int32Array.from(cascade.rcLog!), rc);
    scratch.clean = true;
  } else {
    fates = new Uint8Array(n);
    for (let x = 0; x < n; x++) fates[x] = fateOfWhere[where[x]];
  }

  if (userCodeRuns > 0) assumptions.unshift(assumptionTexts.userDel);
  if (garbage.length > 1) assumptions.push(assumptionTexts.garbageOrder);
  if (fin.closedGenerators > 0) assumptions.push(assumptionTexts.generatorClose);
  assumptions.push(...interpreterAssumptions(g.header));
  assumptions.push(...callbackAssumptions(g, weak));

  const result: SimulationResult = {
    rules,
    saveAll,
    fates,
    collect,
    garbage,
    collectable,
    uncollectable,
    freedByRefcount,
    freedByCollector,
    resurrected,
    weakrefCallbacks: Uint32Array.from(weak.ran).sort(),
    finalized: Uint32Array.from(fin.finalized),
    pinnedBy,
    assumptions,
  };
  if (notAlive) recordNotAlive(result, notAlive);
  return result;
}

/**
 * Fates when only the `touched` objects can be anything but alive, and those not alive, ascending.
 * Small functions of their own: V8 optimizes their loops quickly, unlike simulate()'s, which runs
 * once per edit.
 */
function touchedFates(n: number, touched: Int32Array[], where: Uint8Array): { fates: Uint8Array; notAlive: Int32Array } {
  const fates = new Uint8Array(n);
  let count = 0;
  for (const list of touched) {
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      const f = fateOfWhere[where[x]];
      fates[x] = f;
      if (f !== Fate.Alive) count++;
    }
  }
  const notAlive = new Int32Array(count);
  let k = 0;
  for (const list of touched) {
    for (let i = 0; i < list.length; i++) if (fates[list[i]] !== Fate.Alive) notAlive[k++] = list[i];
  }
  return { fates, notAlive: uniqueSorted(notAlive.sort()) };
}

/** Puts the scratch back as the next call expects it: the baseline's codes, the dump's counts. */
function restoreScratch(g: HeapGraph, touched: Int32Array[], where: Uint8Array, whereInit: Uint8Array, rcLog: Int32Array, rc: WorkingCounts): void {
  for (const list of touched) for (let i = 0; i < list.length; i++) where[list[i]] = whereInit[list[i]];
  for (let i = 0; i < rcLog.length; i++) rc[rcLog[i]] = workingCountOf(g, rc, rcLog[i]);
}

/** `sorted` without repeats (a prefix view of it). */
function uniqueSorted(sorted: Int32Array): Int32Array {
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[k++] = sorted[i];
  return sorted.subarray(0, k);
}
