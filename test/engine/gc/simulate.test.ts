import { describe, expect, it } from 'vitest';
import { heap, type DslNode } from '../heapDsl';
import { fatesOf, sim } from './simHelpers';

describe('simulate: the collector without finalizers', () => {
  it('collects a plain two-cycle and counts both objects', () => {
    const h = heap('2.7.18', { A: { type: 'list', refs: ['B'] }, B: { type: 'list', refs: ['A'] } });
    const r = sim(h);
    expect(r.collect).toBe(2);
    expect(r.garbage.length).toBe(0);
    expect(h.names(r.collectable)).toEqual(['A', 'B']);
    expect(h.names(r.freedByCollector)).toEqual(['A', 'B']);
  });

  it('keeps a cycle that a name outside the dump still holds', () => {
    const h = heap('3.11.7', { A: { type: 'list', refs: ['B'], ext: 1 }, B: { type: 'list', refs: ['A'] } });
    const r = sim(h);
    expect(r.collect).toBe(0);
    expect(fatesOf(h, r)).toEqual({ A: 'alive', B: 'alive' });
  });

  it('keeps a live object that a dead cycle points at, and frees the cycle', () => {
    const h = heap('3.11.7', {
      A: { type: 'list', refs: ['B', 'L'] },
      B: { type: 'list', refs: ['A'] },
      L: { type: 'dict', ext: 1 },
    });
    const r = sim(h);
    expect(r.collect).toBe(2);
    expect(fatesOf(h, r)).toEqual({ A: 'collected', B: 'collected', L: 'alive' });
  });

  it('frees untracked and non-GC objects held only by the cycle but does not count them', () => {
    const h = heap('3.9.18', {
      A: { type: 'list', refs: ['A', 'T'] },
      T: { type: 'tuple', tracked: false, refs: ['S'] },
      S: { type: 'str', gc: false },
    });
    const r = sim(h);
    expect(r.collect).toBe(1);
    expect(h.names(r.collectable)).toEqual(['A']);
    expect(h.names(r.freedByCollector)).toEqual(['A', 'S', 'T']);
  });

  it('treats a reference from an untracked container as external: its target is a root', () => {
    const h = heap('3.9.18', {
      D: { type: 'dict', tracked: false, refs: ['A'], ext: 1 },
      A: { type: 'list', refs: ['A'] },
    });
    const r = sim(h);
    expect(r.collect).toBe(0);
    expect(fatesOf(h, r)).toEqual({ D: 'alive', A: 'alive' });
  });

  it('sees a hidden reference as external, then frees its target in the clearing cascade', () => {
    const h = heap('3.11.7', {
      X: { type: 'function', refs: [['Y', 'hidden'], ['X', 'self']], hidden: 1 },
      Y: { type: 'list' },
    });
    const r = sim(h);
    expect(r.collect).toBe(1);
    expect(h.names(r.collectable)).toEqual(['X']);
    expect(fatesOf(h, r)).toEqual({ X: 'collected', Y: 'collected' });
  });

  it('follows co_consts of a code object in the refcount cascade', () => {
    const h = heap('3.11.7', {
      F: { type: 'function', refs: [['C', '__code__']], ext: 1 },
      C: { type: 'code', gc: false, refs: [['K', 'co_consts']] },
      K: { type: 'tuple', tracked: false, refs: ['S'] },
      S: { type: 'str', gc: false },
    });
    const r = sim(h, { edits: [['drop-external', 'F']] });
    expect(h.names(r.freedByRefcount)).toEqual(['C', 'F', 'K', 'S']);
    expect(r.collect).toBe(0);
  });

  it('never frees an immortal object, even when its count reaches zero', () => {
    const h = heap('3.12.1', {
      L: { type: 'list', refs: ['N'], ext: 1 },
      N: { type: 'NoneType', gc: false, immortal: true, rc: 1 },
    });
    const r = sim(h, { edits: [['drop-external', 'L']] });
    expect(fatesOf(h, r)).toEqual({ L: 'freed by refcount', N: 'alive' });
  });

  it('frees only what loses its last reference when one reference is removed', () => {
    const h = heap('3.11.7', {
      R: { type: 'list', refs: ['A', 'B'], ext: 1 },
      A: { type: 'list', refs: ['C'] },
      B: { type: 'list', refs: ['C'] },
      C: { type: 'list' },
    });
    const r = sim(h, { edits: [['drop-ref', 'R', 'A']] });
    expect(fatesOf(h, r)).toEqual({ R: 'alive', A: 'freed by refcount', B: 'alive', C: 'alive' });
  });

  it('clearing an object removes all its references', () => {
    const h = heap('3.11.7', { R: { type: 'list', refs: ['A', 'B'], ext: 1 }, A: { type: 'list' }, B: { type: 'list' } });
    const r = sim(h, { edits: [['clear', 'R']] });
    expect(fatesOf(h, r)).toEqual({ R: 'alive', A: 'freed by refcount', B: 'freed by refcount' });
  });
});

