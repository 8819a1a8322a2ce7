/**
 * The graph view's data: the neighbourhood of some centre objects — referrers up to `depth` hops
 * on one side, referents on the other — capped at `maxNodes` with a `truncated` flag. Breadth
 * first, one level per side in turn, so a cap cuts the far rings of both sides evenly. `expand`
 * adds one more hop around chosen nodes (double-click in the view). Edges removed by edits are
 * not followed. `hideTypes` leaves out class plumbing (types and what only types refer to: their
 * dicts, `__mro__` and `__bases__` tuples), which at depth 2 from an instance is half the graph;
 * `direction` follows one side only. Start at `neighbourhood`.
 */
import type { GraphEdgeDto, GraphNodeDto, NeighbourhoodRequest, NeighbourhoodResponse } from '../../../../shared/exploreApi.js';
import { isTraversedEdge, NodeFlag, type HeapGraph, type NodeOrdinal } from '../../model/HeapGraph.js';
import { isEdgeRemoved } from '../../whatif/types.js';
import type { SessionContext } from '../context.js';
import { ExploreError, nodeOf, summarize } from './summary.js';

const maxCentres = 200;

/** A type, or an object only types refer to (a type's __dict__, its __mro__ or __bases__ tuple). */
function isPlumbing(g: HeapGraph, n: NodeOrdinal): boolean {
  if ((g.flags[n] & NodeFlag.IsType) !== 0) return true;
  const first = g.firstInEdge[n];
  const end = g.firstInEdge[n + 1];
  if (first === end || end - first > 64) return false;
  for (let i = first; i < end; i++) if ((g.flags[g.edgeSources[g.inEdges[i]]] & NodeFlag.IsType) === 0) return false;
  return true;
}

export function neighbourhood(session: SessionContext, req: NeighbourhoodRequest): NeighbourhoodResponse {
  const g = session.graph;
  const overlay = session.overlay();
  if (!Array.isArray(req.addresses) || req.addresses.length === 0) throw new ExploreError('BAD_REQUEST', 'neighbourhood needs at least one address');
  const depth = Math.min(6, Math.max(0, Math.floor(Number(req.depth) || 0)));
  const cap = Math.min(500, Math.max(1, Math.floor(Number(req.maxNodes) || 150)));
  const hop = new Map<NodeOrdinal, number>();
  let truncated = false;
  const hideTypes = req.hideTypes === true;
  const backward = req.direction !== 'referents';
  const forward = req.direction !== 'referrers';
  const hidden = new Set<NodeOrdinal>();
  /** Left out as plumbing (counted once): never a centre. */
  const skip = (m: NodeOrdinal): boolean => {
    if (!hideTypes || hop.has(m)) return false;
    if (hidden.has(m)) return true;
    if (!isPlumbing(g, m)) return false;
    hidden.add(m);
    return true;
  };

  const add = (n: NodeOrdinal, h: number): boolean => {
    if (hop.has(n)) return true;
    if (hop.size >= cap) {
      truncated = true;
      return false;
    }
    hop.set(n, h);
    return true;
  };
  for (const a of req.addresses.slice(0, maxCentres)) add(nodeOf(session, a), 0);
  if (req.addresses.length > maxCentres) truncated = true;

  /** Neighbours of n on one side, not through removed edges. */
  const neighbours = (n: NodeOrdinal, incoming: boolean, visit: (m: NodeOrdinal) => boolean): void => {
    if (incoming) {
      for (let i = g.firstInEdge[n]; i < g.firstInEdge[n + 1]; i++) {
        const e = g.inEdges[i];
        if (!isEdgeRemoved(overlay, e) && !visit(g.edgeSources[e])) return;
      }
    } else {
      for (let e = g.firstOutEdge[n]; e < g.firstOutEdge[n + 1]; e++) {
        if (!isEdgeRemoved(overlay, e) && !visit(g.edgeTargets[e])) return;
      }
    }
  };

  let back: NodeOrdinal[] = [...hop.keys()];
  let fwd: NodeOrdinal[] = [...hop.keys()];
  for (let level = 1; level <= depth && !truncated; level++) {
    const nextBack: NodeOrdinal[] = [];
    if (backward) for (const n of back) neighbours(n, true, (m) => (hop.has(m) || skip(m) ? true : add(m, -level) ? (nextBack.push(m), true) : false));
    const nextFwd: NodeOrdinal[] = [];
    if (forward) for (const n of fwd) neighbours(n, false, (m) => (hop.has(m) || skip(m) ? true : add(m, level) ? (nextFwd.push(m), true) : false));
    back = nextBack;
    fwd = nextFwd;
  }
  for (const a of (req.expand ?? []).slice(0, 50)) {
    const n = nodeOf(session, a);
    add(n, 0);
    const h = hop.get(n) ?? 0;
    if (backward) neighbours(n, true, (m) => skip(m) || add(m, h - 1));
    if (forward) neighbours(n, false, (m) => skip(m) || add(m, h + 1));
  }

  const edges: GraphEdgeDto[] = [];
  const edgeCap = cap * 4;
  const nodes: GraphNodeDto[] = [];
  for (const [n, h] of hop) {
    let more = false;
    for (let e = g.firstOutEdge[n]; e < g.firstOutEdge[n + 1]; e++) {
      if (isEdgeRemoved(overlay, e)) continue;
      const t = g.edgeTargets[e];
      if (!hop.has(t)) {
        if (!hidden.has(t)) more = true;
        continue;
      }
      if (edges.length >= edgeCap) {
        truncated = true;
        continue;
      }
      edges.push({ edge: e, source: g.addresses[n], target: g.addresses[t], label: g.strings.get(g.edgeLabels[e]), traversed: isTraversedEdge(g, e) });
    }
    if (!more) neighbours(n, true, (m) => !(more = !hop.has(m) && !hidden.has(m)));
    nodes.push({ ...summarize(session, n), hop: h, more });
  }
  return { nodes, edges, truncated, ...(hideTypes ? { hiddenTypes: hidden.size } : {}) };
}
