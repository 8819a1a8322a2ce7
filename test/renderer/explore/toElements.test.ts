import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import { collapseNode, mergeNeighbourhoods, nodeLabel, toElements } from '../../../renderer/src/graph/toElements';
import { graphStyle } from '../../../renderer/src/graph/style';
import { dagreMaxNodes, fitViewport, layoutInput, layoutPositions } from '../../../renderer/src/graph/layout';
import { hopColumns } from '../../../renderer/src/graph/hopColumns';
import type { NeighbourhoodResponse } from '../../../shared/exploreApi';
import { node, obj, starNeighbourhood, twoCycleGraph } from './fixtures';
import { objectName } from '../../../renderer/src/components/explore/format';

describe('toElements', () => {
  it('classes nodes by fate and kind, marks the centre, changed nodes and the selected cycle', () => {
    const els = toElements(twoCycleGraph(), { changed: new Set([0x40]), cycle: new Set([0x10, 0x30]) });
    const byId = Object.fromEntries(els.map((e) => [e.data.id, e]));
    expect(byId.n48.classes).toBe('fate-uncollectable kind-instance centre in-cycle');
    expect(byId.n64.classes).toBe('fate-uncollectable kind-dict changed');
    // Only references from one member to another are part of the cycle: Ia → Da and Da → Ib.
    const cycleEdges = toElements(twoCycleGraph(), { cycle: new Set([0x10, 0x20, 0x30]) }).filter((e) => e.group === 'edges' && e.classes?.includes('in-cycle'));
    expect(cycleEdges.map((e) => e.data.id)).toEqual(['e0', 'e1']);
    expect(byId.n48.data.label).toBe('CGcLeakB\n_b');
    expect(byId.n16.data.label).toBe('CGcLeakA\n0x10');
  });

  it('labels edges with attribute names and marks references invisible to the collector', () => {
    const els = toElements(twoCycleGraph());
    const edges = els.filter((e) => e.group === 'edges');
    expect(edges.map((e) => e.data.label)).toEqual(['__dict__', "['_b']", '__dict__', "['_a']"]);
    expect(edges[3].classes).toBe('hidden-ref');
    expect(edges[1].classes).toBe('');
    expect(edges[3].data).toMatchObject({ source: 'n64', target: 'n16' });
  });

  it('uses a short repr when there is no name', () => {
    expect(nodeLabel(obj(1, 'str', { repr: "'hello'" }))).toBe("str\n'hello'");
  });

  it('shows a frame by function, file and line, however long the title', () => {
    expect(nodeLabel(obj(1, 'frame', { repr: 'handle_job (jobserver.py:71)' }))).toBe('frame\nhandle_job (jobserver.py:71)');
    expect(objectName({ type: 'frame', names: [], address: 1, repr: 'handle_job (jobserver.py:71)' })).toBe('frame handle_job (jobserver.py:71)');
  });
});

describe('merge and collapse', () => {
  it('merges an expansion without duplicating nodes or edges', () => {
    const g = twoCycleGraph();
    const extra: NeighbourhoodResponse = {
      nodes: [node(obj(0x10, '__main__.CGcLeakA'), 5), node(obj(0x50, 'list'), -3)],
      edges: [{ edge: 9, source: 0x50, target: 0x10, label: '[0]', traversed: true }, g.edges[0]],
      truncated: true,
    };
    const m = mergeNeighbourhoods(g, extra);
    expect(m.nodes).toHaveLength(5);
    expect(m.nodes.find((n) => n.address === 0x10)?.hop).toBe(-2);
    expect(m.edges).toHaveLength(5);
    expect(m.truncated).toBe(true);
  });

  it('collapses the far side of a node and keeps nodes something else still links', () => {
    const g: NeighbourhoodResponse = {
      nodes: [node(obj(1, 'list'), 0), node(obj(2, 'dict'), 1), node(obj(3, 'str'), 2), node(obj(4, 'int'), 2)],
      edges: [
        { edge: 0, source: 1, target: 2, label: '[0]', traversed: true },
        { edge: 1, source: 2, target: 3, label: "['a']", traversed: true },
        { edge: 2, source: 2, target: 4, label: "['b']", traversed: true },
        { edge: 3, source: 1, target: 4, label: '[1]', traversed: true },
      ],
      truncated: false,
    };
    const c = collapseNode(g, 2);
    expect(c.nodes.map((n) => n.address)).toEqual([1, 2, 4]);
    expect(c.nodes.find((n) => n.address === 2)?.more).toBe(true);
    expect(c.edges.map((e) => e.edge)).toEqual([0, 2, 3]);
  });
});

