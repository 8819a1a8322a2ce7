/**
 * "Which references must I break?" for the selected object. Alive: the smallest set of references
 * from the roots (analysis/minimumCut.ts: Edmonds–Karp on its ancestors; outside holds become
 * `drop-external` releases). Uncollectable (a leak in a cycle): each single reference inside its
 * cycle, as candidates. Every suggestion is checked by simulating it on top of the current edits
 * and shown only if the object is then freed; the summary says how.
 */
import type { CutSuggestion } from '../../../../shared/exploreApi.js';
import { minimumCut } from '../../analysis/minimumCut.js';
import { liveMaskOf } from '../../gc/explain.js';
import { simulate } from '../../gc/simulate.js';
import { Fate } from '../../gc/types.js';
import { isTraversedEdge, type NodeOrdinal } from '../../model/HeapGraph.js';
import { buildOverlay } from '../../whatif/overlay.js';
import { describeEdit } from '../../whatif/describeDelta.js';
import { isEdgeRemoved, type Edit } from '../../whatif/types.js';
import type { SessionContext } from '../context.js';
import { fateName, nodeOf } from './summary.js';

const freed = (f: number): boolean => f === Fate.FreedByRefcount || f === Fate.Collected;

/** Simulates `extra` on top of the session's edits; the suggestion, or undefined when it does not free the target. */
function check(session: SessionContext, target: NodeOrdinal, edges: number[], releases: { node: NodeOrdinal; count: number }[]): CutSuggestion | undefined {
  const g = session.graph;
  const extra: Edit[] = [
    ...edges.map((e): Edit => ({ kind: 'drop-ref', source: g.addresses[g.edgeSources[e]], target: g.addresses[g.edgeTargets[e]], edge: e })),
    ...releases.map((r): Edit => ({ kind: 'drop-external', address: g.addresses[r.node], count: r.count })),
  ];
  const current = (session.whatIf?.steps() ?? []).map((s) => s.edit);
  let after;
  try {
    after = simulate(g, { rules: session.rules, saveAll: session.saveAll, overlay: buildOverlay(g, [...current, ...extra]) });
  } catch {
    return undefined;
  }
  if (!freed(after.fates[target])) return undefined;
  const before = session.simulation();
  let objects = 0;
  let bytes = 0;
  for (let i = 0; i < after.fates.length; i++) {
    if (freed(after.fates[i]) && !freed(before.fates[i])) {
      objects++;
      bytes += g.sizes[i];
    }
  }
  const how = after.fates[target] === Fate.FreedByRefcount ? 'by reference counting' : 'by gc.collect()';
  const what = extra.map((e) => describeEdit(g, e)).join(', then ');
  return {
    edges: edges.map((e) => ({
      edge: e,
      source: g.addresses[g.edgeSources[e]],
      target: g.addresses[g.edgeTargets[e]],
      label: g.strings.get(g.edgeLabels[e]),
      traversed: isTraversedEdge(g, e),
    })),
    releases: releases.map((r) => ({ address: g.addresses[r.node], count: r.count })),
    fateAfter: fateName(after.fates[target]),
    summary: `${what}: frees ${objects} object${objects === 1 ? '' : 's'} (${bytes} bytes) ${how}`,
  };
}

export function suggestCuts(session: SessionContext, req: { address: number; max?: number }): { suggestions: CutSuggestion[]; reason?: string } {
  const target = nodeOf(session, req.address);
  const max = Math.min(20, Math.max(1, req.max ?? 5));
  const sim = session.simulation();
  const fate = sim.fates[target];
  if (freed(fate)) return { suggestions: [], reason: 'It is already freed: nothing to break.' };

  if (fate === Fate.Alive) {
    const cut = minimumCut(session.graph, target, { overlay: session.overlay(), liveMask: liveMaskOf(sim) });
    if (cut.status !== 'ok') {
      const why = {
        'not-retained': 'Nothing in the dump holds it.',
        immortal: 'An immortal object holds it: it can never be freed.',
        'too-large': 'More than 32 references would have to go: no useful cut.',
        budget: `It has too many ancestors (${cut.ancestors}) to search.`,
      }[cut.status];
      return { suggestions: [], reason: why };
    }
    const s = check(session, target, cut.edges, cut.externalReleases);
    return s ? { suggestions: [s] } : { suggestions: [], reason: `Breaking the ${cut.size} references of the minimum cut does not free it (a finalizer keeps it): no suggestion.` };
  }

  // Unreachable but not freed (a legacy finalizer in its cycle): try each reference of the cycle.
  const cycles = session.cycles();
  const c = cycles.cycleOf[target];
  if (c < 0) return { suggestions: [], reason: 'It is not in a cycle; it is held by uncollectable garbage (see "Pinned by").' };
  const g = session.graph;
  const overlay = session.overlay();
  const inCycle = (n: number): boolean => cycles.cycleOf[n] === c;
  const suggestions: CutSuggestion[] = [];
  let tried = 0;
  for (let i = cycles.firstMember[c]; i < cycles.firstMember[c + 1] && suggestions.length < max && tried < 64; i++) {
    const m = cycles.members[i];
    for (let e = g.firstOutEdge[m]; e < g.firstOutEdge[m + 1] && suggestions.length < max; e++) {
      if (isEdgeRemoved(overlay, e) || !inCycle(g.edgeTargets[e])) continue;
      tried++;
      const s = check(session, target, [e], []);
      if (s) suggestions.push(s);
    }
  }
  return suggestions.length ? { suggestions } : { suggestions: [], reason: 'No single reference in its cycle frees it.' };
}
