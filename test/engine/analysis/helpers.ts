/** Shared helpers for analysis tests: overlays built by hand, long chains built without the DSL. */
import type { EditOverlay } from '../../../electron/engine/whatif/types';
import type { HeapGraph } from '../../../electron/engine/model/HeapGraph';
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { syntheticHeader } from '../../../electron/engine/model/header';

export function overlay(g: HeapGraph, removed: number[] = [], dropped: [number, number][] = []): EditOverlay {
  const removedEdges = new Uint32Array(Math.ceil(g.edgeCount / 32));
  for (const e of removed) removedEdges[e >>> 5] |= 1 << (e & 31);
  return { removedEdges, droppedExternal: new Map(dropped), effects: new Map() };
}

/** The first edge src -> dst. */
export function edge(g: HeapGraph, src: number, dst: number): number {
  for (let e = g.firstOutEdge[src]; e < g.firstOutEdge[src + 1]; e++) if (g.edgeTargets[e] === dst) return e;
  throw new Error(`no edge ${src} -> ${dst}`);
}

/** Node 0 is held from outside; node i holds node i+1; with `ring`, the last holds node 0 too. */
export function chain(n: number, ring = false): HeapGraph {
  const b = new HeapGraphBuilder(n);
  for (let i = 0; i < n; i++) {
    const next = i + 1 < n ? [16 * (i + 2)] : ring ? [16] : [];
    const rc = i === 0 ? 1 + (ring ? 1 : 0) : 1;
    b.addNode({ address: 16 * (i + 1), type: i % 2 ? 'odd' : 'even', size: 8, flags: 3, refcount: rc, external: i === 0 ? 1 : 0, edges: next });
  }
  return b.finish(syntheticHeader('3.11.7'));
}
