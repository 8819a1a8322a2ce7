/**
 * "Which references must I break?" for the selected object. Alive: the smallest set of references
 * from the roots (analysis/minimumCut.ts: Edmonds–Karp on its ancestors; outside holds become
 * `drop-external` releases), and the same for the containers that hold it (its immediate
 * dominators: a list of records, a cache dict), since a leak is usually fixed at the container —
 * one cut that frees the object and its siblings. Uncollectable (a leak in a cycle): each single
 * reference inside its cycle. Every suggestion is checked by simulating it on top of the current
 * edits and shown only if the object is then freed. Suggestions are ranked by what Python code can
 * do (set or delete an attribute, delete an item, `del` a name; last what no code can: an
 * instance's `__dict__`, `__class__`, an unlabelled reference), then by how much they free.
 */
import type { CutSuggestion } from '../../../../shared/exploreApi.js';
import { minimumCut } from '../../analysis/minimumCut.js';
import { liveMaskOf } from '../../gc/explain.js';
import { simulate } from '../../gc/simulate.js';
import { Fate } from '../../gc/types.js';
import { isTraversedEdge, NodeFlag, type HeapGraph, type NodeOrdinal } from '../../model/HeapGraph.js';
import { buildOverlay } from '../../whatif/overlay.js';
import { bytesText, describeEdit, ownerOfDict, shortName } from '../../whatif/describeDelta.js';
import { isEdgeRemoved, type Edit } from '../../whatif/types.js';
import type { SessionContext } from '../context.js';
import { fateName, nodeOf } from './summary.js';

const freed = (f: number): boolean => f === Fate.FreedByRefcount || f === Fate.Collected;

type Action = NonNullable<CutSuggestion['action']>;
const actionRank: Record<Action, number> = { attribute: 0, item: 1, name: 2, internal: 3 };

/**
 * Links no Python statement can remove: an instance's `__dict__` and `__class__`, a type's MRO and
 * bases, a frame's or function's interpreter links (the dumper's labels for them, FORMAT.md).
 */
const interpreterLinks = new Set([
  '__dict__', '__class__', '__mro__', '__bases__', '__base__', 'f_back', 'f_code', 'f_builtins', 'f_globals', 'f_locals', 'func_globals', '__globals__',
  'func_code', '__code__', 'func_closure', '__closure__', '__self__', '__func__', 'im_self', 'im_func', 'im_class', 'gi_frame', 'gi_code', 'cr_frame', 'ob_type',
]);

