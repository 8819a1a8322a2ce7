import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { sim } from './simHelpers';
import { explainFate } from '../../../electron/engine/gc/explain';
import { simulate } from '../../../electron/engine/gc/simulate';
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { NodeFlag } from '../../../electron/engine/model/HeapGraph';
import { syntheticHeader } from '../../../electron/engine/model/header';

describe('explainFate', () => {
  it('names the legacy finalizer and the 2.7 rules for an instance kept in gc.garbage', () => {
    const h = heap('2.7.18', { I: { type: 'CGcLeak', fin: 'del', refs: ['D'] }, D: { type: 'dict', refs: ['I'] } });
    const r = sim(h);
    const e = explainFate(h.graph, r, h.id('I'));
    expect(e.fate).toBe('uncollectable');
    expect(e.sentence).toMatch(/kept in gc.garbage because it defines __del__.*CPython ≤ 3.3/);
  });

  it('says which uncollectable object pins a dict of a __del__ instance', () => {
    const h = heap('2.7.18', { I: { type: 'CGcLeak', fin: 'del', refs: ['D'] }, D: { type: 'dict', refs: ['I'] } });
    const e = explainFate(h.graph, sim(h), h.id('D'));
    expect(e.pinnedBy).toBe(h.id('I'));
    expect(e.sentence).toMatch(/held by the uncollectable CGcLeak at 0x1000 \(has __del__\)/);
  });

  it('explains an alive object with the path from its root and the name holding the root', () => {
    const b = new HeapGraphBuilder();
    const gc = NodeFlag.Gc | NodeFlag.Tracked;
    b.addNode({ address: 16, type: 'list', size: 56, flags: gc, refcount: 1, external: 1, edges: [32], labels: ['[0]'] });
    b.addNode({ address: 32, type: 'dict', size: 56, flags: gc, refcount: 1, external: 0 });
    b.addHolderName(16, 'module __main__', 'cache');
    const g = b.finish(syntheticHeader('3.11.7'));
    const r = simulate(g);
    const e = explainFate(g, r, 1);
    expect(e.fate).toBe('alive');
    expect(e.sentence).toBe('Alive: reachable from list at 0x10 held by cache in module __main__');
    expect(e.path?.nodes).toEqual([0, 1]);
    expect(explainFate(g, r, 0).sentence).toBe('Alive: held directly by cache in module __main__');
  });

  it('falls back to "an external reference" when no name is known', () => {
    const h = heap('3.11.7', { R: { type: 'list', refs: ['X'], ext: 1 }, X: { type: 'dict' } });
    expect(explainFate(h.graph, sim(h), h.id('X')).sentence).toMatch(/held by an external reference \(C code, a frame/);
  });

  it('explains objects freed by refcount, collected and resurrected', () => {
    const h = heap('3.9.18', {
      R: { type: 'list', refs: ['X'], ext: 1 },
      X: { type: 'dict' },
      A: { type: 'list', refs: ['A'] },
      Z: { fin: 'del', refs: ['Z'] },
    });
    const r = sim(h, { edits: [['drop-ref', 'R', 'X'], ['effect', 'Z', 'resurrect']] });
    expect(explainFate(h.graph, r, h.id('X')).sentence).toMatch(/^Freed by reference counting/);
    expect(explainFate(h.graph, r, h.id('A')).sentence).toMatch(/^Collected by gc.collect\(\)/);
    expect(explainFate(h.graph, r, h.id('Z')).sentence).toMatch(/^Resurrected/);
  });

  it('explains DEBUG_SAVEALL leftovers', () => {
    const h = heap('3.11.7', { A: { type: 'list', refs: ['A'] } });
    const r = sim(h, { saveAll: true });
    expect(explainFate(h.graph, r, h.id('A')).sentence).toMatch(/DEBUG_SAVEALL/);
  });

  it('explains an F leftover whose legacy finalizer was freed by the clearing cascade', () => {
    const h = heap('2.7.18', {
      A: { type: 'list', refs: ['A', 'L'] },
      L: { fin: 'del', refs: ['P'] },
      P: { type: 'list', refs: ['P'] },
    });
    const r = sim(h);
    const e = explainFate(h.graph, r, h.id('P'));
    expect(e.fate).toBe('uncollectable');
    expect(e.sentence).toMatch(/not itself in gc.garbage; it stays alive until a later collection/);
    expect(explainFate(h.graph, r, h.id('L')).sentence).toMatch(/^Collected: freed by reference counting while the collector cleared/);
  });
});
