import { describe, expect, it } from 'vitest';
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { Prefaulter } from '../../../electron/engine/model/Prefaulter';
import { SpareBuffers } from '../../../electron/engine/model/SpareBuffers';
import { syntheticHeader } from '../../../electron/engine/model/header';
import type { HeapGraph } from '../../../electron/engine/model/HeapGraph';

/** 300k objects in a ring with a shared class and labels: big enough for the Prefaulter. */
function build(prefaultEdges: number): HeapGraph {
  const n = 300_000;
  const b = new HeapGraphBuilder(n + 1, n * 8, prefaultEdges);
  const cls = 16;
  const addr = (i: number): number => 140_000_000_000_000 + ((i * 7919) % n) * 64;
  b.addNode({ address: cls, type: 'type', size: 1000, flags: 11, refcount: n + 1, external: 1, repr: 'Node' });
  for (let i = 0; i < n; i++) {
    b.addNode({
      address: addr(i),
      type: '__main__.Node',
      size: 48,
      flags: 3,
      refcount: 1 + (i % 3),
      external: i % 3,
      repr: i % 2 ? `r${i}` : undefined,
      edges: [addr((i + 1) % n), cls],
      labels: ['.next', '__class__'],
    });
  }
  return b.finish(syntheticHeader('3.11.7'));
}

const columns = ['addresses', 'typeIds', 'sizes', 'flags', 'refcounts', 'externalRefs', 'reprIds', 'weakTargets', 'firstOutEdge', 'edgeTargets', 'edgeLabels', 'firstInEdge', 'inEdges', 'edgeSources'] as const;

describe('Prefaulter and shared-memory loading', () => {
  it('builds the same graph with the Prefaulter as without it, whatever the edge guess', () => {
    const plain = build(0);
    for (const guess of [100, 600_000, 2_000_000]) {
      const shared = build(guess);
      expect(shared.addresses.buffer).toBeInstanceOf(SharedArrayBuffer);
      for (const c of columns) {
        const x = shared[c];
        const y = plain[c];
        let diff = x.length === y.length ? 0 : 1;
        for (let i = 0; i < y.length && diff === 0; i++) if (x[i] !== y[i]) diff++;
        expect(diff, c).toBe(0);
      }
      expect(shared.index.get(plain.addresses[12345])).toBe(12345);
      expect(shared.strings.get(shared.reprIds[2])).toBe('r1');
    }
    expect(plain.addresses.buffer).not.toBeInstanceOf(SharedArrayBuffer);
  });

  it('touches pages without changing what the loading thread already wrote', async () => {
    const buffer = new SharedArrayBuffer(64 << 20);
    const view = new Uint8Array(buffer);
    for (let i = 0; i < view.length; i += 4096) view[i] = (i / 4096) % 251 || 1;
    const p = Prefaulter.start([{ buffer, bytes: buffer.byteLength }], []);
    expect(p).toBeDefined();
    await p!.finished;
    let changed = 0;
    for (let i = 0; i < view.length; i += 4096) if (view[i] !== ((i / 4096) % 251 || 1)) changed++;
    expect(changed).toBe(0);
  });
});

describe('SpareBuffers', () => {
  it('hands out the smallest spare that fits, zeroed, and fresh arrays when none fits', () => {
    const spare = new SpareBuffers();
    const big = new Uint32Array(1 << 20).fill(7);
    const small = new Float64Array(1 << 18).fill(9);
    spare.add(big);
    spare.add(small);
    spare.add(new Uint8Array(100)); // too small to be worth keeping
    const a = spare.uint32(1000);
    expect(a.buffer).toBe(small.buffer);
    expect(a.every((x) => x === 0)).toBe(true);
    const b = spare.float64(1 << 19);
    expect(b.buffer).toBe(big.buffer);
    expect(b.length).toBe(1 << 19);
    const c = spare.uint32(10);
    expect(c.buffer).not.toBe(big.buffer);
    expect(c.buffer).not.toBe(small.buffer);
  });
});
