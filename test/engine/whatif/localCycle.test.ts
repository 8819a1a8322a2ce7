import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { cycleWithin } from '../../../electron/engine/whatif/localCycle';
import { buildOverlay } from '../../../electron/engine/whatif/overlay';
import { findCycles } from '../../../electron/engine/analysis/scc';

// A -> B -> C -> A is a cycle; C -> D, D alone; E refers to itself; F <-> G through H outside.
const h = heap('3.11.7', {
  A: { type: 'list', refs: ['B'] },
  B: { type: 'list', refs: ['C'] },
  C: { type: 'list', refs: ['A', 'D'] },
  D: { type: 'list' },
  E: { type: 'list', refs: ['E'], ext: 1 },
  F: { type: 'list', refs: ['H'] },
  G: { type: 'list', refs: ['F'] },
  H: { type: 'list', refs: ['G'] },
});
const ids = (...names: string[]): number[] => names.map(h.id);

describe('cycleWithin', () => {
  it('finds the component through an object among the candidates, as findCycles does on the whole graph', () => {
    const all = ids('A', 'B', 'C', 'D', 'E', 'F', 'G', 'H');
    const cycles = findCycles(h.graph);
    for (const x of all) {
      const c = cycles.cycleOf[x];
      const whole = c < 0 ? undefined : [...cycles.members.subarray(cycles.firstMember[c], cycles.firstMember[c + 1])];
      expect(cycleWithin(h.graph, undefined, all, x)).toEqual(whole);
    }
  });

  it('counts a reference to itself as a cycle, and a lone object without one as none', () => {
    expect(cycleWithin(h.graph, undefined, [], h.id('E'))).toEqual(ids('E'));
    expect(cycleWithin(h.graph, undefined, [], h.id('D'))).toBeUndefined();
  });

  it('sees only the candidates: a cycle through an object left out is not found', () => {
    expect(cycleWithin(h.graph, undefined, ids('F', 'G'), h.id('F'))).toBeUndefined();
    expect(h.names(cycleWithin(h.graph, undefined, ids('F', 'G', 'H'), h.id('G'))!)).toEqual(['F', 'G', 'H']);
  });

  it('skips references an edit removed', () => {
    const overlay = buildOverlay(h.graph, [{ kind: 'drop-ref', source: h.graph.addresses[h.id('B')], target: h.graph.addresses[h.id('C')] }]);
    expect(cycleWithin(h.graph, overlay, ids('A', 'B', 'C'), h.id('A'))).toBeUndefined();
    const self = buildOverlay(h.graph, [{ kind: 'drop-ref', source: h.graph.addresses[h.id('E')], target: h.graph.addresses[h.id('E')] }]);
    expect(cycleWithin(h.graph, self, [], h.id('E'))).toBeUndefined();
  });
});
