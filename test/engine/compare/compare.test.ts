/**
 * The comparison engine on literal heaps (heapDsl: an object's address follows its position in
 * the spec, so the same name at the same position is the same address in both dumps): the
 * identity rules of match.ts with their confidence, how dumps relate, the per-type algebra (a
 * churning type reads new K + F, freed F, delta K), memlab's BASE/TARGET/FINAL rule, and the
 * merged-path signatures.
 */
import { describe, expect, it } from 'vitest';
import { heap, type DslHeap, type DslNode } from '../heapDsl';
import type { HeapGraph } from '../../../electron/engine/model/HeapGraph';
import { compareDumps } from '../../../electron/engine/compare/compareDumps';
import { Confidence, Status, matchObjects } from '../../../electron/engine/compare/match';
import type { ComparedDump } from '../../../electron/engine/compare/relation';
import { mergedPathSignatures } from '../../../electron/engine/compare/signature';
import { EngineError } from '../../../electron/engine/errors';

/** A dump of session `session`, number `seq`, with registry evidence `seen` (name → first dump). */
function dump(h: DslHeap, seq: number, seen: Record<string, number> = {}, session = 'abc'): ComparedDump & { h: DslHeap } {
  const firstSeen = new Uint32Array(h.graph.nodeCount);
  for (const [name, g] of Object.entries(seen)) firstSeen[h.id(name)] = g;
  const header = { ...h.graph.header, raw: { identity: { session, seq, pid: 7 } } };
  const graph: HeapGraph = { ...h.graph, header, firstSeen };
  return { graph, name: `dump${seq}`, contentHash: `${session}-${seq}`, h };
}

const inst = (refs: DslNode['refs'] = [], extra: DslNode = {}): DslNode => ({ type: '__main__.A', refs, ...extra });

describe('matchObjects', () => {
  it('trusts the registry: first seen by an earlier dump survived, by a later one is new (exact), even at a reused address', () => {
    const spec = { R: { type: 'list', ext: 1, refs: ['X', 'Y'] }, X: inst(), Y: inst() };
    const base = dump(heap('3.11.7', spec), 1, { X: 1, Y: 1 });
    const target = dump(heap('3.11.7', spec), 2, { X: 1, Y: 2 });
    const m = matchObjects(base.graph, target.graph, 1);
    const X = target.h.id('X');
    const Y = target.h.id('Y');
    expect([m.status[X], m.confidence[X]]).toEqual([Status.Survived, Confidence.Exact]);
    expect([m.status[Y], m.confidence[Y]]).toEqual([Status.New, Confidence.Exact]);
    expect(m.matchedBefore[base.h.id('Y')]).toBe(0);
  });

  it('calls an object at an address BASE did not hold, or held with another type, new (exact)', () => {
    const base = dump(heap('3.11.7', { R: { type: 'list', ext: 1, refs: ['X'] }, X: { type: 'dict' } }), 1);
    const target = dump(heap('3.11.7', { R: { type: 'list', ext: 1, refs: ['X', 'Z'] }, X: { type: 'list' }, Z: { type: 'dict' } }), 2);
    const m = matchObjects(base.graph, target.graph, 1);
    for (const n of ['X', 'Z']) expect([m.status[target.h.id(n)], m.confidence[target.h.id(n)]]).toEqual([Status.New, Confidence.Exact]);
  });

  it('matches a dict still held through the same reference by a survivor (likely), and one held only by a new object as new (likely)', () => {
    const spec = {
      M: { type: 'module', ext: 1, refs: [['D', '__dict__']] },
      D: { type: 'dict', refs: [['A', "['a']"], ['B', "['b']"]] },
      A: inst([['AD', '__dict__']]),
      AD: { type: 'dict' },
      B: inst([['BD', '__dict__']]),
      BD: { type: 'dict' },
    } satisfies Record<string, DslNode>;
    const base = dump(heap('3.11.7', spec), 1, { M: 1, A: 1, B: 1 });
    const target = dump(heap('3.11.7', spec), 2, { M: 1, A: 1, B: 2 });
    const m = matchObjects(base.graph, target.graph, 1);
    const at = (n: string) => [m.status[target.h.id(n)], m.confidence[target.h.id(n)]];
    expect(at('D')).toEqual([Status.Survived, Confidence.Likely]);
    expect(at('AD')).toEqual([Status.Survived, Confidence.Likely]);
    expect(at('BD')).toEqual([Status.New, Confidence.Likely]);
  });

  it('leaves a root with no evidence as survived: likely when its structure is unchanged, unknown otherwise', () => {
    const base = dump(heap('3.11.7', { P: { type: 'tuple', ext: 1, refs: ['S'] }, Q: { type: 'list', ext: 1, refs: ['S'] }, S: { type: 'str', gc: false } }), 1);
    const target = dump(heap('3.11.7', { P: { type: 'tuple', ext: 1, refs: ['S'] }, Q: { type: 'list', ext: 1, refs: ['S', 'S'] }, S: { type: 'str', gc: false } }), 2);
    const m = matchObjects(base.graph, target.graph, 1);
    expect(m.confidence[target.h.id('P')]).toBe(Confidence.Likely);
    expect([m.status[target.h.id('Q')], m.confidence[target.h.id('Q')]]).toEqual([Status.Survived, Confidence.Unknown]);
  });
});

