import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { collectorGcRefs, findRoots, isRoot, outsideCount } from '../../../electron/engine/analysis/roots';
import { edge, overlay } from './helpers';

describe('roots of the strong-reference graph', () => {
  it('makes an object held from outside the dump a root with its outside count', () => {
    const h = heap('3.11.7', { G: { ext: 2, refs: ['A'] }, A: {} });
    const roots = findRoots(h.graph);
    expect([...roots.list]).toEqual([h.id('G')]);
    expect(roots.outside[h.id('G')]).toBe(2);
    expect(outsideCount(h.graph, h.id('A'))).toBe(0);
  });

  it('counts references from non-GC and untracked objects as inside the dump', () => {
    const h = heap('3.11.7', { Code: { type: 'code', gc: false, ext: 1, refs: ['K'] }, K: { type: 'tuple', tracked: false } });
    expect(isRoot(h.graph, h.id('K'))).toBe(false);
    // ...while the collector sees the code object's reference as external.
    expect(collectorGcRefs(h.graph)[h.id('K')]).toBe(0);
  });

  it('gives the collector a root where a non-GC object holds a tracked one', () => {
    const h = heap('3.11.7', { Code: { type: 'code', gc: false, ext: 1, refs: ['L'] }, L: { type: 'list' } });
    expect(collectorGcRefs(h.graph)[h.id('L')]).toBe(1);
    expect(isRoot(h.graph, h.id('L'))).toBe(false);
  });

  it('makes immortal objects roots whatever their count', () => {
    const h = heap('3.12.1', { N: { type: 'NoneType', immortal: true, rc: 3, gc: false }, A: { refs: ['N', 'N', 'N'] } });
    expect(isRoot(h.graph, h.id('N'))).toBe(true);
    expect(findRoots(h.graph).mask[h.id('N')]).toBe(1);
  });

  it('lets dropped external references unroot an object but leaves removed edges neutral', () => {
    const h = heap('3.11.7', { G: { ext: 1, refs: ['A'] }, A: { ext: 1 } });
    const g = h.graph;
    const o = overlay(g, [edge(g, h.id('G'), h.id('A'))], [[h.id('G'), 1]]);
    expect(isRoot(g, h.id('G'), o)).toBe(false);
    expect(outsideCount(g, h.id('A'), o)).toBe(1);
    expect([...findRoots(g, o).list]).toEqual([h.id('A')]);
  });

  it('lowers the collector\'s gc_refs for removed edges and dropped externals', () => {
    const h = heap('3.11.7', { A: { ext: 1, refs: ['B'] }, B: { ext: 1 } });
    const g = h.graph;
    expect(collectorGcRefs(g)[h.id('B')]).toBe(1);
    const o = overlay(g, [edge(g, h.id('A'), h.id('B'))], [[h.id('B'), 1]]);
    expect(collectorGcRefs(g, o)[h.id('B')]).toBe(0);
  });
});
