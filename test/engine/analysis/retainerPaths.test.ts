import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { retainerPaths, shortestRetainerPath } from '../../../electron/engine/analysis/retainerPaths';
import { chain, edge, overlay } from './helpers';

describe('shortestRetainerPath', () => {
  it('returns the root alone when the object itself is held from outside', () => {
    const h = heap('3.11.7', { A: { ext: 1 } });
    expect(shortestRetainerPath(h.graph, h.id('A'))).toEqual({ nodes: [h.id('A')], edges: [] });
  });

  it('returns null for garbage', () => {
    const h = heap('3.11.7', { A: { refs: ['B'] }, B: { refs: ['A'] } });
    expect(shortestRetainerPath(h.graph, h.id('A'))).toBeNull();
  });

  it('finds the shorter of two routes and lists root-to-node edges', () => {
    const h = heap('3.11.7', {
      R: { ext: 1, refs: ['A', 'T'] },
      A: { refs: ['B'] },
      B: { refs: ['T'] },
      T: {},
    });
    const g = h.graph;
    const p = shortestRetainerPath(g, h.id('T'))!;
    expect(p.nodes.map(h.name)).toEqual(['R', 'T']);
    expect(p.edges).toEqual([edge(g, h.id('R'), h.id('T'))]);
  });

  it('prefers a path through labelled edges of tracked objects when lengths tie', () => {
    const h = heap('3.11.7', {
      R: { ext: 1, refs: ['U', 'L'] },
      U: { gc: false, refs: ['T'] },
      L: { refs: [['T', '.attr']] },
      T: {},
    });
    expect(shortestRetainerPath(h.graph, h.id('T'))!.nodes.map(h.name)).toEqual(['R', 'L', 'T']);
  });

  it('does not count a reference from a non-GC object as an outside holder', () => {
    const h = heap('3.11.7', { Code: { type: 'code', gc: false, ext: 1, refs: ['C'] }, C: {} });
    expect(shortestRetainerPath(h.graph, h.id('C'))!.nodes.map(h.name)).toEqual(['Code', 'C']);
  });

  it('skips removed edges and referrers outside the live mask', () => {
    const h = heap('3.11.7', {
      R: { ext: 1, refs: ['T', 'A'] },
      A: { refs: ['B'] },
      B: { refs: ['T'] },
      S: { ext: 1, refs: ['C'] },
      C: { refs: ['T'] },
      T: {},
    });
    const g = h.graph;
    const o = overlay(g, [edge(g, h.id('R'), h.id('T'))]);
    expect(shortestRetainerPath(g, h.id('T'), o)!.nodes.map(h.name)).toEqual(['S', 'C', 'T']);
    const live = new Uint8Array(g.nodeCount).fill(1);
    live[h.id('C')] = 0;
    expect(shortestRetainerPath(g, h.id('T'), o, live)!.nodes.map(h.name)).toEqual(['R', 'A', 'B', 'T']);
  });

  it('follows a 200,000-node chain back to its root', () => {
    const g = chain(200_000);
    const p = shortestRetainerPath(g, 199_999)!;
    expect(p.nodes.length).toBe(200_000);
    expect(p.nodes[0]).toBe(0);
    expect(p.edges.length).toBe(199_999);
  });
});

describe('retainerPaths', () => {
  it('gives one path per referrer, shortest first', () => {
    const h = heap('3.11.7', {
      R: { ext: 1, refs: ['T', 'A'] },
      A: { refs: ['B'] },
      B: { refs: ['T'] },
      T: {},
    });
    const paths = retainerPaths(h.graph, h.id('T'), 5);
    expect(paths.map((p) => p.nodes.map(h.name))).toEqual([
      ['R', 'T'],
      ['R', 'A', 'B', 'T'],
    ]);
  });

  it('stops at k paths', () => {
    const h = heap('3.11.7', { A: { ext: 1, refs: ['T'] }, B: { ext: 1, refs: ['T'] }, C: { ext: 1, refs: ['T'] }, T: {} });
    expect(retainerPaths(h.graph, h.id('T'), 2).length).toBe(2);
  });
});