describe('simulate: legacy finalizers (2.7 rules and tp_del)', () => {
  it('leaks a plain cycle that a __del__ cycle references, all four uncollectable', () => {
    const h = heap('2.7.18', {
      A: { fin: 'del', refs: ['B', 'P'] },
      B: { fin: 'del', refs: ['A'] },
      P: { type: 'list', refs: ['Q'] },
      Q: { type: 'list', refs: ['P'] },
    });
    const r = sim(h);
    expect(r.collect).toBe(4);
    expect(h.names(r.garbage)).toEqual(['A', 'B']);
    expect(h.names(r.uncollectable)).toEqual(['A', 'B', 'P', 'Q']);
    expect(r.pinnedBy[h.id('P')]).toBe(h.id('A'));
  });

  it('frees a __del__ object that only a plain garbage cycle references (2.7)', () => {
    const h = heap('2.7.18', {
      P: { type: 'list', refs: ['Q', 'L'] },
      Q: { type: 'list', refs: ['P'] },
      L: { fin: 'del', refs: ['LD'] },
      LD: { type: 'dict' },
    });
    const r = sim(h);
    expect(h.names(r.collectable)).toEqual(['P', 'Q']);
    expect(r.uncollectable.length).toBe(0);
    expect(r.collect).toBe(2);
    expect(fatesOf(h, r)).toEqual({ P: 'collected', Q: 'collected', L: 'collected', LD: 'collected' });
  });

  it('collects both cycles on 3.9 where __del__ is not legacy', () => {
    const h = heap('3.9.18', {
      A: { fin: 'del', refs: ['B', 'P'] },
      B: { fin: 'del', refs: ['A'] },
      P: { type: 'list', refs: ['Q'] },
      Q: { type: 'list', refs: ['P'] },
    });
    const r = sim(h);
    expect(r.collect).toBe(4);
    expect(h.names(r.finalized)).toEqual(['A', 'B']);
  });

  it('keeps a tp_del object in gc.garbage on every version', () => {
    for (const v of ['2.7.18', '3.8.18', '3.12.1']) {
      const h = heap(v, { T: { type: 'legacy_c', fin: 'tp_del', refs: ['T'] } });
      const r = sim(h);
      expect([r.collect, h.names(r.garbage)]).toEqual([1, ['T']]);
    }
  });

  it('keeps untracked objects held by an uncollectable object and names its pinner', () => {
    const h = heap('2.7.18', {
      I: { fin: 'del', refs: ['D'] },
      D: { type: 'dict', refs: ['I', 'S'] },
      S: { type: 'str', gc: false },
      K: { type: 'str', gc: false, ext: 1 },
    });
    const r = sim(h);
    expect(fatesOf(h, r)).toEqual({ I: 'uncollectable', D: 'uncollectable', S: 'uncollectable', K: 'alive' });
    expect(r.pinnedBy[h.id('S')]).toBe(h.id('I'));
    expect(r.pinnedBy[h.id('K')]).toBe(-1);
  });

  it('lets an untracked object held by both a leak and a live object stay alive', () => {
    const h = heap('2.7.18', {
      I: { fin: 'del', refs: ['I', 'S'] },
      R: { type: 'list', refs: ['S'], ext: 1 },
      S: { type: 'str', gc: false },
    });
    expect(fatesOf(h, sim(h)).S).toBe('alive');
  });

  it('saves every unreachable object with DEBUG_SAVEALL: collectable first, then F', () => {
    const h = heap('2.7.18', {
      P: { type: 'list', refs: ['P'] },
      I: { fin: 'del', refs: ['I'] },
    });
    const r = sim(h, { saveAll: true });
    expect(r.collect).toBe(2);
    expect(h.names(r.collectable)).toEqual(['P']);
    expect([...r.garbage].map((x) => h.name(x))).toEqual(['P', 'I']);
    expect(r.freedByCollector.length).toBe(0);
    expect(fatesOf(h, r)).toEqual({ P: 'uncollectable', I: 'uncollectable' });
  });

  it('saves the final set with DEBUG_SAVEALL on 3.9 too', () => {
    const h = heap('3.9.18', { A: { type: 'list', refs: ['B'] }, B: { type: 'list', refs: ['A'] } });
    const r = sim(h, { saveAll: true });
    expect([r.collect, r.garbage.length, r.freedByCollector.length]).toEqual([2, 2, 0]);
  });
});

