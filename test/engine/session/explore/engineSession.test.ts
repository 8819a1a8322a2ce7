/**
 * The explore handlers on a real EngineSession (real simulation, cycles, dominators, edit history)
 * over the article's two-object cycle captured on 2.7 — the same scenario as the end-to-end test.
 */
import { describe, expect, it } from 'vitest';
import { heap } from '../../heapDsl.js';
import { EngineSession } from '../../../../electron/engine/session/EngineSession.js';
import type { ApiResult } from '../../../../shared/api.js';
import type { EditResponse, InspectResponse, ObjectsPageResponse } from '../../../../shared/exploreApi.js';

function twoCycle() {
  const h = heap('2.7.18', {
    Ia: { type: '__main__.CGcLeakA', fin: 'del', size: 72, refs: [['Da', '__dict__'], ['Ka', '__class__']] },
    Da: { type: 'dict', size: 280, refs: [['Sb', "<'_b'>"], ['Ib', "['_b']"]] },
    Ib: { type: '__main__.CGcLeakB', fin: 'del', size: 72, refs: [['Db', '__dict__'], ['Kb', '__class__']] },
    Db: { type: 'dict', size: 280, refs: [['Sa', "<'_a'>"], ['Ia', "['_a']"]] },
    Ka: { type: 'classobj', size: 104, ext: 2, repr: 'CGcLeakA' },
    Kb: { type: 'classobj', size: 104, ext: 2, repr: 'CGcLeakB' },
    Sa: { type: 'str', gc: false, size: 39, ext: 1, repr: '_a' },
    Sb: { type: 'str', gc: false, size: 39, ext: 1, repr: '_b' },
    L: { type: 'list', ext: 1, refs: [['Ka', '[0]']] },
  });
  const s = new EngineSession({ graph: h.graph, dumpPath: '/tmp/two-cycle-2.7.jsonl', bytes: 1000, contentHash: 'h', format: 'heapscope' });
  const call = <T>(method: string, req: object): T => {
    const r = s.handle(method, { session: 'abcd1234', ...req }) as ApiResult<T>;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const addr = (name: string): number => h.graph.addresses[h.id(name)];
  return { h, s, call, addr };
}

describe('explore handlers on an EngineSession (2.7 two-cycle)', () => {
  it('finds _b, breaks _b._a, sees both instances and their dicts freed by refcounting, and undo restores 4 / 2', () => {
    const { call, addr } = twoCycle();
    const list = call<EditResponse>('listEdits', {});
    expect(list.verdict).toMatchObject({ collect: 4, garbage: 2, rules: '2.7' });
    const found = call<ObjectsPageResponse>('objectsPage', { start: 0, count: 10, filter: { type: '__main__.CGcLeakB' } });
    expect(found.rows.map((r) => r.fate)).toEqual(['uncollectable']);
    const db = call<InspectResponse>('inspectObject', { address: found.rows[0].address }).referents.rows.find((r) => r.label === '__dict__')!;
    const inspectDb = call<InspectResponse>('inspectObject', { address: db.other.address });
    const toA = inspectDb.referents.rows.find((r) => r.label === "['_a']")!;
    expect(toA.other.address).toBe(addr('Ia'));
    const after = call<EditResponse>('applyEdit', { edit: { kind: 'drop-ref', edge: toA.edge } });
    expect(after.verdict).toMatchObject({ collect: 0, garbage: 0 });
    expect(after.delta?.freedObjects).toBe(4);
    expect(after.delta?.summary).toMatch(/frees 4 objects \(704 B\) by reference counting/);
    const freed = new Set(after.delta?.changed.filter((c) => c.after === 'freed by refcount').map((c) => c.address));
    expect(freed).toEqual(new Set([addr('Ia'), addr('Da'), addr('Ib'), addr('Db')]));
    const undone = call<EditResponse>('undoEdit', {});
    expect(undone.verdict).toMatchObject({ collect: 4, garbage: 2 });
    expect(undone.redoable).toBe(1);
  });

  it('explains the leak and lists the cycle with its finalizers', () => {
    const { call, addr } = twoCycle();
    const r = call<InspectResponse>('inspectObject', { address: addr('Ib') });
    expect(r.fateExplanation).toMatch(/gc\.garbage/);
    expect(r.cycle).toMatchObject({ size: 4, finalizers: 2, fate: 'uncollectable' });
    const cycles = call<{ total: number; rows: { size: number; retained: number }[] }>('cyclesPage', { start: 0, count: 10 });
    expect(cycles.total).toBe(1);
    expect(cycles.rows[0].retained).toBeGreaterThanOrEqual(704);
  });

  it('suggests single references of the cycle that free a leaked object, each checked by simulation', () => {
    const { call, addr } = twoCycle();
    const r = call<{ suggestions: { summary: string; fateAfter: string; edges: { label: string }[] }[] }>('suggestCuts', { address: addr('Ib') });
    expect(r.suggestions.length).toBeGreaterThan(0);
    for (const s of r.suggestions) expect(['freed by refcount', 'collected']).toContain(s.fateAfter);
    expect(r.suggestions.map((s) => s.edges[0].label)).toContain("['_a']");
  });

  it('suggests the minimum cut for an alive object: release the outside holds or break the references', () => {
    const { call, addr } = twoCycle();
    const r = call<{ suggestions: { summary: string; edges: unknown[]; releases: { address: number; count: number }[] }[]; reason?: string }>('suggestCuts', {
      address: addr('L'),
    });
    expect(r.suggestions).toHaveLength(1);
    expect(r.suggestions[0].releases).toEqual([{ address: addr('L'), count: 1 }]);
  });

  it('shows a declared finalizer effect in the inspector', () => {
    const { call, addr } = twoCycle();
    call<EditResponse>('applyEdit', { edit: { kind: 'finalizer-effect', address: addr('Ia'), effect: 'drop-refs' } });
    expect(call<InspectResponse>('inspectObject', { address: addr('Ia') }).finalizerEffect).toBe('drop-refs');
    expect(call<InspectResponse>('inspectObject', { address: addr('Ib') }).finalizerEffect).toBe('none');
  });

  it('answers a bad request with an error value, not a throw', () => {
    const { s } = twoCycle();
    const r = s.handle('inspectObject', { session: 'abcd1234', address: 1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
