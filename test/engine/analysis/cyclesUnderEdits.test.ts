import { describe, expect, it } from 'vitest';
import { heap } from '../heapDsl';
import { findCycles } from '../../../electron/engine/analysis/scc';
import { editsKeepCycles } from '../../../electron/engine/analysis/cyclesUnderEdits';
import { buildOverlay } from '../../../electron/engine/whatif/overlay';
import type { Edit } from '../../../electron/engine/whatif/types';

// L -> A <-> B, B -> C, C -> C (a self-cycle), C -> D.
const h = heap('3.11.7', {
  L: { type: 'list', ext: 1, refs: ['A'] },
  A: { type: 'list', refs: ['B'] },
  B: { type: 'list', refs: ['A', 'C'] },
  C: { type: 'list', refs: ['C', 'D'] },
  D: { type: 'list' },
});
const at = (name: string): number => h.graph.addresses[h.id(name)];
const drop = (s: string, t: string): Edit => ({ kind: 'drop-ref', source: at(s), target: at(t) });
const unedited = findCycles(h.graph);

describe('editsKeepCycles', () => {
  it('is true exactly when the edited graph has the unedited cycles', () => {
    const cases: [Edit[], boolean][] = [
      [[drop('L', 'A')], true],
      [[drop('B', 'C'), drop('C', 'D')], true],
      [[{ kind: 'drop-external', address: at('L'), count: 1 }], true],
      [[drop('A', 'B')], false],
      [[drop('C', 'C')], false],
      [[{ kind: 'clear', address: at('B') }], false],
      [[drop('L', 'A'), drop('B', 'A')], false],
    ];
    for (const [edits, keeps] of cases) {
      const overlay = buildOverlay(h.graph, edits)!;
      expect(editsKeepCycles(h.graph, unedited, overlay), JSON.stringify(edits)).toBe(keeps);
      expect(findCycles(h.graph, overlay), JSON.stringify(edits)).toEqual(keeps ? unedited : expect.anything());
      if (!keeps) expect(findCycles(h.graph, overlay)).not.toEqual(unedited);
    }
  });
});