describe('simulate: generators', () => {
  const genCycle = (v: string, fin: 'gen' | 'tp_finalize' | undefined) =>
    heap(v, {
      G: { type: 'generator', fin, refs: [['F', 'gi_frame']] },
      F: { type: 'frame', refs: [['G', 'f_locals[g]']] },
    });

  it('leaks a 2.7 generator suspended in try/finally that sits in a cycle', () => {
    const h = genCycle('2.7.18', 'gen');
    const r = sim(h);
    expect([r.collect, h.names(r.garbage)]).toEqual([2, ['G']]);
  });

  it('collects a 2.7 generator that needs no finalizing', () => {
    const r = sim(genCycle('2.7.18', undefined));
    expect([r.collect, r.garbage.length]).toEqual([2, 0]);
  });

  it("runs a 3.x generator's close(), which frees its frame during finalization", () => {
    const h = genCycle('3.9.18', 'tp_finalize');
    const r = sim(h);
    expect(h.names(r.finalized)).toEqual(['G']);
    expect(fatesOf(h, r)).toEqual({ G: 'collected', F: 'collected' });
    expect(r.collect).toBe(0);
    expect(r.assumptions.some((a) => a.includes('close()'))).toBe(true);
  });

  it('counts the generator cycle per version: |U1| before finalizers on 3.4, survivors on 3.7.5', () => {
    expect(sim(genCycle('3.6.15', 'tp_finalize')).collect).toBe(2);
    expect(sim(genCycle('3.8.18', 'tp_finalize')).collect).toBe(0);
  });
});

