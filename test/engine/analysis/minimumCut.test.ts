import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { minimumCut } from '../../../electron/engine/analysis/minimumCut';
import { chain, edge } from './helpers';

describe('minimumCut', () => {
  it('says to release the one outside reference that holds a diamond', () => {
    const h = heap('3.11.7', { R: { ext: 1, refs: ['A', 'B'] }, A: { refs: ['T'] }, B: { refs: ['T'] }, T: {} });
    const cut = minimumCut(h.graph, h.id('T'));
    expect(cut.status).toBe('ok');
    expect(cut.edges).toEqual([]);
    expect(cut.externalReleases).toEqual([{ node: h.id('R'), count: 1 }]);
    expect(cut.size).toBe(1);
  });

  it('prefers breaking one reference over releasing two outside holds', () => {
    const h = heap('3.11.7', { R: { ext: 2, refs: ['A'] }, A: { refs: ['T'] }, T: {} });
    const cut = minimumCut(h.graph, h.id('T'));
    expect(cut.size).toBe(1);
    expect(cut.externalReleases).toEqual([]);
    // Of the two one-reference cuts, the one nearest the target is reported.
    expect(cut.edges).toEqual([edge(h.graph, h.id('A'), h.id('T'))]);
  });

  it('needs one reference per independent holder', () => {
    const h = heap('3.11.7', {
      R1: { ext: 1, refs: ['A'] },
      R2: { ext: 1, refs: ['B'] },
      A: { refs: ['T', 'B'] },
      B: { refs: ['T'] },
      T: { refs: ['A'] },
    });
    const g = h.graph;
    const cut = minimumCut(g, h.id('T'));
    expect(cut.size).toBe(2);
    expect(cut.edges.length + cut.externalReleases.length).toBe(2);
  });

  it('counts each of two parallel references separately', () => {
    const h = heap('3.11.7', { R: { ext: 3, refs: ['L'] }, L: { refs: ['T', 'T'] }, T: {} });
    const cut = minimumCut(h.graph, h.id('T'));
    expect(cut.size).toBe(1);
    expect(cut.edges).toEqual([edge(h.graph, h.id('R'), h.id('L'))]);
  });

  it('reports a target that is itself held from outside as an external release', () => {
    const h = heap('3.11.7', { T: { ext: 1 } });
    expect(minimumCut(h.graph, h.id('T')).externalReleases).toEqual([{ node: h.id('T'), count: 1 }]);
  });

  it('says garbage is not retained', () => {
    const h = heap('3.11.7', { A: { refs: ['T'] }, T: { refs: ['A'] } });
    expect(minimumCut(h.graph, h.id('T')).status).toBe('not-retained');
  });

  it('gives up when more than maxCut references would have to go', () => {
    const h = heap('3.11.7', { A: { ext: 1, refs: ['T'] }, B: { ext: 1, refs: ['T'] }, C: { ext: 1, refs: ['T'] }, T: {} });
    expect(minimumCut(h.graph, h.id('T'), { maxCut: 2 }).status).toBe('too-large');
    expect(minimumCut(h.graph, h.id('T'), { maxCut: 3 }).size).toBe(3);
  });

  it('never cuts an immortal root but cuts below it', () => {
    const h = heap('3.12.1', { N: { immortal: true, rc: 4294967295, refs: ['A'] }, A: { refs: ['T'] }, T: {} });
    const cut = minimumCut(h.graph, h.id('T'));
    expect(cut.edges).toEqual([edge(h.graph, h.id('A'), h.id('T'))]);
  });

  it('finds the cut next to the target without exploring a web of ancestors', () => {
    // R is held from outside and by a ring of 50 objects that all reference it.
    const spec: Record<string, { ext?: number; refs?: string[] }> = { R: { ext: 1, refs: ['H'] }, H: { refs: ['T'] }, T: {} };
    for (let i = 0; i < 50; i++) spec[`W${i}`] = { ext: i === 0 ? 1 : 0, refs: ['R', `W${(i + 1) % 50}`] };
    const h = heap('3.11.7', spec);
    const cut = minimumCut(h.graph, h.id('T'), { nodeBudget: 10 });
    expect(cut.status).toBe('ok');
    expect(cut.edges).toEqual([edge(h.graph, h.id('H'), h.id('T'))]);
    expect(cut.ancestors).toBeLessThanOrEqual(3);
  });

  it('stops at the node budget', () => {
    const h = heap('3.11.7', { R: { ext: 1, refs: ['A'] }, A: { refs: ['B'] }, B: { refs: ['T'] }, T: {} });
    expect(minimumCut(h.graph, h.id('T'), { nodeBudget: 2 }).status).toBe('budget');
  });

  it('cuts a 200,000-node chain without overflowing the stack', () => {
    const g = chain(200_000);
    const cut = minimumCut(g, 199_999, { nodeBudget: 250_000 });
    expect(cut.status).toBe('ok');
    expect(cut.size).toBe(1);
    expect(cut.ancestors).toBe(200_000);
  });
});
