import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { findCycles, cycleSummaries, cycleFate } from '../../../electron/engine/analysis/scc';
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { syntheticHeader } from '../../../electron/engine/model/header';
import { Fate } from '../../../electron/engine/gc/types';
import type { EditOverlay } from '../../../electron/engine/whatif/types';
import type { HeapGraph } from '../../../electron/engine/model/HeapGraph';

function overlayRemoving(g: HeapGraph, edges: number[]): EditOverlay {
  const removedEdges = new Uint32Array(Math.ceil(g.edgeCount / 32));
  for (const e of edges) removedEdges[e >>> 5] |= 1 << (e & 31);
  return { removedEdges, droppedExternal: new Map(), effects: new Map() };
}

function members(cycles: ReturnType<typeof findCycles>, c: number): number[] {
  return [...cycles.members.subarray(cycles.firstMember[c], cycles.firstMember[c + 1])];
}

describe('findCycles', () => {
  it('counts a self-loop as a cycle but not a lone object', () => {
    const h = heap('3.11.7', { A: { refs: ['A'] }, B: { ext: 1 } });
    const c = findCycles(h.graph);
    expect(c.count).toBe(1);
    expect(h.names(members(c, 0))).toEqual(['A']);
    expect(c.cycleOf[h.id('B')]).toBe(-1);
  });

  it('finds the article instance/dict pair as one cycle', () => {
    const h = heap('2.7.18', {
      I: { type: '__main__.CGcLeak', fin: 'del', refs: ['D'] },
      D: { type: 'dict', refs: [['I', "['_self']"]] },
    });
    const c = findCycles(h.graph);
    expect(c.count).toBe(1);
    expect(h.names(members(c, 0))).toEqual(['D', 'I']);
  });

  it('merges nested cycles into one component and keeps separate ones apart', () => {
    const h = heap('3.11.7', {
      A: { refs: ['B'] },
      B: { refs: ['C', 'A'] },
      C: { refs: ['B', 'D'] },
      D: { refs: ['E'] },
      E: { refs: ['D'] },
      F: { ext: 1, refs: ['A'] },
    });
    const c = findCycles(h.graph);
    expect(c.count).toBe(2);
    const sets = [0, 1].map((i) => h.names(members(c, i))).sort();
    expect(sets).toEqual([['A', 'B', 'C'], ['D', 'E']]);
    expect(c.cycleOf[h.id('F')]).toBe(-1);
  });

  it('breaks a cycle when the overlay removes one of its edges', () => {
    const h = heap('3.11.7', { A: { refs: ['B'] }, B: { refs: ['A'] } });
    const g = h.graph;
    const ba = g.firstOutEdge[h.id('B')];
    expect(findCycles(g).count).toBe(1);
    expect(findCycles(g, overlayRemoving(g, [ba])).count).toBe(0);
  });

  it('drops a self-loop whose only edge the overlay removes', () => {
    const h = heap('3.11.7', { A: { refs: ['A'] } });
    const g = h.graph;
    expect(findCycles(g, overlayRemoving(g, [g.firstOutEdge[h.id('A')]])).count).toBe(0);
  });

  it('counts references held by non-GC objects (e.g. co_consts) as cycle edges', () => {
    const h = heap('3.11.7', { Code: { type: 'code', gc: false, refs: ['T'] }, T: { refs: ['Code'] } });
    expect(findCycles(h.graph).count).toBe(1);
  });

  it('handles a 200,000-node ring without overflowing the stack', () => {
    const n = 200_000;
    const b = new HeapGraphBuilder(n);
    for (let i = 0; i < n; i++) b.addNode({ address: 16 * (i + 1), type: 'node', size: 48, flags: 3, refcount: 1, external: 0, edges: [16 * (((i + 1) % n) + 1)] });
    const g = b.finish(syntheticHeader('3.11.7'));
    const c = findCycles(g);
    expect(c.count).toBe(1);
    expect(c.firstMember[1]).toBe(n);
  });
});

describe('cycleSummaries', () => {
  it('reports size, bytes, types, finalizer kinds and the common fate', () => {
    const h = heap('2.7.18', {
      I: { type: 'CGcLeak', size: 64, fin: 'del', refs: ['D'] },
      D: { type: 'dict', size: 280, refs: ['I'] },
    });
    const c = findCycles(h.graph);
    const fates = new Uint8Array(h.graph.nodeCount).fill(Fate.Uncollectable);
    const [s] = cycleSummaries(h.graph, c, { fates });
    expect(s.size).toBe(2);
    expect(s.bytes).toBe(344);
    expect(s.types.map((t) => t.type).sort()).toEqual(['CGcLeak', 'dict']);
    expect(s.finalizers).toEqual([{ kind: 'del', count: 1 }]);
    expect(s.hasFinalizers).toBe(true);
    expect(s.fate).toBe(Fate.Uncollectable);
    fates[h.id('D')] = Fate.Collected;
    expect(cycleFate(c, 0, fates)).toBe('mixed');
  });
});

describe('cycleSummaries on a big cycle', () => {
  it('counts the types of a 200,000-member ring', () => {
    const n = 200_000;
    const b = new HeapGraphBuilder(n);
    for (let i = 0; i < n; i++) b.addNode({ address: 16 * (i + 1), type: i % 4 === 0 ? 'dict' : 'node', size: 10, flags: 3, refcount: 1, external: 0, edges: [16 * (((i + 1) % n) + 1)] });
    const g = b.finish(syntheticHeader('3.11.7'));
    const [s] = cycleSummaries(g, findCycles(g));
    expect(s.types).toEqual([
      { type: 'node', count: 150_000 },
      { type: 'dict', count: 50_000 },
    ]);
    expect(s.bytes).toBe(2_000_000);
  });
});
