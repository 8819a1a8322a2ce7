/**
 * Layout and extension registration. dagre, left to right, keeps the direction readable:
 * referrers (negative hops) to the left of the selection, referents to the right. Edges that run
 * against the hop order (back-references inside cycles) get minLen 0 so they do not stretch ranks.
 */
import cytoscape, { type EdgeSingular, type LayoutOptions } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import svg from 'cytoscape-svg';

declare module 'cytoscape' {
  interface Core {
    /** From cytoscape-svg: the graph as an SVG document string. */
    svg(options?: { full?: boolean; scale?: number; bg?: string }): string;
  }
}

let registered = false;
/** Idempotent: Cytoscape's registry is global to the page. */
export function registerExtensions(): void {
  if (registered) return;
  cytoscape.use(dagre);
  cytoscape.use(svg);
  registered = true;
}

export function edgeMinLen(sourceHop: number, targetHop: number): number {
  return targetHop > sourceHop ? 1 : 0;
}

export function dagreLayout(animate = false): LayoutOptions {
  return {
    name: 'dagre',
    rankDir: 'LR',
    nodeSep: 24,
    rankSep: 90,
    edgeSep: 8,
    fit: true,
    padding: 24,
    animate,
    minLen: (edge: EdgeSingular) => edgeMinLen(Number(edge.source().data('hop')), Number(edge.target().data('hop'))),
  } as LayoutOptions;
}
