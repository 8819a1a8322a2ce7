/**
 * Node positions for a neighbourhood, from the DTO alone: no Cytoscape, no DOM, so it runs in a
 * Web Worker (layoutWorker.ts) and the UI thread only places nodes where it is told. dagre, left
 * to right, keeps the direction readable: referrers (negative hops) to the left of the selection,
 * referents to the right. dagre only sees the edges that do not go backwards in hop order: left to
 * its own acyclic phase it may reverse a different edge of a cycle and put a referrer on the
 * right. Beyond `dagreMaxNodes` dagre takes seconds, and the linear hopColumns layout takes over.
 * `fitViewport` is Cytoscape's fit computed from these positions, without measuring elements.
 */
import dagre from '@dagrejs/dagre';
import type { NeighbourhoodResponse } from '../../../shared/exploreApi';
import { hopColumns } from './hopColumns';
import { nodeId } from './toElements';

export interface LayoutInput {
  nodes: { id: string; hop: number }[];
  edges: { id: string; source: string; target: string }[];
}
export type Positions = Record<string, { x: number; y: number }>;

/** Above this many nodes dagre is too slow for the 1 s budget; hopColumns takes over. */
export const dagreMaxNodes = 80;
/** Node sizes of style.ts (width + border), the centre larger. */
const nodeSize = 35;
const centreSize = 49;
/**
 * The box a node's label takes below it (style.ts: 9 px margin, two lines of 11 px, at most
 * 150 px wide). Layouts space nodes by node plus label, so no label runs into a neighbour.
 */
export const labelWidth = 150;
export const labelHeight = 38;
/** Hop columns: a label's width plus a gap between columns, a node and its label plus a gap between rows. */
const columnGap = labelWidth + 70;
const rowGap = nodeSize + labelHeight + 12;

export function layoutInput(g: NeighbourhoodResponse): LayoutInput {
  return {
    nodes: g.nodes.map((n) => ({ id: nodeId(n.address), hop: n.hop })),
    edges: g.edges.map((e) => ({ id: `e${e.edge}`, source: nodeId(e.source), target: nodeId(e.target) })),
  };
}

/** dagre up to `dagreMax` nodes (fewer when it runs on the UI thread: layoutRunner.ts), hop columns above. */
export function layoutPositions(input: LayoutInput, dagreMax = dagreMaxNodes): Positions {
  if (input.nodes.length > dagreMax) return Object.fromEntries(hopColumns(input.nodes, input.edges, columnGap, rowGap));
  const g = new dagre.graphlib.Graph({ multigraph: true });
  // Each node's box holds the node and its label below it; the node sits at the top of its box.
  g.setGraph({ rankdir: 'LR', nodesep: 12, ranksep: 60, edgesep: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const hop = new Map<string, number>();
  for (const n of input.nodes) {
    hop.set(n.id, n.hop);
    const size = n.hop === 0 ? centreSize : nodeSize;
    g.setNode(n.id, { width: Math.max(size, labelWidth), height: size + labelHeight });
  }
  // Same-hop edges stay (a cycle's members are all at hop 0 and must still be ranked along it).
  for (const e of input.edges) {
    const s = hop.get(e.source);
    const t = hop.get(e.target);
    if (s !== undefined && t !== undefined && s <= t) g.setEdge(e.source, e.target, {}, e.id);
  }
  dagre.layout(g);
  const out: Positions = {};
  for (const n of input.nodes) {
    const p = g.node(n.id);
    out[n.id] = { x: p.x, y: p.y - labelHeight / 2 };
  }
  return out;
}

/** Zoom and pan that fit every position (plus a node and its label) into a w × h viewport. */
export function fitViewport(positions: Positions, w: number, h: number, padding = 24, minZoom = 0.1, maxZoom = 4): { zoom: number; pan: { x: number; y: number } } {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const p of Object.values(positions)) {
    x1 = Math.min(x1, p.x);
    y1 = Math.min(y1, p.y);
    x2 = Math.max(x2, p.x);
    y2 = Math.max(y2, p.y);
  }
  if (x1 > x2) return { zoom: 1, pan: { x: w / 2, y: h / 2 } };
  // Half a label's width on either side (labels are wider than nodes), half a centre node above, and the label below.
  x1 -= labelWidth / 2;
  x2 += labelWidth / 2;
  y1 -= centreSize / 2;
  y2 += centreSize / 2 + labelHeight;
  const zoom = Math.min(maxZoom, Math.max(minZoom, Math.min((w - 2 * padding) / (x2 - x1), (h - 2 * padding) / (y2 - y1))));
  return { zoom, pan: { x: (w - zoom * (x1 + x2)) / 2, y: (h - zoom * (y1 + y2)) / 2 } };
}
