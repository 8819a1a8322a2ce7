/**
 * "Which references must I break so that this object can be freed?" — a minimum cut between the
 * roots and one target object in the strong-reference graph.
 *
 * Max-flow/min-cut (Ford & Fulkerson 1956) with shortest augmenting paths (Edmonds & Karp,
 * "Theoretical improvements in algorithmic efficiency for network flow problems", JACM 19(2), 1972).
 * The network: a super-source S, the heap, and the target as sink. Each strong reference u → v is an
 * arc of capacity 1 — one `drop-ref` edit. A root r is held from outside the dump (roots.ts); those
 * holds are not edges we can name, so S → r gets capacity outside(r): releasing them
 * (`drop-external`, e.g. `del name`) costs that many references. Immortal objects get a capacity no
 * cut may use. By max-flow = min-cut, the fewest references to drop equals the flow.
 *
 * Departures from the textbook, because a Python heap is one giant web (every instance reaches its
 * class, every function its module): the network is never built. Each augmenting path is searched
 * *backwards* from the target through the residual graph, read straight off the HeapGraph plus a
 * sparse record of the edges carrying flow, and stops at the first root with spare outside capacity
 * — so a search touches the target's neighbourhood, not all its ancestors. After the last (failed)
 * search, the nodes it reached are the sink side T of a minimum cut; the cut is every reference from
 * outside T into T, plus the outside holds of the roots in T. Augmenting stops once the flow exceeds
 * `maxCut`, and a search that visits more than `nodeBudget` objects gives up. The suggestion is about
 * reachability only: the caller confirms it by simulation (finalizers and resurrection can change
 * the verdict). Start at `minimumCut`.
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
  /** Give up when one search visits more objects than this. Default 200,000. */
  nodeBudget?: number;
}

/** How a search reached a node: arc code e >= 0 = along edge e (u → v, flow 0); ~e < 0 = back along edge e (v → u, flow 1). */
const TARGET = 0x7fffffff;

/** The smallest set of references (edges and outside holds) whose removal frees `target`. */
export function minimumCut(graph: HeapGraph, target: NodeOrdinal, opts: MinimumCutOptions = {}): MinimumCut {
  const { overlay, liveMask } = opts;
  const maxCut = opts.maxCut ?? 32;
  const budget = opts.nodeBudget ?? 200_000;
  const removed = overlay?.removedEdges;
  const { firstInEdge: firstIn, inEdges, edgeSources: sources, firstOutEdge: firstOut, edgeTargets: targets, flags } = graph;
  const fail = (status: MinimumCut['status'], ancestors: number): MinimumCut => ({ status, edges: [], externalReleases: [], size: 0, ancestors });
  if (flags[target] & NodeFlag.Immortal) return fail('immortal', 1);

  /** Edges carrying one unit of flow. */
  const saturated = new Set<number>();
  /** Flow on S → r per root. */
  const rootFlow = new Map<number, number>();
  const spare = (v: number): number => {
    const cap = flags[v] & NodeFlag.Immortal ? Infinity : outsideCount(graph, v, overlay);
    return cap - (rootFlow.get(v) ?? 0);
  };
  const usable = (e: number, u: number, v: number): boolean =>
    u !== v && !(removed && removed[e >>> 5] & (1 << (e & 31))) && !(liveMask && !liveMask[u]);

  let flow = 0;
  let largest = 0;
  for (;;) {
    // Backward BFS from the target over residual arcs. `via` maps each reached node to its arc code.
    const via = new Map<number, number>([[target, TARGET]]);
    const queue: number[] = [target];
    let found = -1;
    for (let head = 0; head < queue.length && found < 0; head++) {
      const v = queue[head];
      if (spare(v) > 0) {
        found = v;
        break;
      }
      // Residual arcs into v: unsaturated references u → v, and the reverse of saturated v → x.
      for (let i = firstIn[v]; i < firstIn[v + 1]; i++) {
        const e = inEdges[i];
        const u = sources[e];
        if (via.has(u) || saturated.has(e) || !usable(e, u, v)) continue;
        via.set(u, e);
        queue.push(u);
      }
      for (let e = firstOut[v]; e < firstOut[v + 1]; e++) {
        const x = targets[e];
        if (!saturated.has(e) || via.has(x)) continue;
        via.set(x, ~e);
        queue.push(x);
      }
      if (queue.length > budget) return fail('budget', queue.length);
    }
    largest = Math.max(largest, via.size);
    if (found < 0) {
      if (flow === 0) return fail('not-retained', via.size);
      return readCut(graph, via, saturated, flow, largest, usable, overlay);
    }
    // Augment along found → … → target: every edge arc has capacity 1, so push 1 (or, when the
    // target itself is the root, all of its spare outside capacity at once).
    const push = found === target ? Math.min(spare(target), maxCut + 1) : 1;
    rootFlow.set(found, (rootFlow.get(found) ?? 0) + push);
    for (let v = found; v !== target; ) {
      const code = via.get(v)!;
      if (code >= 0) {
        saturated.add(code);
        v = targets[code];
      } else {
        saturated.delete(~code);
        v = sources[~code];
      }
    }
    flow += push;
    if (flow > maxCut) return fail('too-large', largest);
  }
}

/** The cut into the sink side T (the nodes the failed search reached). */
function readCut(
  graph: HeapGraph,
  sinkSide: Map<number, number>,
  saturated: Set<number>,
  flow: number,
  largest: number,
  usable: (e: number, u: number, v: number) => boolean,
  overlay: EditOverlay | undefined,
): MinimumCut {
  const edges: number[] = [];
  const externalReleases: ExternalRelease[] = [];
  for (const v of sinkSide.keys()) {
    for (let i = graph.firstInEdge[v]; i < graph.firstInEdge[v + 1]; i++) {
      const e = graph.inEdges[i];
      const u = graph.edgeSources[e];
      // Every arc into T from outside is saturated, or its source would be in T.
      if (!sinkSide.has(u) && usable(e, u, v) && saturated.has(e)) edges.push(e);
    }
    const outside = outsideCount(graph, v, overlay);
    if (outside > 0) externalReleases.push({ node: v, count: outside });
  }
  edges.sort((a, b) => a - b);
  externalReleases.sort((a, b) => a.node - b.node);
  return { status: 'ok', edges, externalReleases, size: flow, ancestors: largest };
}
