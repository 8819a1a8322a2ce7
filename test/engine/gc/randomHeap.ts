/** Random small heaps and random valid edits for equivalence tests (deterministic PRNG). */
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { type HeapGraph, NodeFlag } from '../../../electron/engine/model/HeapGraph';
import { syntheticHeader } from '../../../electron/engine/model/header';
import { OverlayBuilder, outsideReferences } from '../../../electron/engine/whatif/overlay';
import type { Edit } from '../../../electron/engine/whatif/types';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomHeap(rand: () => number): HeapGraph {
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

export function randomEdits(g: HeapGraph, rand: () => number): Edit[] {
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