describe('simulate: weakref callbacks', () => {
  it('runs the callback of a live weakref to a garbage object', () => {
    const h = heap('3.11.7', {
      A: { type: 'list', refs: ['A'] },
      W: { type: 'weakref', weak: 'A', weakCallback: true, ext: 1 },
    });
    const r = sim(h);
    expect(h.names(r.weakrefCallbacks)).toEqual(['W']);
    expect(fatesOf(h, r)).toEqual({ A: 'collected', W: 'alive' });
  });

  it('does not run the callback of a weakref that is itself garbage', () => {
    const h = heap('3.11.7', {
      A: { type: 'list', refs: ['A', 'W'] },
      W: { type: 'weakref', weak: 'A', weakCallback: true },
    });
    const r = sim(h);
    expect(r.weakrefCallbacks.length).toBe(0);
    expect(r.collect).toBe(2);
  });

  it('runs the callback of a weakref held by a 2.7 __del__ leak (F keeps its weakrefs alive)', () => {
    const h = heap('2.7.18', {
      I: { fin: 'del', refs: ['I', 'W'] },
      W: { type: 'weakref', weak: 'A', weakCallback: true },
      A: { type: 'list', refs: ['A'] },
    });
    expect(h.names(sim(h).weakrefCallbacks)).toEqual(['W']);
  });

  it('does not run a callback when the weakref has none', () => {
    const h = heap('3.11.7', { A: { type: 'list', refs: ['A'] }, W: { type: 'weakref', weak: 'A', ext: 1 } });
    expect(sim(h).weakrefCallbacks.length).toBe(0);
  });

  it('runs the callback when an edit frees the target by refcount', () => {
    const h = heap('3.11.7', { A: { type: 'list', ext: 1 }, W: { type: 'weakref', weak: 'A', weakCallback: true, ext: 1 } });
    expect(h.names(sim(h, { edits: [['drop-external', 'A']] }).weakrefCallbacks)).toEqual(['W']);
  });
});

describe('simulate: finalizer effects and resurrection', () => {
  const twoBatches = (v: string) =>
    heap(v, {
      A: { fin: 'del', refs: ['A2'] },
      A2: { type: 'dict', refs: ['A'] },
      B: { type: 'list', refs: ['B2'] },
      B2: { type: 'list', refs: ['B'] },
    });

  it('revives the whole batch on 3.8 when one __del__ resurrects', () => {
    const h = twoBatches('3.8.18');
    const r = sim(h, { edits: [['effect', 'A', 'resurrect']] });
    expect(h.names(r.resurrected)).toEqual(['A', 'A2', 'B', 'B2']);
    expect(r.collect).toBe(0);
    expect(r.freedByCollector.length).toBe(0);
  });

  it('still counts |U1| on 3.4 – 3.7.4 when the batch is revived', () => {
    const r = sim(twoBatches('3.6.15'), { edits: [['effect', 'A', 'resurrect']] });
    expect([r.collect, r.resurrected.length]).toEqual([4, 4]);
  });

  it('keeps only what the resurrected object reaches on 3.9', () => {
    const h = twoBatches('3.9.18');
    const r = sim(h, { edits: [['effect', 'A', 'resurrect']] });
    expect(h.names(r.resurrected)).toEqual(['A', 'A2']);
    expect(h.names(r.freedByCollector)).toEqual(['B', 'B2']);
    expect(r.collect).toBe(2);
  });

  it('frees objects during finalization when __del__ drops its references', () => {
    const h = heap('3.9.18', { D: { fin: 'del', refs: ['E'] }, E: { type: 'list', refs: ['D'] } });
    const r = sim(h, { edits: [['effect', 'D', 'drop-refs']] });
    expect(fatesOf(h, r)).toEqual({ D: 'collected', E: 'collected' });
    expect(r.collect).toBe(0);
    expect(sim(heap('3.6.15', { D: { fin: 'del', refs: ['E'] }, E: { type: 'list', refs: ['D'] } }), { edits: [['effect', 'D', 'drop-refs']] }).collect).toBe(2);
  });

  it('does not finalize an object twice', () => {
    const h = heap('3.9.18', { A: { fin: 'del', refs: ['A'] } });
    const g = h.graph;
    (g.flags as Uint8Array)[h.id('A')] |= 32;
    const r = sim(h, { edits: [['effect', 'A', 'resurrect']] });
    expect(r.finalized.length).toBe(0);
    expect(r.resurrected.length).toBe(0);
    expect(r.collect).toBe(1);
  });

  it('resurrects an object whose __del__ stores itself when an edit frees it by refcount', () => {
    const h = heap('3.11.7', { A: { fin: 'del', refs: ['L'], ext: 1 }, L: { type: 'list' } });
    const r = sim(h, { edits: [['drop-external', 'A'], ['effect', 'A', 'resurrect']] });
    expect(fatesOf(h, r)).toEqual({ A: 'resurrected', L: 'alive' });
  });

  it('says that user __del__ code is assumed to do nothing', () => {
    const r = sim(heap('3.11.7', { A: { fin: 'del', refs: ['A'] } }));
    expect(r.assumptions).toContain('User __del__ code is not in the dump: assumed to resurrect nothing and drop nothing unless declared');
  });
});

