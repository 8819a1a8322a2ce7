/**
 * Arrow keys in the graph, as a pure function of what is shown: Right follows a reference to a
 * referent, Left goes back to a referrer (the one nearest on screen vertically, so repeated
 * presses walk a chain), Up and Down move to the next object above or below in the same column.
 * A step along a reference also names that reference, so Delete can break it next.
 */
import type { GraphEdgeDto, NeighbourhoodResponse } from '../../../shared/exploreApi';
import type { Positions } from './layout';
import { nodeId } from './toElements';

export type ArrowKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown';

export interface GraphStep {
  address: number;
  /** The reference followed, for Left and Right. */
  edge: GraphEdgeDto | null;
}

export function isArrowKey(key: string): key is ArrowKey {
  return key === 'ArrowLeft' || key === 'ArrowRight' || key === 'ArrowUp' || key === 'ArrowDown';
}

/** Where `key` leads from `from`; from nothing (or an object not shown) it leads to the centre. Null: nowhere to go. */
export function graphStep(g: NeighbourhoodResponse, positions: Positions, from: number | null, key: ArrowKey): GraphStep | null {
  const at = from === null ? undefined : positions[nodeId(from)];
  if (from === null || !at) {
    const centre = g.nodes.find((n) => n.hop === 0) ?? g.nodes[0];
    return centre ? { address: centre.address, edge: null } : null;
  }
  const distance = (address: number): number => {
    const p = positions[nodeId(address)];
    return p ? Math.abs(p.y - at.y) * 1000 + Math.abs(p.x - at.x) : Number.POSITIVE_INFINITY;
  };
  if (key === 'ArrowRight' || key === 'ArrowLeft') {
    let best: GraphStep | null = null;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const e of g.edges) {
      const other: number | null = key === 'ArrowRight' ? (e.source === from ? e.target : null) : e.target === from ? e.source : null;
      if (other === null || other === from) continue;
      const d = distance(other);
      if (d < bestDistance) {
        bestDistance = d;
        best = { address: other, edge: e };
      }
    }
    return best;
  }
  const below = key === 'ArrowDown';
  let best: GraphStep | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const n of g.nodes) {
    const p = positions[nodeId(n.address)];
    if (!p || n.address === from || Math.abs(p.x - at.x) >= 1) continue;
    const gap = below ? p.y - at.y : at.y - p.y;
    if (gap > 0 && gap < bestGap) {
      bestGap = gap;
      best = { address: n.address, edge: null };
    }
  }
  return best;
}
