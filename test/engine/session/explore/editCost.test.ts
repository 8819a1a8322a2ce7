/**
 * What one what-if edit recomputes on an EngineSession: the verdict and the delta's notes come
 * without a whole-heap cycle or dominator pass (those cost seconds on a 50M-object dump), and an
 * undo back to the dump as loaded reuses the unedited simulation.
 */
import { describe, expect, it, vi } from 'vitest';
import { heap } from '../../heapDsl.js';
import { EngineSession } from '../../../../electron/engine/session/EngineSession.js';
import type { ApiResult } from '../../../../shared/api.js';
import type { EditResponse } from '../../../../shared/exploreApi.js';
import { simulate } from '../../../../electron/engine/gc/simulate.js';
import { buildOverlay } from '../../../../electron/engine/whatif/overlay.js';
import type { Edit } from '../../../../electron/engine/whatif/types.js';
import { cachedOrderKeys } from '../../../../electron/engine/session/explore/objectsPage.js';
import { verdictOf } from '../../../../electron/engine/session/explore/edits.js';

function session() {
  // L holds W1, which with W2 forms a cycle through their dicts; L also holds an unrelated X.
  const h = heap('3.11.7', {
    L: { type: 'list', ext: 1, refs: [['W1', '[0]'], ['X', '[1]']] },
    W1: { type: '__main__.Worker', refs: [['D1', '__dict__']] },
    D1: { type: 'dict', refs: [['W2', "['peer']"]] },
    W2: { type: '__main__.Worker', refs: [['D2', '__dict__']] },
    D2: { type: 'dict', refs: [['W1', "['peer']"]] },
    X: { type: 'list' },
  });
  const s = new EngineSession({ graph: h.graph, dumpPath: '/tmp/edit-cost.jsonl', bytes: 100, contentHash: 'h', format: 'heapscope' });
  const call = <T>(method: string, req: object): T => {
    const r = s.handle(method, { session: 'abcd1234', ...req }) as ApiResult<T>;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const addr = (name: string): number => h.graph.addresses[h.id(name)];
  return { h, s, call, addr };
}

describe('the cost of one what-if edit on an EngineSession', () => {
  it('names the cycle that becomes collectable without computing the session\'s cycles or dominators', () => {
    const { s, call, addr } = session();
    s.overview();
    s.prepareWhatIf();
    const cycles = vi.spyOn(s, 'cycles');
    const dominators = vi.spyOn(s, 'dominators');
    const r = call<EditResponse>('applyEdit', { edit: { kind: 'drop-ref', source: addr('L'), target: addr('W1') } });
    expect(r.verdict.collect).toBe(4);
    expect([r.delta?.summary, ...(r.delta?.notes ?? [])].join('; ')).toContain('the cycle of 2 × __main__.Worker, 2 × dict becomes collectable by gc.collect()');
    expect(cycles).not.toHaveBeenCalled();
    expect(dominators).not.toHaveBeenCalled();
  });

  it('keeps the unedited simulation: undo returns the very result the dump opened with', () => {
    const { s, call, addr } = session();
    const opened = s.simulation();
    call<EditResponse>('applyEdit', { edit: { kind: 'drop-ref', source: addr('L'), target: addr('W1') } });
    expect(s.simulation()).not.toBe(opened);
    expect(s.baseline()).toBe(opened);
    const undone = call<EditResponse>('undoEdit', {});
    expect(undone.verdict.collect).toBe(0);
    expect(s.simulation()).toBe(opened);
  });

  it('lends the simulation the dominator pass\'s work arrays, and edits stay exact when cycles and dominators run in between', () => {
    const { h, s, call, addr } = session();
    s.overview();
    s.prepareWhatIf();
    const internals = s as unknown as { reach: { scratch: { queue: Int32Array; noPins: Int32Array } }; scratch: { int32(role: string, n: number): Int32Array } };
    expect(internals.reach.scratch.queue.buffer).toBe(internals.scratch.int32('dom.best', h.graph.nodeCount + 1).buffer);
    expect(internals.reach.scratch.noPins).toBe(s.baseline().pinnedBy);
    const edits: Edit[] = [
      { kind: 'drop-ref', source: addr('D1'), target: addr('W2') },
      { kind: 'drop-ref', source: addr('L'), target: addr('X') },
      { kind: 'drop-ref', source: addr('L'), target: addr('W1') },
    ];
    for (let i = 0; i < edits.length; i++) {
      call<EditResponse>('applyEdit', { edit: edits[i] });
      s.overview(); // cycles and dominators overwrite the shared arrays
      const fresh = simulate(h.graph, { overlay: buildOverlay(h.graph, edits.slice(0, i + 1)) });
      expect(s.simulation().fates).toEqual(fresh.fates);
      expect(s.simulation().collect).toBe(fresh.collect);
      expect(s.simulation().pinnedBy).toEqual(fresh.pinnedBy);
    }
  });

  it('lets go of the view caches an edit replaces before anything is recomputed, keeping those it does not change', () => {
    const { s, call, addr } = session();
    for (const sort of ['retained', 'size', 'fate', 'address']) call('objectsPage', { start: 0, count: 10, sort });
    expect(cachedOrderKeys(s).sort()).toEqual(['address', 'fate', 'retained', 'size']);
    call<EditResponse>('applyEdit', { edit: { kind: 'drop-ref', source: addr('L'), target: addr('W1') } });
    expect(cachedOrderKeys(s).sort()).toEqual(['address', 'size']);
    const rows = call<{ rows: { address: number; retained: number }[] }>('objectsPage', { start: 0, count: 10, sort: 'retained', descending: true }).rows;
    expect(rows[0].address).toBe(addr('W1'));
  });

  it('reuses the cycles as loaded after an edit that breaks no reference inside a cycle, and recomputes them otherwise', () => {
    const { s, call, addr } = session();
    const opened = s.cycles();
    call<EditResponse>('applyEdit', { edit: { kind: 'drop-ref', source: addr('L'), target: addr('W1') } });
    expect(s.cycles()).toBe(opened);
    call<EditResponse>('applyEdit', { edit: { kind: 'drop-ref', source: addr('D1'), target: addr('W2') } });
    const split = s.cycles();
    expect(split).not.toBe(opened);
    expect(split.count).toBe(0);
    call<EditResponse>('undoEdit', {});
    call<EditResponse>('undoEdit', {});
    expect(s.cycles()).toBe(opened);
  });

  it('counts a simulation\'s verdict once and hands out copies', () => {
    const { s, call, addr } = session();
    const opened = verdictOf(s.simulation());
    opened.collect = -1;
    expect(verdictOf(s.simulation()).collect).toBe(0);
    call<EditResponse>('applyEdit', { edit: { kind: 'drop-ref', source: addr('L'), target: addr('W1') } });
    expect(verdictOf(s.simulation())).toMatchObject({ collect: 4, unreachable: 4 });
    expect(call<EditResponse>('undoEdit', {}).verdict).toEqual({ ...opened, collect: 0 });
  });
});
