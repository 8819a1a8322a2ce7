/**
 * Layout and extension registration. dagre, left to right, keeps the direction readable:
 * referrers (negative hops) to the left of the selection, referents to the right. dagre only sees
 * the edges that do not go backwards in hop order: left to its own acyclic phase it may reverse a
 * different edge of a cycle and put a referrer on the right. Back-edges are drawn all the same.
 * Beyond `dagreMaxNodes` nodes dagre is too slow, and the linear hopColumns layout takes over.
 */
import cytoscape, { type Core, type LayoutOptions, type NodeSingular } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import svg from 'cytoscape-svg';
import { hopColumns } from './hopColumns';

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

/** Above this many nodes dagre is too slow for the 1 s budget; hopColumns takes over. */
export const dagreMaxNodes = 80;

/** Preset positions from hopColumns, for large neighbourhoods. */
export function columnsLayout(cy: Core): LayoutOptions {
  const nodes = cy.nodes().map((n) => ({ id: n.id(), hop: Number(n.data('hop')) }));
  const edges = cy.edges().map((e) => ({ source: e.source().id(), target: e.target().id() }));
  const pos = hopColumns(nodes, edges);
  return { name: 'preset', fit: true, padding: 24, positions: (n: NodeSingular) => pos.get(n.id()) ?? { x: 0, y: 0 } } as LayoutOptions;
}

/** Lays out what `cy` holds; returns the milliseconds it took. */
export function runLayout(cy: Core, fit = true): number {
  const t0 = performance.now();
  if (cy.nodes().length > dagreMaxNodes) {
    cy.layout({ ...columnsLayout(cy), fit } as LayoutOptions).run();
  } else {
    // Same-hop edges stay (a cycle's members are all at hop 0 and must still be ranked along it).
    const forward = cy.elements().filter((el) => el.isNode() || Number(el.source().data('hop')) <= Number(el.target().data('hop')));
    forward.layout({ ...dagreLayout(), fit } as LayoutOptions).run();
  }
  return performance.now() - t0;
}

export function dagreLayout(animate = false): LayoutOptions {
  return {
    name: 'dagre',
    rankDir: 'LR',
    nodeSep: 34,
    rankSep: 110,
    edgeSep: 8,
    fit: true,
    padding: 24,
    animate,
  } as LayoutOptions;
}
