import { describe, expect, it } from 'vitest';
import cytoscape from 'cytoscape';
import { collapseNode, mergeNeighbourhoods, nodeLabel, toElements } from '../../../renderer/src/graph/toElements';
import { graphStyle } from '../../../renderer/src/graph/style';
import { dagreMaxNodes, registerExtensions, runLayout } from '../../../renderer/src/graph/layout';
import { hopColumns } from '../../../renderer/src/graph/hopColumns';
import type { NeighbourhoodResponse } from '../../../shared/exploreApi';
import { node, obj, starNeighbourhood, twoCycleGraph } from './fixtures';

describe('toElements', () => {
  it('classes nodes by fate and kind, marks the centre, changed nodes and the selected cycle', () => {
    const els = toElements(twoCycleGraph(), { changed: new Set([0x40]), cycle: new Set([0x10, 0x30]), selected: 0x30 });
    const byId = Object.fromEntries(els.map((e) => [e.data.id, e]));
    expect(byId.n48.classes).toBe('fate-uncollectable kind-instance centre in-cycle selected-node');
    expect(byId.n64.classes).toBe('fate-uncollectable kind-dict changed');
    expect(byId.n48.data.label).toBe('CGcLeakB\n_b');
    expect(byId.n16.data.label).toBe('CGcLeakA\n0x10');
  });

  it('labels edges with attribute names and marks references invisible to the collector', () => {
    const els = toElements(twoCycleGraph(), { selectedEdge: 1 });
    const edges = els.filter((e) => e.group === 'edges');
    expect(edges.map((e) => e.data.label)).toEqual(['__dict__', "['_b']", '__dict__', "['_a']"]);
    expect(edges[3].classes).toBe('hidden-ref');
    expect(edges[1].classes).toBe('selected-ref');
    expect(edges[3].data).toMatchObject({ source: 'n64', target: 'n16' });
  });

  it('uses a short repr when there is no name', () => {
    expect(nodeLabel(obj(1, 'str', { repr: "'hello'" }))).toBe("str\n'hello'");
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

describe('Cytoscape (headless)', () => {
  /** A star: the centre with n−1 neighbours split between referrers and referents (a module dict's shape). */
  const star = starNeighbourhood;

  for (const n of [dagreMaxNodes, 500]) {
    it(`styles and lays out ${n} nodes, referrers left and referents right`, () => {
      registerExtensions();
      const g = star(n);
      const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyle, elements: toElements(g) });
      expect(cy.nodes()).toHaveLength(n);
      expect(cy.getElementById('n1').style('shape')).toBe('ellipse');
      expect(cy.getElementById('n2').style('shape')).toBe('round-rectangle');
      // Layout speed is measured by `npm run bench -- graph`, never asserted here.
      runLayout(cy, false);
      const x = (id: number): number => cy.getElementById(`n${id}`).position('x');
      expect(x(g.nodes.find((nd) => nd.hop < 0)!.address)).toBeLessThan(x(1));
      expect(x(g.nodes.find((nd) => nd.hop > 0)!.address)).toBeGreaterThan(x(1));
      cy.destroy();
    });
  }

  it('ranks a cycle shown as centres (all at hop 0) along its references', () => {
    registerExtensions();
    const g = twoCycleGraph();
    g.nodes.forEach((n) => (n.hop = 0));
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyle, elements: toElements(g) });
    runLayout(cy, false);
    const xs = new Set(['n16', 'n32', 'n48', 'n64'].map((id) => Math.round(cy.getElementById(id).position('x'))));
    expect(xs.size).toBeGreaterThan(1);
    cy.destroy();
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
    registerExtensions();
    const cy = cytoscape({ headless: true, styleEnabled: true, style: graphStyle, elements: toElements(twoCycleGraph()) });
    runLayout(cy, false);
    expect(cy.getElementById('n16').position('x')).toBeLessThan(cy.getElementById('n32').position('x'));
    expect(cy.getElementById('n32').position('x')).toBeLessThan(cy.getElementById('n48').position('x'));
    expect(cy.getElementById('n64').position('x')).toBeGreaterThan(cy.getElementById('n48').position('x'));
    cy.destroy();
  });
});
