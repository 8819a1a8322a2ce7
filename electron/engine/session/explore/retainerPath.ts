/**
 * Shortest path from a root to an alive object, for the inspector: breadth-first search backwards
 * along in-edges (skipping edges removed by edits) through alive objects until one with external
 * references (a root: something outside the dump holds it). Iterative, visits each node once.
 */
import type { NodeOrdinal } from '../../model/HeapGraph.js';
import { Fate } from '../../gc/types.js';
import { isEdgeRemoved } from '../../whatif/types.js';
import type { SessionContext } from '../context.js';
import { externalAfterEdits } from './summary.js';

export interface PathResult {
  nodes: NodeOrdinal[];
  edges: number[];
}

/** Root first; undefined when no root reaches the object (it is garbage). */
export function retainerPath(session: SessionContext, target: NodeOrdinal, maxVisited = 2_000_000): PathResult | undefined {
  const g = session.graph;
  const overlay = session.overlay();
  const fates = session.simulation().fates;
  // via[n] = out-edge n -> child on the way to target, -1 = unvisited, -2 = the target itself.
  const via = new Map<NodeOrdinal, number>([[target, -2]]);
  const queue: NodeOrdinal[] = [target];
  let root = -1;
  for (let head = 0; head < queue.length && via.size < maxVisited; head++) {
    const n = queue[head];
    if (externalAfterEdits(session, n) > 0) {
      root = n;
      break;
    }
    for (let i = g.firstInEdge[n]; i < g.firstInEdge[n + 1]; i++) {
      const e = g.inEdges[i];
      if (isEdgeRemoved(overlay, e)) continue;
      const src = g.edgeSources[e];
      if (via.has(src) || fates[src] !== Fate.Alive) continue;
      via.set(src, e);
      queue.push(src);
    }
  }
  if (root < 0) return undefined;
  const nodes: NodeOrdinal[] = [root];
  const edges: number[] = [];
  for (let n = root; n !== target; ) {
    const e = via.get(n) as number;
    edges.push(e);
    n = g.edgeTargets[e];
    nodes.push(n);
  }
  return { nodes, edges };
}
