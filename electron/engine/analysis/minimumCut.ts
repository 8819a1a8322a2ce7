/**
 * "Which references must I break so that this object can be freed?" — a minimum cut between the
 * roots and one target object in the strong-reference graph.
 *
 * Max-flow/min-cut (Ford & Fulkerson 1956; shortest augmenting paths as in Edmonds & Karp,
 * "Theoretical improvements in algorithmic efficiency for network flow problems", JACM 19(2), 1972).
 * The network: a super-source S, every ancestor of the target (found by a backward BFS, bounded by
 * `nodeBudget`), and the target as sink. Each strong reference u → v between ancestors is an arc
 * of capacity 1 — one `drop-ref` edit. A root r is something held from outside the dump (roots.ts);
 * its outside holds are not edges we can name, so S → r gets capacity outside(r): releasing them
 * (`drop-external`, e.g. `del name`) costs that many references. Immortal roots get a capacity no
 * cut may use. By max-flow = min-cut, the fewest references to drop equals the flow; the cut is read
 * off the residual graph (arcs from the S side to the other side).
 *
 * Departures: augmenting stops once the flow exceeds `maxCut` (the answer would be too big to be
 * useful, and each augmentation costs a BFS over the ancestors); the residual search is iterative
 * over typed arrays. The suggestion is about reachability only: the caller should confirm it by
 * simulation (finalizers and resurrection can change the verdict). Start at `minimumCut`.
 */
import { type HeapGraph, type NodeOrdinal, NodeFlag } from '../model/HeapGraph.js';
import type { EditOverlay } from '../whatif/types.js';
import type { ExternalRelease, MinimumCut } from './types.js';
import { outsideCount } from './roots.js';

export interface MinimumCutOptions {
  overlay?: EditOverlay;
  /** Referrers with liveMask[n] === 0 (freed by the simulation) are ignored. */
  liveMask?: Uint8Array;
  /** Give up when more than this many references would have to go. Default 32. */
  maxCut?: number;
  /** Give up when the target has more ancestors than this. Default 200,000. */
  nodeBudget?: number;
}

/** The smallest set of references (edges and outside holds) whose removal frees `target`. */
export function minimumCut(graph: HeapGraph, target: NodeOrdinal, opts: MinimumCutOptions = {}): MinimumCut {
  const { overlay, liveMask } = opts;
  const maxCut = opts.maxCut ?? 32;
  const budget = opts.nodeBudget ?? 200_000;
  const removed = overlay?.removedEdges;
  const firstIn = graph.firstInEdge;
  const inEdges = graph.inEdges;
  const sources = graph.edgeSources;
  const fail = (status: MinimumCut['status'], ancestors: number): MinimumCut => ({ status, edges: [], externalReleases: [], size: 0, ancestors });
  if (graph.flags[target] & NodeFlag.Immortal) return fail('immortal', 1);

  // 1. Ancestors of the target (local ids 0..m-1, target = 0), and the arc count.
  const local = new Map<number, number>([[target, 0]]);
  const nodes: number[] = [target];
  let edgeArcs = 0;
  for (let head = 0; head < nodes.length; head++) {
    const v = nodes[head];
    for (let i = firstIn[v]; i < firstIn[v + 1]; i++) {
      const e = inEdges[i];
      if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
      const u = sources[e];
      if ((liveMask && !liveMask[u]) || u === v) continue;
      edgeArcs++;
      if (local.has(u)) continue;
      if (nodes.length >= budget) return fail('budget', nodes.length);
      local.set(u, nodes.length);
      nodes.push(u);
    }
  }
  const m = nodes.length;
  const INF = maxCut + 1;
  const rootCap: number[] = [];
  const rootLocal: number[] = [];
  for (let l = 0; l < m; l++) {
    const v = nodes[l];
    const cap = graph.flags[v] & NodeFlag.Immortal ? INF : outsideCount(graph, v, overlay);
    if (cap > 0) {
      rootLocal.push(l);
      rootCap.push(cap);
    }
  }
  if (rootLocal.length === 0) return fail('not-retained', m);

  // 2. Residual network. Arc 2k is forward (capacity cap), 2k+1 its reverse (capacity 0).
  const S = m;
  const arcCount = 2 * (edgeArcs + rootLocal.length);
  const arcTo = new Int32Array(arcCount);
  const arcCap = new Float64Array(arcCount);
  const arcEdge = new Int32Array(arcCount).fill(-1);
  const arcFrom = new Int32Array(arcCount);
  const degree = new Uint32Array(m + 2);
  let a = 0;
  const addArc = (from: number, to: number, cap: number, edge: number): void => {
    arcFrom[a] = from;
    arcFrom[a + 1] = to;
    arcTo[a] = to;
    arcCap[a] = cap;
    arcEdge[a] = edge;
    arcTo[a + 1] = from;
    degree[from + 1]++;
    degree[to + 1]++;
    a += 2;
  };
  for (let l = 0; l < m; l++) {
    const v = nodes[l];
    for (let i = firstIn[v]; i < firstIn[v + 1]; i++) {
      const e = inEdges[i];
      if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
      const u = sources[e];
      if ((liveMask && !liveMask[u]) || u === v) continue;
      addArc(local.get(u)!, l, 1, e);
    }
  }
  for (let k = 0; k < rootLocal.length; k++) {
    addArc(S, rootLocal[k], rootCap[k], -1);
  }
  // Adjacency CSR over both arc directions.
  for (let l = 0; l <= m; l++) degree[l + 1] += degree[l];
  const firstArc = degree.slice(0, m + 2);
  const cursor = degree.slice(0, m + 1);
  const adj = new Uint32Array(arcCount);
  for (let k = 0; k < arcCount; k++) adj[cursor[arcFrom[k]]++] = k;

  // 3. Shortest augmenting paths until no path is left or the flow passes maxCut.
  const via = new Int32Array(m + 1);
  const queue = new Int32Array(m + 1);
  const bfs = (): boolean => {
    via.fill(-1);
    via[S] = -2;
    queue[0] = S;
    for (let head = 0, tail = 1; head < tail; head++) {
      const x = queue[head];
      for (let i = firstArc[x]; i < firstArc[x + 1]; i++) {
        const k = adj[i];
        const y = arcTo[k];
        if (arcCap[k] <= 0 || via[y] !== -1) continue;
        via[y] = k;
        if (y === 0) return true;
        queue[tail++] = y;
      }
    }
    return false;
  };
  let flow = 0;
  while (bfs()) {
    let push = Infinity;
    for (let y = 0; y !== S; y = arcFrom[via[y]]) push = Math.min(push, arcCap[via[y]]);
    for (let y = 0; y !== S; y = arcFrom[via[y]]) {
      arcCap[via[y]] -= push;
      arcCap[via[y] ^ 1] += push;
    }
    flow += push;
    if (flow > maxCut) return fail('too-large', m);
  }

  // 4. The cut: saturated forward arcs from the S side (via !== -1 after the last BFS) to the rest.
  const edges: number[] = [];
  const externalReleases: ExternalRelease[] = [];
  for (let k = 0; k < arcCount; k += 2) {
    if (via[arcFrom[k]] === -1 || via[arcTo[k]] !== -1) continue;
    if (arcEdge[k] >= 0) edges.push(arcEdge[k]);
    else externalReleases.push({ node: nodes[arcTo[k]], count: arcCap[k] + arcCap[k + 1] });
  }
  edges.sort((x, y) => x - y);
  externalReleases.sort((x, y) => x.node - y.node);
  return { status: 'ok', edges, externalReleases, size: flow, ancestors: m };
}