describe('Cytoscape (headless) and layout', () => {
  /** A star: the centre with n−1 neighbours split between referrers and referents (a module dict's shape). */
  const star = starNeighbourhood;

  for (const n of [dagreMaxNodes, 500]) {
    it(`styles ${n} nodes and lays them out, referrers left and referents right`, () => {
      const g = star(n);
      const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyle, elements: toElements(g) });
      expect(cy.nodes()).toHaveLength(n);
      expect(cy.getElementById('n1').style('shape')).toBe('ellipse');
      expect(cy.getElementById('n2').style('shape')).toBe('round-rectangle');
      cy.destroy();
      // Layout speed is measured by `npm run bench -- graph`, never asserted here.
      const pos = layoutPositions(layoutInput(g));
      expect(Object.keys(pos)).toHaveLength(n);
      const x = (id: number): number => pos[`n${id}`].x;
      expect(x(g.nodes.find((nd) => nd.hop < 0)!.address)).toBeLessThan(x(1));
      expect(x(g.nodes.find((nd) => nd.hop > 0)!.address)).toBeGreaterThan(x(1));
    });
  }

  it('draws edges straight, and bundles those that share both ends so each stays visible', () => {
    const g = twoCycleGraph();
    g.edges.push({ edge: 9, source: 0x20, target: 0x10, label: '[0]', traversed: true });
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyle, elements: toElements(g) });
    expect(cy.getElementById('e1').style('curve-style')).toBe('straight');
    expect(cy.getElementById('e0').style('curve-style')).toBe('bezier');
    expect(cy.getElementById('e9').style('curve-style')).toBe('bezier');
    cy.destroy();
  });

  it('ranks a cycle shown as centres (all at hop 0) along its references', () => {
    const g = twoCycleGraph();
    g.nodes.forEach((n) => (n.hop = 0));
    const pos = layoutPositions(layoutInput(g));
    const xs = new Set(['n16', 'n32', 'n48', 'n64'].map((id) => Math.round(pos[id].x)));
    expect(xs.size).toBeGreaterThan(1);
  });

  it('orders each column by the barycentre of its neighbours', () => {
    const pos = hopColumns(
      [{ id: 'c', hop: 0 }, { id: 'a', hop: 1 }, { id: 'b', hop: 1 }, { id: 'x', hop: 2 }, { id: 'y', hop: 2 }],
      [{ source: 'c', target: 'a' }, { source: 'c', target: 'b' }, { source: 'b', target: 'x' }, { source: 'a', target: 'y' }],
    );
    expect(pos.get('c')).toEqual({ x: 0, y: 0 });
    expect(pos.get('a')!.y).toBeLessThan(pos.get('b')!.y);
    expect(pos.get('y')!.y).toBeLessThan(pos.get('x')!.y);
    expect(pos.get('x')!.x).toBe(440);
  });

  it('lays out the two-object cycle with dagre, referrers left of the centre', () => {
    const pos = layoutPositions(layoutInput(twoCycleGraph()));
    expect(pos.n16.x).toBeLessThan(pos.n32.x);
    expect(pos.n32.x).toBeLessThan(pos.n48.x);
    expect(pos.n64.x).toBeGreaterThan(pos.n48.x);
  });

  it('fits positions into the viewport without measuring elements', () => {
    const { zoom, pan } = fitViewport({ a: { x: 0, y: 0 }, b: { x: 1000, y: 0 } }, 548, 400);
    // 1000 px apart plus a label's width, into 500 px.
    expect(zoom).toBeCloseTo(500 / 1150, 5);
    const screen = (x: number, y: number) => ({ x: x * zoom + pan.x, y: y * zoom + pan.y });
    expect(screen(500, 0).x).toBeCloseTo(274, 5);
    expect(screen(-75, 0).x).toBeCloseTo(24, 5);
    expect(fitViewport({ a: { x: 5, y: 5 } }, 400, 300).zoom).toBeCloseTo(Math.min((400 - 48) / 150, (300 - 48) / (49 + 38)), 5);
    expect(fitViewport({ a: { x: 5, y: 5 } }, 4000, 3000).zoom).toBe(4);
  });
});
