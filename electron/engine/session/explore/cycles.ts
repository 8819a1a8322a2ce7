/**
 * The cycles list: every strongly connected component (from SessionContext.cycles()), summarised
 * and sorted leaks first, then by retained bytes, largest first (analysis/leaksFirst.ts: the order
 * the CLI and the Overview use too). The sorted order is cached per CycleSet and
 * dominator tree. A cycle's retained bytes: the retained sizes of its members not dominated by
 * another member (each such member's retained size already includes the members it dominates),
 * never less than the members' own bytes (garbage hangs off no root, so the dominator tree may
 * not cover it).
 */
import type { CycleRow, CyclesPageRequest, CyclesPageResponse, FateName } from '../../../../shared/exploreApi.js';
import { Fate, fateNames } from '../../gc/types.js';
import type { SessionContext } from '../context.js';
import { clampPage, fateName } from './summary.js';
import { leakRank } from '../../analysis/leaksFirst.js';
import type { HeapGraph, NodeOrdinal } from '../../model/HeapGraph.js';

/** Worst first: what the user most needs to see about a cycle. */
const severity = [Fate.Alive, Fate.FreedByRefcount, Fate.Collected, Fate.Resurrected, Fate.Uncollectable];

interface CycleNumbers {
  dom: object;
  sim: object;
  order: Uint32Array;
  retained: Float64Array;
  /** Per cycle, the most severe member fate (a FateCode). */
  fates: Uint8Array;
}
const sortedCache = new WeakMap<object, CycleNumbers>();

function cycleNumbers(session: SessionContext): CycleNumbers {
  const cycles = session.cycles();
  const dom = session.dominators();
  const sim = session.simulation();
  const hit = sortedCache.get(cycles);
  if (hit && hit.dom === dom && hit.sim === sim) return hit;
  const g = session.graph;
  const retained = new Float64Array(cycles.count);
  const fates = new Uint8Array(cycles.count);
  for (let c = 0; c < cycles.count; c++) {
    let own = 0;
    let ret = 0;
    let worst = 0;
    for (let i = cycles.firstMember[c]; i < cycles.firstMember[c + 1]; i++) {
      const m = cycles.members[i];
      own += g.sizes[m];
      worst = Math.max(worst, severity.indexOf(sim.fates[m] as (typeof severity)[number]));
      // treeParent also covers garbage (the dominator forest of unreachable objects).
      const parent = dom.treeParent ? dom.treeParent[m] : dom.idom[m];
      if (parent < 0 || cycles.cycleOf[parent] !== c) ret += dom.retainedSizes[m] || 0;
    }
    retained[c] = Math.max(own, ret);
    fates[c] = severity[worst];
  }
  const order = new Uint32Array(cycles.count);
  for (let c = 0; c < cycles.count; c++) order[c] = c;
  order.sort((a, b) => leakRank(fates[a]) - leakRank(fates[b]) || retained[b] - retained[a] || a - b);
  const entry = { dom, sim, order, retained, fates };
  sortedCache.set(cycles, entry);
  return entry;
}

/** "2 × __main__.Worker, 1 × dict": the six most common types of a cycle's members. */
export function typeCountsText(typeCounts: Map<string, number>): string {
  return [...typeCounts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 6)
    .map(([t, n]) => `${n} × ${t}`)
    .join(', ');
}

/** typeCountsText of some objects. */
export function membersTypesText(g: HeapGraph, members: readonly NodeOrdinal[]): string {
  const typeCounts = new Map<string, number>();
  for (const m of members) {
    const type = g.strings.get(g.typeIds[m]);
    typeCounts.set(type, (typeCounts.get(type) ?? 0) + 1);
  }
  return typeCountsText(typeCounts);
}

export function cycleRow(session: SessionContext, c: number, retained?: number): CycleRow {
  const g = session.graph;
  const cycles = session.cycles();
  const fates = session.simulation().fates;
  const typeCounts = new Map<string, number>();
  let bytes = 0;
  let finalizers = 0;
  let worst = 0;
  const members: number[] = [];
  for (let i = cycles.firstMember[c]; i < cycles.firstMember[c + 1]; i++) {
    const m = cycles.members[i];
    bytes += g.sizes[m];
    if (g.finalizers[m] !== 0) finalizers++;
    const type = g.strings.get(g.typeIds[m]);
    typeCounts.set(type, (typeCounts.get(type) ?? 0) + 1);
    worst = Math.max(worst, severity.indexOf(fates[m] as (typeof severity)[number]));
    if (members.length < 50) members.push(g.addresses[m]);
  }
  const types = typeCountsText(typeCounts);
  return {
    index: c,
    size: cycles.firstMember[c + 1] - cycles.firstMember[c],
    bytes,
    retained: retained ?? cycleNumbers(session).retained[c],
    types,
    finalizers,
    fate: fateName(severity[worst]) as FateName,
    members,
  };
}

export function cyclesPage(session: SessionContext, req: CyclesPageRequest): CyclesPageResponse {
  const { start, count } = clampPage(req.start, req.count, 500);
  const numbers = cycleNumbers(session);
  const { retained } = numbers;
  const wanted = req.fate ? fateNames.indexOf(req.fate) : -1;
  const order = wanted >= 0 ? numbers.order.filter((c) => numbers.fates[c] === wanted) : numbers.order;
  const rows: CycleRow[] = [];
  for (let i = start; i < Math.min(order.length, start + count); i++) rows.push(cycleRow(session, order[i], retained[order[i]]));
  return { start, total: order.length, rows };
}
