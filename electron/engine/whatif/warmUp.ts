/**
 * Runs the what-if path once on a throw-away edit (remove a reference that frees nothing) so the
 * JavaScript engine has compiled it before the user's first edit. An edit runs its loops over
 * the garbage and what the edit touches only (tens of thousands of objects, not the heap), once
 * each: interpreted, the first edit would pay several times its steady cost.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import { simulate } from '../gc/simulate.js';
import type { ReachabilityBaseline } from '../gc/ReachabilityBaseline.js';
import type { RuleSetId, SimulationResult } from '../gc/types.js';
import type { Edit, EditOverlay } from './types.js';
import { computeDelta, describeEdit } from './describeDelta.js';

/** The throw-away simulation (undefined for a dump without references), for more warming by the caller. */
export function warmUpWhatIf(g: HeapGraph, rules: RuleSetId, saveAll: boolean, reach: ReachabilityBaseline, base: SimulationResult): SimulationResult | undefined {
  const e = harmlessEdge(g, reach);
  if (e < 0) return undefined;
  const removedEdges = new Uint32Array((g.edgeCount + 31) >>> 5);
  removedEdges[e >>> 5] = 1 << (e & 31);
  const overlay: EditOverlay = { removedEdges, droppedExternal: new Map(), effects: new Map() };
  const after = simulate(g, { rules, saveAll, overlay, baseline: reach });
  const edit: Edit = { kind: 'drop-ref', source: g.addresses[g.edgeSources[e]], target: g.addresses[g.edgeTargets[e]], edge: e };
  computeDelta(g, edit, describeEdit(g, edit), base, after);
  return after;
}

/**
 * A reference whose removal changes little: its target keeps its refcount above zero and its
 * first path from a root runs through another reference. Removing the dump's first reference
 * instead can cut a module from the heap and make the warm-up a whole-heap collection. -1 when
 * none is found among the first references looked at.
 */
function harmlessEdge(g: HeapGraph, reach: ReachabilityBaseline): number {
  const end = Math.min(g.edgeCount, 1 << 20);
  for (let e = 0; e < end; e++) {
    const t = g.edgeTargets[e];
    const p = reach.parentEdge[t];
    if (p >= 0 && p !== e && g.refcounts[t] >= 2 && g.edgeSources[p] !== g.edgeSources[e]) return e;
  }
  return -1;
}