describe('compareDumps', () => {
  // K = 2 new A objects while F = 1 other A is freed and replaced.
  const base = dump(heap('3.11.7', { R: { type: 'list', ext: 1, refs: ['A1', 'A2'] }, A1: inst(), A2: inst() }), 1, { R: 1, A1: 1, A2: 1 });
  const targetHeap = heap('3.11.7', { R: { type: 'list', ext: 1, refs: ['A1', 'A2', 'A3', 'A4'] }, A1: inst(), A2: inst(), A3: inst(), A4: inst() });
  const target = dump(targetHeap, 2, { R: 1, A1: 1, A2: 2, A3: 2, A4: 2 });

  it('reads a churning type as new K + F, freed F, delta K, with bytes', () => {
    const c = compareDumps(base, target, undefined, { mode: 'as-dumped' });
    expect(c.types).toEqual([{ type: '__main__.A', before: 2, after: 4, new: 3, freed: 1, delta: 2, bytesDelta: 112 }]);
    expect(c.identity).toEqual({ exact: 5, likely: 0, unknown: 0 });
    expect(c.mode).toBe('as-dumped');
  });

  it('keeps only objects new in TARGET and still alive in FINAL as leak candidates (memlab)', () => {
    const final = dump(heap('3.11.7', { R: { type: 'list', ext: 1, refs: ['A1', 'A2', 'A3'] }, A1: inst(), A2: inst(), A3: inst() }), 3, { R: 1, A1: 1, A2: 2, A3: 2 });
    const c = compareDumps(base, target, final, { mode: 'as-dumped' });
    expect(c.leaks.map((l) => [l.type, l.count, l.objects])).toEqual([['__main__.A', 2, [target.graph.addresses[targetHeap.id('A2')], target.graph.addresses[targetHeap.id('A3')]]]]);
  });

  it('leaves garbage out after a simulated gc.collect()', () => {
    const withGarbage = dump(heap('3.11.7', { R: { type: 'list', ext: 1, refs: ['A1', 'A2'] }, A1: inst(), A2: inst(), G1: inst(['G2']), G2: inst(['G1']) }), 2, { R: 1, A1: 1, A2: 1, G1: 2, G2: 2 });
    expect(compareDumps(base, withGarbage).types).toEqual([]);
    expect(compareDumps(base, withGarbage, undefined, { mode: 'as-dumped' }).types).toMatchObject([{ type: '__main__.A', new: 2 }]);
  });

  it('compares dumps of different processes by aggregates, and refuses the same dump or the wrong order', () => {
    const other = dump(targetHeap, 2, {}, 'other');
    const c = compareDumps(base, other, undefined, { mode: 'as-dumped' });
    expect(c.relation.kind).toBe('aggregates');
    expect(c.types).toEqual([{ type: '__main__.A', before: 2, after: 4, new: 2, freed: 0, delta: 2, bytesDelta: 112 }]);
    expect(c.identity).toEqual({ exact: 0, likely: 0, unknown: 5 });
    expect(() => compareDumps(target, base)).toThrow(EngineError);
    expect(() => compareDumps(target, base)).toThrow(/dump1 \(dump #1\) was taken before dump2 \(dump #2\)/);
    expect(() => compareDumps(base, { ...base, contentHash: 'x' })).toThrow(/are the same dump \(#1 of one process\)/);
    expect(() => compareDumps(base, base)).toThrow(/identical content/);
  });
});

describe('mergedPathSignatures', () => {
  it('renders the shortest path from the last module, attributes as .name, indices as [*]', () => {
    const h = heap('3.11.7', {
      M: { type: 'module', ext: 1, repr: '__main__', refs: [['D', '__dict__']] },
      D: { type: 'dict', refs: [['C', "['cache']"]] },
      C: { type: 'dict', refs: [['L', "['k']"]] },
      L: { type: 'list', refs: [['X', '[1]'], ['Y', '[0]']] },
      X: inst(),
      Y: inst(),
    });
    const sig = mergedPathSignatures(h.graph);
    expect(sig(h.id('X'))).toBe("module __main__ .cache ['k'] [*] → __main__.A");
    expect(sig(h.id('Y'))).toBe(sig(h.id('X')));
    expect(sig(h.id('M'))).toBe('module __main__ (root)');
  });
});
