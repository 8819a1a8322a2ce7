/**
 * The Overview DTO: the verdict in the article's terms, counts and bytes by fate, top types by
 * count and by retained bytes, the largest cycles and the objects pinning uncollectable garbage.
 * One pass over the nodes for the per-fate and per-type tables; cycles and pins are capped.
 *
 * Retained bytes of a type: the retained sizes of its objects that have no dominator-tree ancestor
 * of the same type, so nested objects of one type (a linked list of Nodes, a dict under a dict)
 * are counted once — what freeing every object of that type would free (Eclipse MAT's
 * "retained heap" of a class).
 */
import { fateOrder, type ObjectRef, type Overview, type OverviewCycle, type PinRow, type TypeRow } from '../../../shared/api.js';
import { finalizerNames, type HeapGraph, isTracked, type NodeOrdinal } from '../model/HeapGraph.js';
import { Fate } from '../gc/types.js';
import { cycleSummaries } from '../analysis/cycleSummaries.js';
import { leakRank, worstFate } from '../analysis/leaksFirst.js';
import type { RetainedSizes } from '../analysis/types.js';
import type { EngineSession } from './EngineSession.js';
import { suspectsSummary } from './explore/suspects.js';

export function objectRef(g: HeapGraph, fates: Uint8Array, node: NodeOrdinal): ObjectRef {
  return {
    address: g.addresses[node],
    type: g.strings.get(g.typeIds[node]),
    repr: g.strings.get(g.reprIds[node]),
    size: g.sizes[node],
    fate: fateOrder[fates[node]] ?? 'alive',
  };
}

const count = (n: number): string => n.toLocaleString('en-US');

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "gc.collect() would find 4 unreachable objects; gc.garbage would hold 2". */
export function verdictSentence(collect: number, garbage: number): string {
  return `gc.collect() would find ${plural(collect, 'unreachable object')}; gc.garbage would hold ${count(garbage)}`;
}

export function buildOverview(session: EngineSession, limit: number): Overview {
  const g = session.graph;
  const sim = session.simulation();
  const dom = session.dominators();
  const fates = sim.fates;
  const parent = dom.treeParent ?? dom.idom;

  const fateCount = new Float64Array(fateOrder.length);
  const fateBytes = new Float64Array(fateOrder.length);
  const typeSlots = g.strings.size;
  const typeCount = new Float64Array(typeSlots);
  const typeBytes = new Float64Array(typeSlots);
  let bytes = 0;
  let tracked = 0;
  for (let n = 0; n < g.nodeCount; n++) {
    const size = g.sizes[n];
    const f = fates[n];
    const t = g.typeIds[n];
    bytes += size;
    if (isTracked(g, n)) tracked++;
    fateCount[f]++;
    fateBytes[f] += size;
    typeCount[t]++;
    typeBytes[t] += size;
  }
  const typeRetained = retainedByType(g, parent, dom.retainedSizes, typeSlots);

  const typeRow = (t: number): TypeRow => ({ type: g.strings.get(t), count: typeCount[t], bytes: typeBytes[t], retainedBytes: typeRetained[t] });
  const topBy = (key: Float64Array): TypeRow[] => {
    const ids: number[] = [];
    for (let t = 0; t < typeSlots; t++) if (typeCount[t] > 0) ids.push(t);
    ids.sort((a, b) => key[b] - key[a] || typeCount[b] - typeCount[a]);
    return ids.slice(0, limit).map(typeRow);
  };

  return {
    session: '',
    info: session.info,
    rules: sim.rules,
    defaultRules: session.defaultRules,
    saveAll: sim.saveAll,
    verdict: { collect: sim.collect, garbage: sim.garbage.length, sentence: verdictSentence(sim.collect, sim.garbage.length) },
    totals: { objects: g.nodeCount, bytes, tracked, edges: g.edgeCount },
    byFate: fateOrder.map((fate, i) => ({ fate, count: fateCount[i], bytes: fateBytes[i] })),
    topTypesByCount: topBy(typeCount),
    topTypesByRetained: topBy(typeRetained),
    largestCycles: largestCycles(session, limit),
    cycleCount: session.cycles().count,
    pinning: pinningObjects(session, limit),
    assumptions: sim.assumptions,
    edits: { count: session.whatIf.steps().length, unexported: session.unexportedEdits > 0 },
    suspects: suspectsSummary(session, 5),
  };
}

/**
 * The `limit` largest cycles, leaks first (analysis/leaksFirst.ts, the order of every cycle list):
 * in a real heap the interpreter's own alive cycles (modules, classes) are the biggest, and the leak
 * the user is after would be buried.
 */
