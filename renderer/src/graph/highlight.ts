/**
 * The selection is drawn over the graph, not into it: a ring around the selected object and a
 * stroke along the selected reference, in an SVG layer above Cytoscape's canvas (GraphView). A
 * class change in Cytoscape redraws every element of its canvas, about 100 ms for 500 objects and
 * 1,500 references in software-rendered Chromium, on every arrow key; moving two SVG shapes costs
 * next to nothing. Geometry here is pure (rendered pixels in, SVG out); `selectionHighlight` reads
 * the positions from Cytoscape.
 */
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import { edgeId, nodeId } from './toElements';

export interface Point {
  x: number;
  y: number;
}
export interface Ring extends Point {
  r: number;
}
export interface Highlight {
  ring: Ring | null;
  /** SVG path data along the selected reference. */
  reference: string | null;
}
export const noHighlight: Highlight = { ring: null, reference: null };

/** Pixels between a node's border and its ring; the ring never shrinks below `minRadius` (zoomed out, a dot would be lost). */
const ringGap = 5;
const minRadius = 9;

export function ringAround(centre: Point, renderedWidth: number): Ring {
  return { x: centre.x, y: centre.y, r: Math.max(minRadius, renderedWidth / 2 + ringGap) };
}

const fmt = (p: Point): string => `${p.x.toFixed(1)} ${p.y.toFixed(1)}`;

/**
 * A path from `from` to `to` (rendered positions of the edge's two ends). Through `mid` when the
 * edge is curved (Cytoscape's midpoint of a bundled edge): a quadratic curve with the control point
 * that puts its middle on `mid`. A self-reference (from = to) goes out to `mid` and back.
 */
export function referencePath(from: Point, to: Point, mid: Point | null = null): string {
  if (mid && Math.hypot(from.x - to.x, from.y - to.y) < 1) return `M ${fmt(from)} L ${fmt(mid)} L ${fmt(to)}`;
  if (mid) {
    const control = { x: 2 * mid.x - (from.x + to.x) / 2, y: 2 * mid.y - (from.y + to.y) / 2 };
    return `M ${fmt(from)} Q ${fmt(control)} ${fmt(to)}`;
  }
  return `M ${fmt(from)} L ${fmt(to)}`;
}

/** Moves `p` towards `q` by `d` pixels (from a node's centre to its border). */
export function towards(p: Point, q: Point, d: number): Point {
  const len = Math.hypot(q.x - p.x, q.y - p.y);
  if (len <= d || len === 0) return p;
  return { x: p.x + ((q.x - p.x) * d) / len, y: p.y + ((q.y - p.y) * d) / len };
}

function edgeEnds(e: EdgeSingular, exact: boolean): { from: Point; to: Point; mid: Point | null } {
  const s = e.source();
  const t = e.target();
  if (exact) {
    // Cytoscape's own endpoints (on the node borders) and, for a curve, its midpoint.
    const curved = e.hasClass('bundled');
    return { from: e.renderedSourceEndpoint(), to: e.renderedTargetEndpoint(), mid: curved ? e.renderedMidpoint() : null };
  }
  // Headless (no renderer to ask): centre to centre, trimmed to the node borders.
  const sp = s.renderedPosition();
  const tp = t.renderedPosition();
  return { from: towards(sp, tp, s.renderedOuterWidth() / 2), to: towards(tp, sp, t.renderedOuterWidth() / 2), mid: null };
}

/** Where the ring and the stroke go now, for the selected object and reference (either may be absent from the graph). */
export function selectionHighlight(cy: Core, address: number | null, edge: number | null, headless: boolean): Highlight {
  const n = address === null ? null : (cy.getElementById(nodeId(address)) as NodeSingular);
  const e = edge === null ? null : (cy.getElementById(edgeId(edge)) as EdgeSingular);
  const ring = n && n.nonempty() ? ringAround(n.renderedPosition(), n.renderedOuterWidth()) : null;
  let reference: string | null = null;
  if (e && e.nonempty()) {
    const { from, to, mid } = edgeEnds(e, !headless);
    reference = referencePath(from, to, mid);
  }
  return { ring, reference };
}
