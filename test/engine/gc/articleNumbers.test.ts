import { describe, expect, it } from 'vitest';
import { heap, type DslNode } from '../heapDsl';
import { simulate } from '../../../electron/engine/gc/simulate';
import { Fate, type RuleSetId } from '../../../electron/engine/gc/types';
import type { EditOverlay } from '../../../electron/engine/whatif/types';
import type { HeapGraph } from '../../../electron/engine/model/HeapGraph';

/** The seed article's heaps just after `del`: nothing outside holds them. */
function selfCycle(version: string) {
  const shape311 = Number(version.split('.')[1]) >= 11 && version.startsWith('3.');
  if (shape311) return heap(version, { I: { type: '__main__.CGcLeak', fin: 'del', refs: [['I', '_self']] } });
  return heap(version, {
    I: { type: '__main__.CGcLeak', fin: 'del', refs: [['D', '__dict__']] },
    D: { type: 'dict', refs: [['I', "['_self']"]] },
  });
}

function twoCycle(version: string) {
  const shape311 = Number(version.split('.')[1]) >= 11 && version.startsWith('3.');
  const spec: Record<string, DslNode> = shape311
    ? {
        Ia: { type: '__main__.CGcLeakA', fin: 'del', refs: [['Ib', '_b']] },
        Ib: { type: '__main__.CGcLeakB', fin: 'del', refs: [['Ia', '_a']] },
      }
    : {
        Ia: { type: '__main__.CGcLeakA', fin: 'del', refs: [['Da', '__dict__']] },
        Da: { type: 'dict', refs: [['Ib', "['_b']"]] },
        Ib: { type: '__main__.CGcLeakB', fin: 'del', refs: [['Db', '__dict__']] },
        Db: { type: 'dict', refs: [['Ia', "['_a']"]] },
      };
  return heap(version, spec);
}

function numbers(g: HeapGraph, rules?: RuleSetId, saveAll = false, overlay?: EditOverlay) {
  const r = simulate(g, { rules, saveAll, overlay });
  return [r.collect, r.garbage.length];
}

describe('the seed article, simulated', () => {
  it('returns 2 and leaves the instance in gc.garbage for a __del__ self-cycle on 2.7', () => {
    const h = selfCycle('2.7.18');
    const r = simulate(h.graph);
    expect(r.rules).toBe('2.7');
    expect(r.collect).toBe(2);
    expect(h.names(r.garbage)).toEqual(['I']);
    expect(h.names(r.uncollectable)).toEqual(['D', 'I']);
    expect(r.collectable.length).toBe(0);
  });

  it('puts the dict of a __del__ instance in F but not in gc.garbage', () => {
    const h = selfCycle('2.7.18');
    const r = simulate(h.graph);
    expect(r.fates[h.id('D')]).toBe(Fate.Uncollectable);
    expect(r.pinnedBy[h.id('D')]).toBe(h.id('I'));
    expect(r.pinnedBy[h.id('I')]).toBe(h.id('I'));
  });

  it('returns 4 and 2 for two __del__ instances referencing each other on 2.7', () => {
    expect(numbers(twoCycle('2.7.18').graph)).toEqual([4, 2]);
  });

  it('puts everything in gc.garbage with DEBUG_SAVEALL on 2.7 (2/2 and 4/4)', () => {
    expect(numbers(selfCycle('2.7.18').graph, undefined, true)).toEqual([2, 2]);
    expect(numbers(twoCycle('2.7.18').graph, undefined, true)).toEqual([4, 4]);
  });

  it.each(['3.4.10', '3.6.15', '3.7.4', '3.7.5', '3.8.18', '3.9.18', '3.10.13'])('collects both cycles on %s (2/0 and 4/0)', (v) => {
    const h = selfCycle(v);
    expect(numbers(h.graph)).toEqual([2, 0]);
    expect(numbers(twoCycle(v).graph)).toEqual([4, 0]);
    const r = simulate(h.graph);
    expect(h.names(r.finalized)).toEqual(['I']);
    expect(r.fates[h.id('D')]).toBe(Fate.Collected);
    expect(r.assumptions[0]).toMatch(/__del__ code is not in the dump/);
  });

  it.each(['3.11.7', '3.12.1', '3.13.0'])('counts one object per instance on %s (1/0 and 2/0)', (v) => {
    expect(numbers(selfCycle(v).graph)).toEqual([1, 0]);
    expect(numbers(twoCycle(v).graph)).toEqual([2, 0]);
  });

  it('forces the rules of another version when asked', () => {
    expect(numbers(twoCycle('3.8.18').graph, '2.7')).toEqual([4, 2]);
    expect(numbers(twoCycle('2.7.18').graph, '3.9')).toEqual([4, 0]);
  });

  it.each(['2.7.18', '3.8.18', '3.11.7'])('frees everything by refcount once _b._a = None breaks the cycle (%s)', (v) => {
    const h = twoCycle(v);
    const g = h.graph;
    const src = h.id(v.startsWith('3.11') ? 'Ib' : 'Db');
    const edge = g.firstOutEdge[src];
    const removedEdges = new Uint32Array((g.edgeCount + 31) >>> 5);
    removedEdges[edge >>> 5] |= 1 << (edge & 31);
    const overlay: EditOverlay = { removedEdges, droppedExternal: new Map(), effects: new Map() };
    const r = simulate(g, { overlay });
    expect(r.collect).toBe(0);
    expect(r.garbage.length).toBe(0);
    expect(r.freedByRefcount.length).toBe(g.nodeCount);
    expect([...r.fates].every((f) => f === Fate.FreedByRefcount)).toBe(true);
  });
});
