/**
 * A session's AnalysisScratch after cycles and dominators: the whole-heap SCC pass borrows the
 * dominator pass's work arrays instead of holding three more of its own, and results are the
 * same with or without the scratch, in either order.
 */
import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { AnalysisScratch } from '../../../electron/engine/analysis/AnalysisScratch';
import { findCycles } from '../../../electron/engine/analysis/scc';
import { computeDominators } from '../../../electron/engine/analysis/dominators';

const h = heap('3.11.7', {
  R: { type: 'list', ext: 1, refs: ['A', 'C'] },
  A: { type: 'list', refs: ['B'] },
  B: { type: 'list', refs: ['A', 'C'] },
  C: { type: 'dict', refs: ['C'] },
  G1: { type: 'list', refs: ['G2'] },
  G2: { type: 'list', refs: ['G1'] },
});
const n = h.graph.nodeCount;

describe('AnalysisScratch shared by findCycles and computeDominators', () => {
  it('holds the dominator pass\'s five work arrays and the SCC bits, nothing more', () => {
    const scratch = new AnalysisScratch();
    findCycles(h.graph, undefined, scratch);
    computeDominators(h.graph, undefined, scratch);
    findCycles(h.graph, undefined, scratch);
    // Five Int32Arrays of n + 1, one Uint8Array of n (the garbage SCC reuses it), and the garbage
    // SCC's three call-stack arrays (2 objects: G1, G2).
    expect(scratch.byteLength).toBe(5 * (n + 1) * 4 + n + 3 * 2 * 4);
  });

  it('gives the same cycles and dominators with a shared scratch, whichever runs first', () => {
    const plainCycles = findCycles(h.graph);
    const plainDom = computeDominators(h.graph);
    for (const order of [0, 1]) {
      const scratch = new AnalysisScratch();
      const first = order === 0 ? findCycles(h.graph, undefined, scratch) : computeDominators(h.graph, undefined, scratch);
      const second = order === 0 ? computeDominators(h.graph, undefined, scratch) : findCycles(h.graph, undefined, scratch);
      const [cycles, dom] = order === 0 ? [first, second] : [second, first];
      expect(cycles).toEqual(plainCycles);
      expect(dom).toEqual(plainDom);
    }
  });
});
