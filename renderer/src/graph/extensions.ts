/** Cytoscape extension registration (kept apart from layout.ts, which must load in a worker: cytoscape-svg reads `window`). */
import cytoscape from 'cytoscape';
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
  cytoscape.use(svg);
  registered = true;
}
