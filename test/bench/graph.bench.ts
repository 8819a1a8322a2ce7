/**
 * Neighbourhood graph layout and styling, star-shaped neighbourhoods (referrers left, referents
 * right) of growing size: the positions (dagre up to dagreMaxNodes, then hop columns; in the app
 * they run in a Web Worker) and Cytoscape applying the app's stylesheet headless (in the app this
 * runs in slices on the UI thread). The UI target is < 1 s for 500 nodes; `npm run bench -- ui`
 * measures the whole view in Chromium.
 */
import cytoscape from 'cytoscape';
import type { BenchContext } from './run';
import { toElements } from '../../renderer/src/graph/toElements';
import { graphStyle } from '../../renderer/src/graph/style';
import { dagreMaxNodes, layoutInput, layoutPositions } from '../../renderer/src/graph/layout';
import { starNeighbourhood as star } from '../renderer/explore/fixtures';

/** First run and the median of the warm ones, in ms. */
function time(rounds: number, run: () => void): string {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  return `${times[0].toFixed(0)} / ${warm[Math.floor(warm.length / 2)].toFixed(0)}`;
}

export default async function graphBench(ctx: BenchContext): Promise<void> {
  for (const n of [40, dagreMaxNodes, 200, 500]) {
    const g = star(n);
    const how = n > dagreMaxNodes ? 'hop columns' : 'dagre';
    ctx.report(`layout, ${n} nodes (${how}), first / median warm`, time(5, () => layoutPositions(layoutInput(g))), 'ms');
    ctx.report(
      `style, ${n} nodes, first / median warm`,
      time(5, () => {
        const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyle, elements: toElements(g) });
        cy.elements().forEach((el) => void el.style('label'));
        cy.destroy();
      }),
      'ms',
    );
  }
}
