/**
 * The inspector: everything about one object — counts (refcount split into references from dumped
 * objects, external references and the unaccounted gap where invisible holders hide), fate and why,
 * referrers and referents with edge labels (paged), a path from a root and its cycle. Start at
 * `inspectObject`; `objectRefs` pages either list further.
 */
import type { InspectRequest, InspectResponse, ObjectRefsRequest, RefsPage, RetainerPathDto } from '../../../../shared/exploreApi.js';
import { isTraversedEdge, NodeFlag, type NodeOrdinal } from '../../model/HeapGraph.js';
import { isEdgeRemoved } from '../../whatif/types.js';
import type { SessionContext } from '../context.js';
import { retainerPaths } from '../../analysis/retainerPaths.js';
import type { RetainerPath } from '../../analysis/types.js';
import { liveMaskOf } from '../../gc/explain.js';
import { cycleRow } from './cycles.js';
import { explainNode } from './explain.js';
import { clampPage, nodeOf, refcountAfterEdits, summarize } from './summary.js';

export function refsPage(session: SessionContext, node: NodeOrdinal, direction: 'referrers' | 'referents', start0: number, count0: number): RefsPage {
  const g = session.graph;
  const overlay = session.overlay();
  const { start, count } = clampPage(start0, count0, 500);
  const incoming = direction === 'referrers';
  const first = incoming ? g.firstInEdge[node] : g.firstOutEdge[node];
  const total = (incoming ? g.firstInEdge[node + 1] : g.firstOutEdge[node + 1]) - first;
  const rows = [];
  for (let i = start; i < Math.min(total, start + count); i++) {
    const edge = incoming ? g.inEdges[first + i] : first + i;
    const other = incoming ? g.edgeSources[edge] : g.edgeTargets[edge];
    rows.push({
      edge,
      other: summarize(session, other),
      label: g.strings.get(g.edgeLabels[edge]),
      traversed: isTraversedEdge(g, edge),
      removed: isEdgeRemoved(overlay, edge),
    });
  }
  return { start, total, rows };
}

export function objectRefs(session: SessionContext, req: ObjectRefsRequest): RefsPage {
  return refsPage(session, nodeOf(session, req.address), req.direction === 'referrers' ? 'referrers' : 'referents', req.start, req.count);
}

function pathDto(session: SessionContext, nodes: NodeOrdinal[], edges: number[]): RetainerPathDto {
  const g = session.graph;
  return {
    nodes: nodes.map((n) => summarize(session, n)),
    labels: edges.map((e) => g.strings.get(g.edgeLabels[e])),
    edges,
  };
}

/** Distinct retainer paths through different referrers (analysis/retainerPaths.ts), at most 3. */
function otherPaths(session: SessionContext, node: NodeOrdinal): RetainerPath[] {
  return retainerPaths(session.graph, node, 3, session.overlay(), liveMaskOf(session.simulation()));
}

export function inspectObject(session: SessionContext, req: InspectRequest): InspectResponse {
  const g = session.graph;
  const node = nodeOf(session, req.address);
  const refsCount = req.refsCount ?? 50;
  const sim = session.simulation();
  const overlay = session.overlay();
  let internal = 0;
  for (let i = g.firstInEdge[node]; i < g.firstInEdge[node + 1]; i++) if (!isEdgeRemoved(overlay, g.inEdges[i])) internal++;
  const refcount = refcountAfterEdits(session, node);
  const object = summarize(session, node);
  const explained = explainNode(session, node);
  const pinned = explained.pinnedBy ?? sim.pinnedBy[node];
  const c = session.cycles().cycleOf[node];
  const path = explained.path;
  return {
    object,
    isGc: (g.flags[node] & NodeFlag.Gc) !== 0,
    tracked: (g.flags[node] & NodeFlag.Tracked) !== 0,
    immortal: (g.flags[node] & NodeFlag.Immortal) !== 0,
    internal,
    unaccounted: Math.max(0, refcount - internal),
    fateExplanation: explained.sentence,
    finalizerEffect: overlay?.effects.get(node) ?? 'none',
    pinnedBy: pinned >= 0 && pinned !== node ? summarize(session, pinned) : undefined,
    referrers: refsPage(session, node, 'referrers', 0, refsCount),
    referents: refsPage(session, node, 'referents', 0, refsCount),
    path: path ? pathDto(session, path.nodes, path.edges) : undefined,
    paths: path ? otherPaths(session, node).map((p) => pathDto(session, p.nodes, p.edges)) : undefined,
    cycle: c >= 0 ? cycleRow(session, c) : undefined,
  };
}
