import { describe, expect, it } from 'vitest';
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { NodeFlag } from '../../../electron/engine/model/HeapGraph';
import { syntheticHeader } from '../../../electron/engine/model/header';
import { simulate } from '../../../electron/engine/gc/simulate';
import { clampToInt32, reachabilityBaseline } from '../../../electron/engine/gc/ReachabilityBaseline';
import { ruleSetIds } from '../../../electron/engine/gc/types';
import { OverlayBuilder } from '../../../electron/engine/whatif/overlay';
import { randomEdits, randomHeap, rng } from './randomHeap';

describe('ReachabilityBaseline', () => {
  it('gives exactly the full simulation for random heaps and random edits, under every rule set', () => {
    const rand = rng(20261124);
    let restoredChecks = 0;
    for (let round = 0; round < 400; round++) {
      const g = randomHeap(rand);
      const base = reachabilityBaseline(g);
      const b = new OverlayBuilder(g);
      for (const e of randomEdits(g, rand)) b.add(e);
      const overlay = b.overlay();
      for (const rules of ruleSetIds) {
        for (const saveAll of [false, true]) {
          const full = simulate(g, { rules, saveAll, overlay });
          const fast = simulate(g, { rules, saveAll, overlay, baseline: base });
          expect(fast, `round ${round} rules ${rules}`).toEqual(full);
          // The scratch is put back as the next call expects it (no copy of every object per edit);
          // rules the baseline cannot serve (3.14's tuple untracking, declared resurrection) never use it.
          if (base.scratch.clean) {
            restoredChecks++;
            expect([...base.scratch.rc.subarray(0, g.nodeCount)], `round ${round}: counts restored`).toEqual([...g.refcounts]);
            expect([...base.scratch.where.subarray(0, g.nodeCount)], `round ${round}: codes restored`).toEqual([...base.whereInit]);
          }
        }
      }
      expect(simulate(g, { baseline: base })).toEqual(simulate(g));
    }
    expect(restoredChecks).toBeGreaterThan(1000);
  });

  it('keeps a long chain alive when only a side reference is removed', () => {
    const b = new HeapGraphBuilder();
    const gc = NodeFlag.Gc | NodeFlag.Tracked;
    const n = 1000;
    for (let i = 0; i < n; i++) {
      const edges = i + 1 < n ? [16 * (i + 2)] : [];
      if (i === 10) edges.push(16 * 600);
      b.addNode({ address: 16 * (i + 1), type: 'node', size: 8, flags: gc, refcount: i === 0 ? 1 : i === 599 ? 2 : 1, external: i === 0 ? 1 : 0, edges });
    }
    const g = b.finish(syntheticHeader('3.11.7'));
    const ob = new OverlayBuilder(g);
    ob.add({ kind: 'drop-ref', source: 16 * 11, target: 16 * 600 });
    const overlay = ob.overlay();
    const r = simulate(g, { overlay, baseline: reachabilityBaseline(g) });
    expect(r).toEqual(simulate(g, { overlay }));
    expect(r.collect).toBe(0);
  });

  it('keeps gc_refs in an Int32Array, clamped, and an object with a huge outside count stays a root after edits', () => {
    expect([...clampToInt32(Float64Array.from([0, 5, -3, 2 ** 31, 2 ** 40, -(2 ** 40)]))]).toEqual([0, 5, -3, 2 ** 31 - 1, 2 ** 31 - 1, -(2 ** 31 - 1)]);
    const b = new HeapGraphBuilder();
    const gc = NodeFlag.Gc | NodeFlag.Tracked;
    // A (refcount 2**40 + 1, as an immortal object reads) -> B -> C; A also held by C.
    b.addNode({ address: 16, type: 'immortal', size: 8, flags: gc | NodeFlag.Immortal, refcount: 2 ** 40 + 1, external: 2 ** 40, edges: [32] });
    b.addNode({ address: 32, type: 'node', size: 8, flags: gc, refcount: 1, external: 0, edges: [48] });
    b.addNode({ address: 48, type: 'node', size: 8, flags: gc, refcount: 1, external: 0, edges: [16] });
    const g = b.finish(syntheticHeader('3.11.7'));
    const base = reachabilityBaseline(g);
    expect(base.gcRefs).toBeInstanceOf(Int32Array);
    expect(base.gcRefs[0]).toBe(2 ** 31 - 1);
    const o = new OverlayBuilder(g);
    o.add({ kind: 'drop-ref', source: 48, target: 16 });
    const overlay = o.overlay();
    expect(simulate(g, { overlay, baseline: base })).toEqual(simulate(g, { overlay }));
  });
});