/** What code does to remove this reference: labels as the dumper writes them (FORMAT.md). */
export function edgeAction(g: HeapGraph, edge: number): Action {
  const label = g.strings.get(g.edgeLabels[edge]);
  if (/^\.[A-Za-z_]\w*$/.test(label)) return 'attribute';
  // Other named slots (`__doc__`, `cell_contents`, `__wrapped__`) are attributes code can set.
  if (/^[A-Za-z_]\w*$/.test(label)) return interpreterLinks.has(label) ? 'internal' : 'attribute';
  if (/^\[(['"]).*\1\]$/.test(label)) {
    // A key of an instance's __dict__ is an attribute to the code (obj.key = None).
    const src = g.edgeSources[edge];
    for (let k = g.firstInEdge[src]; k < g.firstInEdge[src + 1]; k++) if (g.strings.get(g.edgeLabels[g.inEdges[k]]) === '__dict__') return 'attribute';
    return 'item';
  }
  if (/^\[.*\]$|^<.*>$/.test(label)) return 'item';
  return 'internal';
}

/** Containers worth cutting at: what holds many similar objects. */
const containerTypes = new Set(['list', 'dict', 'set', 'frozenset', 'collections.deque', 'deque', 'collections.OrderedDict', 'collections.defaultdict', 'tuple']);

interface Checked extends CutSuggestion {
  rank: number;
}

/** Simulates `extra` on top of the session's edits; the suggestion, or undefined when it does not free the target. */
function check(session: SessionContext, target: NodeOrdinal, edges: number[], releases: { node: NodeOrdinal; count: number }[], retainer?: NodeOrdinal): Checked | undefined {
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
  const actions: Action[] = [...edges.map((e) => edgeAction(g, e)), ...releases.map((): Action => 'name')];
  const action = actions.reduce((worst, a) => (actionRank[a] > actionRank[worst] ? a : worst), 'attribute' as Action);
  const how = after.fates[target] === Fate.FreedByRefcount ? 'by reference counting' : 'by gc.collect()';
  const what = extra.map((e, i) => (i === 0 ? describeEdit(g, e) : describeEdit(g, e).replace(/^[A-Z]/, (c) => c.toLowerCase()))).join(', then ');
  const holder = retainer !== undefined ? `the ${g.strings.get(g.typeIds[retainer])} ${shortName(g, retainer)}` : undefined;
  // Name the retainer once: "Breaking recent.records (the list that holds it) frees …".
  const held = retainer === undefined ? '' : what.includes(shortName(g, retainer)) ? ` (the ${g.strings.get(g.typeIds[retainer])} that holds it)` : ` (${holder} holds it)`;
  const caveat = action === 'internal' ? ' (no Python code can remove this reference)' : '';
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
    summary: `${what}${held} frees ${objects} object${objects === 1 ? '' : 's'} (${bytesText(bytes)}) ${how}${caveat}`,
    action,
    retainer: holder,
    freedObjects: objects,
    rank: actionRank[action] * 4 + Math.min(3, edges.length + releases.length - 1),
  };
}

/** The immediate dominators of `node` that are containers, nearest first (at most `max`). */
function holdingContainers(session: SessionContext, node: NodeOrdinal, max: number): NodeOrdinal[] {
  const g = session.graph;
  const { idom } = session.dominators();
  const out: NodeOrdinal[] = [];
  let n = node;
  for (let hops = 0; hops < 4 && out.length < max; hops++) {
    const p = idom[n];
    if (p === undefined || p < 0 || p === n || (g.flags[p] & NodeFlag.IsType) !== 0) break;
    const type = g.strings.get(g.typeIds[p]);
    // A module, or a root nothing in the dump refers to (a namespace held by C code): too far up.
    if (type === 'module' || g.firstInEdge[p + 1] === g.firstInEdge[p]) break;
    // An instance's __dict__ is the instance's business, not a container the code manages.
    if (containerTypes.has(type) && !(type === 'dict' && ownerOfDict(g, p) >= 0)) out.push(p);
    n = p;
  }
  return out;
}

function ranked(list: Checked[], max: number): CutSuggestion[] {
  return list
    .sort((a, b) => a.rank - b.rank || (b.freedObjects ?? 0) - (a.freedObjects ?? 0))
    .slice(0, max)
    .map(({ rank: _rank, ...s }) => s);
}

export function suggestCuts(session: SessionContext, req: { address: number; max?: number }): { suggestions: CutSuggestion[]; reason?: string } {
  const target = nodeOf(session, req.address);
  const max = Math.min(20, Math.max(1, req.max ?? 5));
  const sim = session.simulation();
  const fate = sim.fates[target];
  if (freed(fate)) return { suggestions: [], reason: 'It is already freed: nothing to break.' };

  if (fate === Fate.Alive) {
    const cutOf = (node: NodeOrdinal) => minimumCut(session.graph, node, { overlay: session.overlay(), liveMask: liveMaskOf(sim) });
    const cut = cutOf(target);
    const found: Checked[] = [];
    if (cut.status === 'ok') {
      const s = check(session, target, cut.edges, cut.externalReleases);
      if (s) found.push(s);
    }
    for (const holder of holdingContainers(session, target, 2)) {
      const c = cutOf(holder);
      if (c.status !== 'ok' || c.size > 3) continue;
      const s = check(session, target, c.edges, c.externalReleases, holder);
      if (s && !found.some((f) => f.summary === s.summary)) found.push(s);
    }
    if (found.length) return { suggestions: ranked(found, max) };
    if (cut.status !== 'ok') {
      const why = {
        'not-retained': 'Nothing in the dump holds it.',
        immortal: 'An immortal object holds it: it can never be freed.',
        'too-large': 'More than 32 references would have to go: no useful cut.',
        budget: `It has too many ancestors (${cut.ancestors}) to search.`,
      }[cut.status];
      return { suggestions: [], reason: why };
    }
    return { suggestions: [], reason: `Breaking the ${cut.size} references of the minimum cut does not free it (a finalizer keeps it): no suggestion.` };
  }

  // Unreachable but not freed (a legacy finalizer in its cycle): try each reference of the cycle.
  const cycles = session.cycles();
  const c = cycles.cycleOf[target];
  if (c < 0) return { suggestions: [], reason: 'It is not in a cycle; it is held by uncollectable garbage (see "Pinned by").' };
  const g = session.graph;
  const overlay = session.overlay();
  const inCycle = (n: number): boolean => cycles.cycleOf[n] === c;
  const found: Checked[] = [];
  let tried = 0;
  // Each try is a full simulation: a bounded number, enough for the references of a leaked cycle.
  for (let i = cycles.firstMember[c]; i < cycles.firstMember[c + 1] && tried < 24; i++) {
    const m = cycles.members[i];
    for (let e = g.firstOutEdge[m]; e < g.firstOutEdge[m + 1] && tried < 24; e++) {
      if (isEdgeRemoved(overlay, e) || !inCycle(g.edgeTargets[e])) continue;
      tried++;
      const s = check(session, target, [e], []);
      if (s) found.push(s);
    }
  }
  return found.length ? { suggestions: ranked(found, max) } : { suggestions: [], reason: 'No single reference in its cycle frees it.' };
}
