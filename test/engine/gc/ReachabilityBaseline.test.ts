import { describe, expect, it } from 'vitest';
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { type HeapGraph, NodeFlag } from '../../../electron/engine/model/HeapGraph';
import { syntheticHeader } from '../../../electron/engine/model/header';
import { simulate } from '../../../electron/engine/gc/simulate';
import { reachabilityBaseline } from '../../../electron/engine/gc/ReachabilityBaseline';
import { ruleSetIds } from '../../../electron/engine/gc/types';
import { OverlayBuilder, outsideReferences } from '../../../electron/engine/whatif/overlay';
import type { Edit } from '../../../electron/engine/whatif/types';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomHeap(rand: () => number): HeapGraph {
  const n = 3 + Math.floor(rand() * 30);
  const edges: number[][] = [];
  const inDeg = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rand() * 4);
    const out: number[] = [];
    for (let j = 0; j < k; j++) {
      const t = Math.floor(rand() * n);
      out.push(t);
      inDeg[t]++;
    }
    edges.push(out);
  }
  const b = new HeapGraphBuilder(n);
  for (let i = 0; i < n; i++) {
    const gc = rand() < 0.85;
    const tracked = gc && rand() < 0.9;
    const ext = rand() < 0.25 ? 1 + Math.floor(rand() * 2) : 0;
    let flags = (gc ? NodeFlag.Gc : 0) | (tracked ? NodeFlag.Tracked : 0);
    if (rand() < 0.05) flags |= NodeFlag.Immortal;
    const weak = rand() < 0.1 ? 16 * (1 + Math.floor(rand() * n)) : 0;
    if (weak && rand() < 0.7) flags |= NodeFlag.WeakCallback;
    b.addNode({
      address: 16 * (i + 1),
      type: rand() < 0.1 ? 'frame' : 'obj',
      size: 10 + i,
      flags,
      refcount: inDeg[i] + ext,
      external: ext,
      finalizer: rand() < 0.2 ? ([1, 2, 3, 4] as const)[Math.floor(rand() * 4)] : 0,
      edges: edges[i].map((t) => 16 * (t + 1)),
      hiddenEdges: edges[i].length > 0 && rand() < 0.15 ? 1 : 0,
      weakTarget: weak,
    });
  }
  return b.finish(syntheticHeader('3.11.7'));
}

function randomEdits(g: HeapGraph, rand: () => number): Edit[] {
  const b = new OverlayBuilder(g);
  const edits: Edit[] = [];
  const count = 1 + Math.floor(rand() * 4);
  for (let tries = 0; edits.length < count && tries < 40; tries++) {
    const x = Math.floor(rand() * g.nodeCount);
    const address = g.addresses[x];
    const r = rand();
    let edit: Edit;
    if (r < 0.5 && g.firstOutEdge[x + 1] > g.firstOutEdge[x]) {
      const e = g.firstOutEdge[x] + Math.floor(rand() * (g.firstOutEdge[x + 1] - g.firstOutEdge[x]));
      edit = { kind: 'drop-ref', source: address, target: g.addresses[g.edgeTargets[e]] };
    } else if (r < 0.65) edit = { kind: 'clear', address };
    else if (r < 0.9 && outsideReferences(g, x) > 0) edit = { kind: 'drop-external', address, count: 1 };
    else if (g.finalizers[x] !== 0) edit = { kind: 'finalizer-effect', address, effect: rand() < 0.5 ? 'resurrect' : 'drop-refs' };
    else continue;
    try {
      b.add(edit);
      edits.push(edit);
    } catch {
      /* an edit that cannot apply is skipped */
    }
  }
  return edits;
}

describe('ReachabilityBaseline', () => {
  it('gives exactly the full simulation for random heaps and random edits, under every rule set', () => {
    const rand = rng(20261124);
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
        }
      }
      expect(simulate(g, { baseline: base })).toEqual(simulate(g));
    }
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
});
