import { describe, expect, it } from 'vitest';
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { syntheticHeader } from '../../../electron/engine/model/header';
import { computeDominators } from '../../../electron/engine/analysis/dominators';
import { simulate } from '../../../electron/engine/gc/simulate';

// Enough objects that the Float64 columns given up are big enough to be reused (SpareBuffers takes 1 MiB and up).
const N = 200_000;
const BASE = 140_000_000_000_000;

/** A list holding N - 1 small objects; `big` (if any) overrides the fields of object 1. */
function build(big: { size?: number; refcount?: number; external?: number } = {}) {
  const b = new HeapGraphBuilder(N);
  b.addNode({ address: BASE, type: 'list', size: 56, flags: 3, refcount: 1, external: 1, edges: Array.from({ length: N - 1 }, (_, i) => BASE + (i + 1) * 48) });
  for (let i = 1; i < N; i++) {
    const o = i === 1 ? big : {};
    b.addNode({ address: BASE + i * 48, type: 'bytes', size: o.size ?? 33 + (i % 1000), flags: 0, refcount: o.refcount ?? 1 + (i % 3), external: o.external ?? i % 3, weakTarget: i === 2 ? BASE + 3 * 48 : 0 });
  }
  return b.finish(syntheticHeader('3.12.1'));
}

describe('count columns (sizes, refcounts, external references)', () => {
  it('are stored in 32 bits when every value fits, with the exact values', () => {
    const g = build();
    expect(g.sizes).toBeInstanceOf(Uint32Array);
    expect(g.refcounts).toBeInstanceOf(Uint32Array);
    expect(g.externalRefs).toBeInstanceOf(Uint32Array);
    let wrong = 0;
    for (let i = 1; i < N; i++) if (g.sizes[i] !== 33 + (i % 1000) || g.refcounts[i] !== 1 + (i % 3) || g.externalRefs[i] !== i % 3) wrong++;
    expect(wrong).toBe(0);
    // The address index is carved from the Float64 columns given up: it must still find everything.
    let misses = 0;
    for (let i = 0; i < N; i += 7) if (g.index.get(BASE + i * 48) !== i) misses++;
    expect(misses).toBe(0);
    expect(g.edgeTargets[g.firstOutEdge[0] + 5]).toBe(6);
    // The weak targets share a buffer with the narrowed columns.
    expect([g.weakTargets[1], g.weakTargets[2], g.weakTargets[N - 1]]).toEqual([-1, 3, -1]);
    expect(g.sizes[N - 1]).toBe(33 + ((N - 1) % 1000));
  });

  it('keep 64 bits for a dump with an object over 4 GiB, an immortal-sized refcount and a huge external count', () => {
    const size = 5 * 2 ** 30 + 7;
    const refcount = 2 ** 60 + 2 ** 40;
    const g = build({ size, refcount, external: 2 ** 32 });
    expect(g.sizes).toBeInstanceOf(Float64Array);
    expect(g.refcounts).toBeInstanceOf(Float64Array);
    expect(g.externalRefs).toBeInstanceOf(Float64Array);
    expect(g.sizes[1]).toBe(size);
    expect(g.refcounts[1]).toBe(refcount);
    expect(g.externalRefs[1]).toBe(2 ** 32);
    expect(g.sizes[2]).toBe(35);
    expect(computeDominators(g).retainedSizes[1]).toBe(size);
    expect(simulate(g).collect).toBe(0);
  });

  it('narrow one column and keep another wide in the same dump', () => {
    const g = build({ size: 2 ** 32 });
    expect(g.sizes).toBeInstanceOf(Float64Array);
    expect(g.sizes[1]).toBe(2 ** 32);
    expect(g.refcounts).toBeInstanceOf(Uint32Array);
    expect(g.refcounts[1]).toBe(2);
    expect([g.weakTargets[2], g.weakTargets[3]]).toEqual([3, -1]);
    let wrong = 0;
    for (let i = 2; i < N; i++) if (g.sizes[i] !== 33 + (i % 1000) || g.refcounts[i] !== 1 + (i % 3) || g.externalRefs[i] !== i % 3) wrong++;
    expect(wrong).toBe(0);
  });
});
