import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { computeDominators, dominates } from '../../../electron/engine/analysis/dominators';
import { chain, edge, overlay } from './helpers';

describe('computeDominators', () => {
  it('gives the join of a diamond to the top, not to either side', () => {
    const h = heap('3.11.7', {
      R: { ext: 1, size: 10, refs: ['L', 'M'] },
      L: { size: 20, refs: ['J'] },
      M: { size: 30, refs: ['J'] },
      J: { size: 40 },
    });
    const d = computeDominators(h.graph);
    expect(d.idom[h.id('R')]).toBe(-1);
    expect(d.idom[h.id('L')]).toBe(h.id('R'));
    expect(d.idom[h.id('J')]).toBe(h.id('R'));
    expect(d.retainedSizes[h.id('L')]).toBe(20);
    expect(d.retainedSizes[h.id('R')]).toBe(100);
  });

  it('hangs a root off the super-root even when another root references it', () => {
    const h = heap('3.11.7', { R1: { ext: 1, refs: ['R2'] }, R2: { ext: 1, refs: ['X'] }, X: {} });
    const d = computeDominators(h.graph);
    expect(d.idom[h.id('R2')]).toBe(-1);
    expect(d.idom[h.id('X')]).toBe(h.id('R2'));
    expect(d.retainedSizes[h.id('R1')]).toBe(56);
  });

  it('lets a chain head retain everything below it', () => {
    const h = heap('3.11.7', { A: { ext: 1, size: 1, refs: ['B'] }, B: { size: 2, refs: ['C'] }, C: { size: 4 } });
    const d = computeDominators(h.graph);
    expect(d.idom[h.id('C')]).toBe(h.id('B'));
    expect([...d.retainedSizes]).toEqual([7, 6, 4]);
  });

  it('keeps retained sizes in 4 bytes while the heap\'s bytes fit in 32 bits, in 8 past that, with exact sums', () => {
    const small = heap('3.11.7', { A: { ext: 1, size: 2 ** 31, refs: ['B'] }, B: { size: 2 ** 31 - 1 } });
    const d = computeDominators(small.graph);
    expect(d.retainedSizes).toBeInstanceOf(Uint32Array);
    expect([...d.retainedSizes]).toEqual([2 ** 32 - 1, 2 ** 31 - 1]);
    const big = heap('3.11.7', { A: { ext: 1, size: 2 ** 31, refs: ['B'] }, B: { size: 2 ** 31 } });
    const e = computeDominators(big.graph);
    expect(e.retainedSizes).toBeInstanceOf(Float64Array);
    expect([...e.retainedSizes]).toEqual([2 ** 32, 2 ** 31]);
  });

  it('handles a loop back into the middle of a path (Lengauer-Tarjan semidominator case)', () => {
    // R -> A -> B -> C -> D, R -> C, D -> B: B's idom is A? no: R->C->D->B bypasses A, so idom(B) = R.
    const h = heap('3.11.7', {
      R: { ext: 1, refs: ['A', 'C'] },
      A: { refs: ['B'] },
      B: { refs: ['C'] },
      C: { refs: ['D'] },
      D: { refs: ['B', 'E'] },
      E: {},
    });
    const d = computeDominators(h.graph);
    expect(h.name(d.idom[h.id('B')])).toBe('R');
    expect(h.name(d.idom[h.id('C')])).toBe('R');
    expect(h.name(d.idom[h.id('D')])).toBe('C');
    expect(h.name(d.idom[h.id('E')])).toBe('D');
    expect(dominates(d, h.id('C'), h.id('E'))).toBe(true);
    expect(dominates(d, h.id('B'), h.id('E'))).toBe(false);
  });

  it('marks a leaked cycle unreachable but gives its entry the whole cycle as retained size', () => {
    const h = heap('2.7.18', {
      Live: { ext: 1, size: 5 },
      I: { fin: 'del', size: 64, refs: ['D'] },
      D: { size: 280, refs: ['I', 'X'] },
      X: { size: 100, refs: ['Live'] },
    });
    const d = computeDominators(h.graph);
    for (const name of ['I', 'D', 'X']) expect(d.idom[h.id(name)]).toBe(-2);
    expect(d.idom[h.id('Live')]).toBe(-1);
    expect(d.retainedSizes[h.id('I')]).toBe(444);
    expect(d.retainedSizes[h.id('Live')]).toBe(5);
    expect(d.treeParent![h.id('I')]).toBe(-1);
    expect(d.treeParent![h.id('X')]).toBe(h.id('D'));
    expect([...d.garbageEntries!]).toEqual([h.id('I')]);
  });

  it('treats garbage held by another garbage cycle as part of that cycle\'s retained size', () => {
    const h = heap('3.11.7', {
      A: { size: 1, refs: ['B'] },
      B: { size: 1, refs: ['A', 'C'] },
      C: { size: 10, refs: ['D'] },
      D: { size: 10, refs: ['C'] },
    });
    const d = computeDominators(h.graph);
    expect(d.garbageEntries!.length).toBe(1);
    expect(d.retainedSizes[h.id('A')]).toBe(22);
  });

  it('re-roots the tree after an edit removes an edge', () => {
    const h = heap('3.11.7', { R: { ext: 1, refs: ['A', 'B'] }, A: { refs: ['B'] }, B: {} });
    const g = h.graph;
    const d = computeDominators(g, overlay(g, [edge(g, h.id('R'), h.id('B'))]));
    expect(d.idom[h.id('B')]).toBe(h.id('A'));
  });

  it('drops a root when the overlay releases its outside references', () => {
    const h = heap('3.11.7', { R: { ext: 1, refs: ['A'] }, A: {} });
    const d = computeDominators(h.graph, overlay(h.graph, [], [[h.id('R'), 1]]));
    expect(d.idom[h.id('R')]).toBe(-2);
    expect(d.retainedSizes[h.id('R')]).toBe(112);
  });

  it('walks a 200,000-node chain without overflowing the stack', () => {
    const g = chain(200_000);
    const d = computeDominators(g);
    expect(d.idom[199_999]).toBe(199_998);
    expect(d.retainedSizes[0]).toBe(8 * 200_000);
  });

  it('handles a 200,000-node ring held at its head', () => {
    const g = chain(200_000, true);
    const d = computeDominators(g);
    expect(d.idom[1]).toBe(0);
    expect(d.idom[0]).toBe(-1);
    expect(d.retainedSizes[0]).toBe(8 * 200_000);
  });

  it('gives a 200,000-node leaked ring one entry that retains all of it', () => {
    const g = chain(200_000, true);
    const o = overlay(g, [], [[0, 1]]);
    const d = computeDominators(g, o);
    expect(d.reachableCount).toBe(0);
    expect(d.garbageEntries!.length).toBe(1);
    expect(d.retainedSizes[d.garbageEntries![0]]).toBe(8 * 200_000);
  });
});