function largestCycles(session: EngineSession, limit: number): OverviewCycle[] {
  const g = session.graph;
  const cycles = session.cycles();
  const fates = session.simulation().fates;
  const order: number[] = [];
  for (let c = 0; c < cycles.count; c++) order.push(c);
  const size = (c: number): number => cycles.firstMember[c + 1] - cycles.firstMember[c];
  const worst = (c: number): number => {
    let w: number = Fate.Alive;
    for (let i = cycles.firstMember[c]; i < cycles.firstMember[c + 1]; i++) w = worstFate(w, fates[cycles.members[i]]);
    return leakRank(w);
  };
  const rank = new Uint8Array(cycles.count);
  for (let c = 0; c < cycles.count; c++) rank[c] = worst(c);
  order.sort((a, b) => rank[a] - rank[b] || size(b) - size(a) || a - b);
  return order.slice(0, limit).map((c) => {
    const [summary] = cycleSummaries(g, cycles, { start: c, count: 1, dominators: session.dominators(), fates });
    let sample = cycles.members[cycles.firstMember[c]];
    const fateTally = new Float64Array(fateOrder.length);
    for (let i = cycles.firstMember[c]; i < cycles.firstMember[c + 1]; i++) {
      const m = cycles.members[i];
      fateTally[fates[m]]++;
      if (g.finalizers[m] !== 0 && g.finalizers[sample] === 0) sample = m;
    }
    let common = 0;
    for (let f = 1; f < fateTally.length; f++) if (fateTally[f] > fateTally[common]) common = f;
    return {
      index: c,
      size: summary.size,
      bytes: summary.bytes,
      types: summary.types.slice(0, 5).map((t) => t.type),
      finalizers: summary.finalizers.reduce((sum, f) => sum + f.count, 0),
      fate: fateOrder[common],
      sample: objectRef(g, fates, sample),
    };
  });
}

/** Objects that keep uncollectable garbage alive, grouped by the pinning object (SimulationResult.pinnedBy). */
function pinningObjects(session: EngineSession, limit: number): PinRow[] {
  const g = session.graph;
  const sim = session.simulation();
  const pins = new Map<number, { count: number; bytes: number }>();
  for (let i = 0; i < sim.uncollectable.length; i++) {
    const n = sim.uncollectable[i];
    const pin = sim.pinnedBy[n] >= 0 ? sim.pinnedBy[n] : n;
    const row = pins.get(pin) ?? { count: 0, bytes: 0 };
    row.count++;
    row.bytes += g.sizes[n];
    pins.set(pin, row);
  }
  const inGarbage = new Set(sim.garbage);
  return [...pins]
    .sort((a, b) => b[1].count - a[1].count || b[1].bytes - a[1].bytes)
    .slice(0, limit)
    .map(([node, row]) => ({
      object: objectRef(g, sim.fates, node),
      finalizer: finalizerNames[g.finalizers[node]] ?? '',
      pins: row.count,
      pinnedBytes: row.bytes,
      inGarbage: inGarbage.has(node),
    }));
}

/** Per type id, retained bytes without double counting (see the file header). Iterative DFS over the dominator tree. */
function retainedByType(g: HeapGraph, parent: Int32Array, retained: RetainedSizes, typeSlots: number): Float64Array {
  const n = g.nodeCount;
  // Children in CSR form; nodes whose parent is negative (virtual root or garbage forest) start a tree.
  const firstChild = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) if (parent[i] >= 0) firstChild[parent[i] + 1]++;
  for (let i = 0; i < n; i++) firstChild[i + 1] += firstChild[i];
  const fill = firstChild.slice(0, n);
  const children = new Uint32Array(firstChild[n]);
  for (let i = 0; i < n; i++) if (parent[i] >= 0) children[fill[parent[i]]++] = i;

  const out = new Float64Array(typeSlots);
  const open = new Uint32Array(typeSlots);
  const stack = new Int32Array(n);
  const next = new Uint32Array(n);
  for (let root = 0; root < n; root++) {
    if (parent[root] >= 0) continue;
    let depth = 0;
    stack[0] = root;
    next[root] = firstChild[root];
    if (open[g.typeIds[root]]++ === 0) out[g.typeIds[root]] += retained[root];
    while (depth >= 0) {
      const node = stack[depth];
      if (next[node] < firstChild[node + 1]) {
        const child = children[next[node]++];
        next[child] = firstChild[child];
        if (open[g.typeIds[child]]++ === 0) out[g.typeIds[child]] += retained[child];
        stack[++depth] = child;
      } else {
        open[g.typeIds[node]]--;
        depth--;
      }
    }
  }
  return out;
}
