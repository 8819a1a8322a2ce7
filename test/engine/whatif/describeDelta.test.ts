import { describe, expect, it } from 'vitest';
import { heap, type DslNode } from '../heapDsl';
import { computeDelta } from '../../../electron/engine/whatif/describeDelta';
import { simulate } from '../../../electron/engine/gc/simulate';
import { Fate } from '../../../electron/engine/gc/types';

describe('computeDelta', () => {
  it('finds every changed fate, wherever it sits in the array', () => {
    const spec: Record<string, DslNode> = {};
    for (let i = 0; i < 37; i++) spec[`N${i}`] = { type: 'list', ext: 1 };
    const h = heap('3.11.7', spec);
    const before = simulate(h.graph);
    const after = { ...before, fates: before.fates.slice() };
    for (const i of [0, 5, 6, 33, 36]) after.fates[i] = Fate.FreedByRefcount;
    const d = computeDelta(h.graph, { kind: 'clear', address: h.graph.addresses[0] }, 'Clearing N0', before, after);
    expect(d.changedCount).toBe(5);
    expect(d.changed.map((c) => c.node)).toEqual([0, 5, 6, 33, 36]);
    expect(d.summary).toBe('Clearing N0 frees 5 objects (280 B) by reference counting');
  });
});