describe('simulate: objects the collector never sees', () => {
  it('marks an untracked object held only by a resurrected object as resurrected', () => {
    const h = heap('3.9.18', {
      A: { fin: 'del', refs: ['A', 'S'] },
      S: { type: 'str', gc: false },
    });
    const r = sim(h, { edits: [['effect', 'A', 'resurrect']] });
    expect(fatesOf(h, r)).toEqual({ A: 'resurrected', S: 'resurrected' });
    expect(h.names(r.resurrected)).toEqual(['A']);
  });

  it('keeps an untracked object held by a leak alive when it also has an outside reference', () => {
    const h = heap('2.7.18', {
      I: { fin: 'del', refs: ['I', 'S'] },
      S: { type: 'str', gc: false, ext: 1 },
    });
    expect(fatesOf(h, sim(h)).S).toBe('alive');
  });

  it('leaves a plain cycle in F uncollectable but out of gc.garbage when its __del__ pinner is freed (2.7)', () => {
    const h = heap('2.7.18', {
      A: { type: 'list', refs: ['A', 'L'] },
      L: { fin: 'del', refs: ['P'] },
      P: { type: 'list', refs: ['Q'] },
      Q: { type: 'list', refs: ['P'] },
    });
    const r = sim(h);
    expect(h.names(r.collectable)).toEqual(['A']);
    expect(h.names(r.uncollectable)).toEqual(['P', 'Q']);
    expect(r.garbage.length).toBe(0);
    expect(r.collect).toBe(3);
    expect(r.pinnedBy[h.id('P')]).toBe(-1);
  });
});

describe('simulate: deallocator side effects', () => {
  it("clears a 3.11 generator's embedded frame on close(), freeing the cycle during finalization", () => {
    const h = heap('3.11.7', {
      G: { type: 'generator', fin: 'tp_finalize', refs: [['C', 'gi_code'], ['N', '__name__'], 'B', 'F'] },
      C: { type: 'code', gc: false, ext: 1 },
      N: { type: 'str', gc: false, ext: 1 },
      F: { type: 'function', ext: 1 },
      B: { type: '__main__.Box', refs: [['G', 'gen']] },
    });
    const r = sim(h);
    expect([r.collect, r.garbage.length]).toEqual([0, 0]);
    expect(fatesOf(h, r)).toEqual({ G: 'collected', C: 'alive', N: 'alive', F: 'alive', B: 'collected' });
    const saved = sim(h, { saveAll: true });
    expect([saved.collect, saved.garbage.length, saved.freedByCollector.length]).toEqual([0, 0, 2]);
  });

  it('frees the __subclasses__ weakref of a class the collector frees (remove_subclass)', () => {
    const spec: Record<string, DslNode> = {
      T: { type: 'type', refs: [['M', '__mro__']] },
      M: { type: 'tuple', refs: ['T', 'Base'] },
      Base: { type: 'type', ext: 1 },
      Subs: { type: 'dict', ext: 1, refs: [['W', `[${0x1000}]`]] },
      W: { type: 'weakref', weak: 'T' },
    };
    const h = heap('3.8.18', spec);
    expect(h.id('T')).toBe(0);
    const r = sim(h);
    expect(h.names(r.freedByCollector)).toEqual(['M', 'T', 'W']);
    expect(r.collect).toBe(2);
  });
});
