import { describe, expect, it } from 'vitest';
import { graphStep, isArrowKey } from '../../../renderer/src/graph/keyboardNav';
import type { Positions } from '../../../renderer/src/graph/layout';
import type { NeighbourhoodResponse } from '../../../shared/exploreApi';
import { node, obj, twoCycleGraph } from './fixtures';

/** The centre C (0x1) holds A (0x2, upper) and B (0x3, lower); R (0x4) holds C; A holds D (0x5). */
function fan(): { g: NeighbourhoodResponse; pos: Positions } {
  const g: NeighbourhoodResponse = {
    nodes: [node(obj(1, 'dict'), 0), node(obj(2, 'list'), 1), node(obj(3, 'list'), 1), node(obj(4, 'module'), -1), node(obj(5, 'str'), 2)],
    edges: [
      { edge: 10, source: 1, target: 2, label: "['a']", traversed: true },
      { edge: 11, source: 1, target: 3, label: "['b']", traversed: true },
      { edge: 12, source: 4, target: 1, label: '__dict__', traversed: true },
      { edge: 13, source: 2, target: 5, label: '[0]', traversed: true },
    ],
    truncated: false,
  };
  const pos: Positions = { n1: { x: 0, y: 0 }, n2: { x: 200, y: -30 }, n3: { x: 200, y: 40 }, n4: { x: -200, y: 0 }, n5: { x: 400, y: -30 } };
  return { g, pos };
}

describe('graph keyboard navigation', () => {
  it('follows a reference to the nearest referent with →, and names the reference', () => {
    const { g, pos } = fan();
    expect(graphStep(g, pos, 1, 'ArrowRight')).toEqual({ address: 2, edge: g.edges[0] });
    expect(graphStep(g, pos, 2, 'ArrowRight')?.address).toBe(5);
    expect(graphStep(g, pos, 5, 'ArrowRight')).toBeNull();
  });

  it('goes back to a referrer with ←', () => {
    const { g, pos } = fan();
    expect(graphStep(g, pos, 1, 'ArrowLeft')).toEqual({ address: 4, edge: g.edges[2] });
    expect(graphStep(g, pos, 5, 'ArrowLeft')?.address).toBe(2);
    expect(graphStep(g, pos, 4, 'ArrowLeft')).toBeNull();
  });

  it('moves within a column with ↑ and ↓', () => {
    const { g, pos } = fan();
    expect(graphStep(g, pos, 2, 'ArrowDown')).toEqual({ address: 3, edge: null });
    expect(graphStep(g, pos, 3, 'ArrowUp')).toEqual({ address: 2, edge: null });
    expect(graphStep(g, pos, 3, 'ArrowDown')).toBeNull();
  });

  it('starts at the centre when nothing shown is selected', () => {
    const { g, pos } = fan();
    expect(graphStep(g, pos, null, 'ArrowRight')).toEqual({ address: 1, edge: null });
    expect(graphStep(g, pos, 99, 'ArrowDown')).toEqual({ address: 1, edge: null });
  });

  it('walks the article cycle reference by reference', () => {
    const g = twoCycleGraph();
    const pos: Positions = { n16: { x: -400, y: 0 }, n32: { x: -200, y: 0 }, n48: { x: 0, y: 0 }, n64: { x: 200, y: 0 } };
    const walk: number[] = [];
    let at = 0x30;
    for (let i = 0; i < 3; i++) {
      at = graphStep(g, pos, at, 'ArrowRight')!.address;
      walk.push(at);
    }
    expect(walk).toEqual([0x40, 0x10, 0x20]);
    expect(graphStep(g, pos, 0x40, 'ArrowRight')?.edge?.label).toBe("['_a']");
  });

  it('knows the arrow keys', () => {
    expect(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Enter'].map(isArrowKey)).toEqual([true, true, true, true, false]);
  });
});
