/** Graph layouts leave room for every label: no node's label box overlaps another node or label. */
import { describe, expect, it } from 'vitest';
import { labelHeight, labelWidth, layoutInput, layoutPositions } from '../../../renderer/src/graph/layout';
import { graphStyle } from '../../../renderer/src/graph/style';
import { starNeighbourhood } from '../explore/fixtures';

type Box = { x1: number; y1: number; x2: number; y2: number };
const overlap = (a: Box, b: Box): boolean => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

function boxes(n: number): Box[] {
  const pos = layoutPositions(layoutInput(starNeighbourhood(n)));
  // Node (up to the centre's 49 px) and its label below it, as style.ts draws them.
  return Object.values(pos).map((p) => ({ x1: p.x - labelWidth / 2, y1: p.y - 25, x2: p.x + labelWidth / 2, y2: p.y + 17 + labelHeight }));
}

describe('graph labels', () => {
  for (const [name, n] of [
    ['dagre', 40],
    ['hop columns', 300],
  ] as const) {
    it(`do not overlap (${name}, ${n} objects)`, () => {
      const b = boxes(n);
      const clashes: string[] = [];
      for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) if (overlap(b[i], b[j])) clashes.push(`${i}/${j}`);
      expect(clashes).toEqual([]);
    });
  }

  it('are drawn no smaller than 9 px on edges, or not at all, and below the selection ring', () => {
    const blocks = graphStyle as unknown as { selector: string; style: Record<string, unknown> }[];
    const edge = blocks.find((s) => s.selector === 'edge')!.style;
    expect(edge['min-zoomed-font-size']).toBeGreaterThanOrEqual(9);
    const node = blocks.find((s) => s.selector === 'node')!.style;
    // ringAround(): 5 px outside the node; the label starts further out.
    expect(node['text-margin-y']).toBeGreaterThan(5);
    expect(node['text-max-width']).toBe(`${labelWidth}px`);
  });
});
