import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { GraphLinkError, HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { syntheticHeader } from '../../../electron/engine/model/header';

describe('HeapGraphBuilder', () => {
  it('builds CSR out- and in-edges with labels for the article self-cycle', () => {
    const h = heap('2.7.18', {
      I: { type: '__main__.CGcLeak', fin: 'del', refs: ['D'] },
      D: { type: 'dict', refs: [['I', "['_self']"]] },
    });
    const g = h.graph;
    expect(g.nodeCount).toBe(2);
    expect(g.edgeCount).toBe(2);
    const d = h.id('D');
    const i = h.id('I');
    expect(g.edgeTargets[g.firstOutEdge[i]]).toBe(d);
    const inEdge = g.inEdges[g.firstInEdge[i]];
    expect(g.edgeSources[inEdge]).toBe(d);
    expect(g.strings.get(g.edgeLabels[inEdge])).toBe("['_self']");
    expect(g.refcounts[i]).toBe(1);
    expect(g.externalRefs[i]).toBe(0);
  });

  it('rejects a reference to an address that is not in the dump', () => {
    const b = new HeapGraphBuilder();
    b.addNode({ address: 16, type: 'list', size: 56, flags: 3, refcount: 1, external: 1, edges: [32] });
    expect(() => b.finish(syntheticHeader('3.11.7'))).toThrow(GraphLinkError);
  });

  it('rejects duplicate addresses', () => {
    const b = new HeapGraphBuilder();
    b.addNode({ address: 16, type: 'list', size: 56, flags: 3, refcount: 1, external: 1 });
    b.addNode({ address: 16, type: 'dict', size: 56, flags: 3, refcount: 1, external: 1 });
    expect(() => b.finish(syntheticHeader('3.11.7'))).toThrow(/duplicate address 16/);
  });

  it('finds every address among a million in the AddressIndex', () => {
    const b = new HeapGraphBuilder(1_000_000);
    const base = 140_000_000_000_000;
    for (let i = 0; i < 1_000_000; i++) b.addNode({ address: base + i * 48, type: 't', size: 1, flags: 0, refcount: 1, external: 1 });
    const g = b.finish(syntheticHeader('3.11.7'));
    let misses = 0;
    for (let i = 0; i < 1_000_000; i += 997) if (g.index.get(base + i * 48) !== i) misses++;
    expect(misses).toBe(0);
    expect(g.index.get(base + 8)).toBe(-1);
  });
});
