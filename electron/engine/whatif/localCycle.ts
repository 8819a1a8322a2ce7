/**
 * The reference cycle through one object, found among a few candidate objects only: what the
 * delta of an edit needs ("the cycle of 2 × Worker becomes collectable") without a whole-heap SCC
 * pass, which costs seconds on a 50M-object dump. An edit only removes references, and the
 * members of one strongly connected component share their fate, so the cycle of an object whose
 * fate changed lies within the objects whose fate changed the same way: its component there is
 * its component in the whole edited graph. Work is proportional to the candidates' references.
 */
import type { HeapGraph, NodeOrdinal } from '../model/HeapGraph.js';
import { type EditOverlay, isEdgeRemoved } from './types.js';

/**
 * Members of `x`'s strongly connected component within `candidates` (strong references, edits
 * applied), ascending; undefined when that component is `x` alone without a reference to itself.
 */
export function cycleWithin(g: HeapGraph, overlay: EditOverlay | undefined, candidates: Iterable<NodeOrdinal>, x: NodeOrdinal): NodeOrdinal[] | undefined {
  const inSet = new Set(candidates);
  inSet.add(x);
  // Forward from x, then backward from x, both inside the set: the component is what both reach.
  const forward = new Set<NodeOrdinal>([x]);
  let selfLoop = false;
  const stack = [x];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let e = g.firstOutEdge[v]; e < g.firstOutEdge[v + 1]; e++) {
      const t = g.edgeTargets[e];
      if (!inSet.has(t) || isEdgeRemoved(overlay, e)) continue;
      if (t === x) selfLoop = true;
      if (!forward.has(t)) {
        forward.add(t);
        stack.push(t);
      }
    }
  }
  const component = [x];
  const backward = new Set<NodeOrdinal>([x]);
  stack.push(x);
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let i = g.firstInEdge[v]; i < g.firstInEdge[v + 1]; i++) {
      const e = g.inEdges[i];
      const s = g.edgeSources[e];
      if (!forward.has(s) || backward.has(s) || isEdgeRemoved(overlay, e)) continue;
      backward.add(s);
      component.push(s);
      stack.push(s);
    }
  }
  if (component.length === 1 && !selfLoop) return undefined;
  return component.sort((a, b) => a - b);
}
