import { describe, expect, it } from 'vitest';
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { NodeFlag, type HeapGraph } from '../../../electron/engine/model/HeapGraph';
import { syntheticHeader } from '../../../electron/engine/model/header';
import { simulate } from '../../../electron/engine/gc/simulate';
import { reachabilityBaseline } from '../../../electron/engine/gc/ReachabilityBaseline';
import { newWorkingCounts } from '../../../electron/engine/gc/workingCounts';
import { ruleSetIds } from '../../../electron/engine/gc/types';
import { OverlayBuilder } from '../../../electron/engine/whatif/overlay';
import { randomEdits, rng } from './randomHeap';

const gc = NodeFlag.Gc | NodeFlag.Tracked;
/** Forces the 8-byte counts: a replay wants them exact. */
const exact = { step: (): void => {} };

/** A random heap whose immortals carry counts as 3.12 (2^32 − 1) and 3.14 (3·2^30) dump them. */
function heapWithImmortals(rand: () => number): HeapGraph {
  const n = 3 + Math.floor(rand() * 25);
  const edges = Array.from({ length: n }, () => Array.from({ length: Math.floor(rand() * 4) }, () => Math.floor(rand() * n)));
  const inDeg = new Array<number>(n).fill(0);
  for (const out of edges) for (const t of out) inDeg[t]++;
  const b = new HeapGraphBuilder(n);
  for (let i = 0; i < n; i++) {
    const immortal = rand() < 0.2;
    const ext = immortal ? (rand() < 0.5 ? 2 ** 32 - 1 : 3 * 2 ** 30) : rand() < 0.25 ? 1 : 0;
    b.addNode({
      address: 16 * (i + 1),
      type: 'obj',
      size: 10 + i,
      flags: (rand() < 0.9 ? gc : 0) | (immortal ? NodeFlag.Immortal : 0),
      refcount: inDeg[i] + ext,
      external: ext,
      finalizer: rand() < 0.2 ? 1 : 0,
      edges: edges[i].map((t) => 16 * (t + 1)),
    });
  }
  return b.finish(syntheticHeader('3.12.1'));
}

describe('working refcounts', () => {
  it('are 4 bytes an object with immortal counts, 8 when a mortal count is huge or a replay asks', () => {
    const b = new HeapGraphBuilder();
    b.addNode({ address: 16, type: 'NoneType', size: 16, flags: NodeFlag.Immortal, refcount: 2 ** 32 - 1, external: 2 ** 32 - 1, edges: [] });
    const g = b.finish(syntheticHeader('3.12.1'));
    expect(newWorkingCounts(g)).toBeInstanceOf(Int32Array);
    expect(newWorkingCounts(g, 1, true)).toBeInstanceOf(Float64Array);
    const m = new HeapGraphBuilder();
    m.addNode({ address: 16, type: 'str', size: 16, flags: 0, refcount: 2 ** 31, external: 2 ** 31, edges: [] });
    expect(newWorkingCounts(m.finish(syntheticHeader('3.11.7')))).toBeInstanceOf(Float64Array);
  });

  it('never lets an immortal go, even when every outside reference to it is dropped', () => {
    // I (immortal, tracked) <-> A: a cycle that only I's outside count keeps.
    const b = new HeapGraphBuilder();
    b.addNode({ address: 16, type: 'tuple', size: 40, flags: gc | NodeFlag.Immortal, refcount: 2 ** 32 - 1, external: 2 ** 32 - 2, edges: [32] });
    b.addNode({ address: 32, type: 'list', size: 56, flags: gc, refcount: 1, external: 0, edges: [16] });
    const g = b.finish(syntheticHeader('3.12.1'));
    const o = new OverlayBuilder(g);
    o.add({ kind: 'drop-external', address: 16, count: 2 ** 32 - 2 });
    o.add({ kind: 'drop-ref', source: 32, target: 16 });
    const overlay = o.overlay();
    const r = simulate(g, { overlay, baseline: reachabilityBaseline(g) });
    expect([...r.fates]).toEqual([0, 0]);
    expect(r).toEqual(simulate(g, { overlay, trace: exact }));
  });

  it('give the 8-byte answer and restore the capped counts, for random heaps with immortals under every rule set', () => {
    const rand = rng(20261204);
    for (let round = 0; round < 300; round++) {
      const g = heapWithImmortals(rand);
      const base = reachabilityBaseline(g);
      const b = new OverlayBuilder(g);
      for (const e of randomEdits(g, rand)) b.add(e);
      const overlay = b.overlay();
      for (const rules of ruleSetIds) {
        const wide = simulate(g, { rules, overlay, trace: exact });
        expect(simulate(g, { rules, overlay }), `round ${round} rules ${rules}`).toEqual(wide);
        expect(simulate(g, { rules, overlay, baseline: base }), `round ${round} rules ${rules}, baseline`).toEqual(wide);
        if (base.scratch.clean) {
          const capped = [...g.refcounts].map((c) => Math.min(c, 2 ** 30));
          expect([...base.scratch.rc.subarray(0, g.nodeCount)], `round ${round}: counts restored`).toEqual(capped);
        }
      }
    }
  });
});
