/**
 * Neighbourhood graph layout: headless Cytoscape with the app's style and layouts, star-shaped
 * neighbourhoods (referrers left, referents right) of growing size. The UI target is < 1 s for
 * 500 nodes; this measures the layout part of that in Node (no painting).
 */
import cytoscape from 'cytoscape';
import type { BenchContext } from './run';
import { toElements } from '../../renderer/src/graph/toElements';
import { graphStyle } from '../../renderer/src/graph/style';
import { starNeighbourhood as star } from '../renderer/explore/fixtures';

export default async function graphBench(ctx: BenchContext): Promise<void> {
  // layout.ts registers cytoscape-svg, whose bundle reads `window` when loaded; headless needs no more.
  (globalThis as { window?: unknown }).window ??= globalThis;
  const { dagreMaxNodes, registerExtensions, runLayout } = await import('../../renderer/src/graph/layout');
  registerExtensions();
  for (const n of [40, dagreMaxNodes, 200, 500]) {
    const times: number[] = [];
    for (let round = 0; round < 4; round++) {
      const t0 = performance.now();
      const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyle, elements: toElements(star(n)) });
      runLayout(cy, false);
      times.push(performance.now() - t0);
      cy.destroy();
    }
    const warm = times.slice(1).sort((a, b) => a - b)[1];
    ctx.report(`style + layout, ${n} nodes (${n > dagreMaxNodes ? 'hop columns' : 'dagre'}), first / median warm`, `${times[0].toFixed(0)} / ${warm.toFixed(0)}`, 'ms');
  }
}
