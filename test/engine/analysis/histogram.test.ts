import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { histogram } from '../../../electron/engine/analysis/histogram';
import { computeDominators } from '../../../electron/engine/analysis/dominators';
import { chain } from './helpers';

describe('histogram', () => {
  it('counts objects and shallow bytes per type, largest retained first', () => {
    const h = heap('3.11.7', {
      A: { type: 'list', ext: 1, size: 10, refs: ['B', 'C'] },
      B: { type: 'dict', size: 100 },
      C: { type: 'dict', size: 100 },
    });
    const rows = histogram(h.graph, { dominators: computeDominators(h.graph) });
    expect(rows.map((r) => [r.type, r.count, r.bytes, r.retainedBytes])).toEqual([
      ['list', 1, 10, 210],
      ['dict', 2, 200, 200],
    ]);
  });

  it('does not count a list twice when another type sits between two lists in the dominator tree', () => {
    const h = heap('3.11.7', {
      L1: { type: 'list', ext: 1, size: 1, refs: ['D'] },
      D: { type: 'dict', size: 10, refs: ['L2'] },
      L2: { type: 'list', size: 100 },
    });
    const rows = histogram(h.graph, { dominators: computeDominators(h.graph) });
    const list = rows.find((r) => r.type === 'list')!;
    expect(list.retainedBytes).toBe(111);
    expect(rows.find((r) => r.type === 'dict')!.retainedBytes).toBe(110);
  });

  it('restricts rows to the mask and lets unmasked ancestors not block', () => {
    const h = heap('3.11.7', {
      L1: { type: 'list', ext: 1, size: 1, refs: ['L2'] },
      L2: { type: 'list', size: 100 },
      X: { type: 'tuple', ext: 1, size: 5 },
    });
    const mask = new Uint8Array(h.graph.nodeCount);
    mask[h.id('L2')] = 1;
    const rows = histogram(h.graph, { dominators: computeDominators(h.graph), mask });
    expect(rows).toEqual([{ typeId: h.graph.typeIds[h.id('L2')], type: 'list', count: 1, bytes: 100, retainedBytes: 100 }]);
  });

  it('gives a leaked cycle\'s types retained bytes through the garbage forest', () => {
    const h = heap('3.11.7', { I: { type: 'Leak', size: 50, refs: ['D'] }, D: { type: 'dict', size: 200, refs: ['I'] } });
    const rows = histogram(h.graph, { dominators: computeDominators(h.graph) });
    expect(rows[0]).toMatchObject({ type: 'Leak', retainedBytes: 250 });
  });

  it('walks a 200,000-deep dominator tree of alternating types without overflowing the stack', () => {
    const g = chain(200_000);
    const rows = histogram(g, { dominators: computeDominators(g) });
    expect(rows.find((r) => r.type === 'even')!.retainedBytes).toBe(8 * 200_000);
    expect(rows.find((r) => r.type === 'odd')!.retainedBytes).toBe(8 * 199_999);
  });
});
