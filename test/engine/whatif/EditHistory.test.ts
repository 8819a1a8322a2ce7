import { describe, expect, it } from 'vitest';
import { EditHistory } from '../../../electron/engine/whatif/EditHistory';
import { EngineError } from '../../../electron/engine/errors';
import { Fate } from '../../../electron/engine/gc/types';
import { articleHeap, DA, DB, IA, IB } from './articleHeap';
import { randomEdits, randomHeap, rng } from '../gc/randomHeap';
import { simulate } from '../../../electron/engine/gc/simulate';
import { ruleSetIds } from '../../../electron/engine/gc/types';
import { buildOverlay } from '../../../electron/engine/whatif/overlay';

const delA = { kind: 'drop-external', address: IA, count: 1 } as const;
const delB = { kind: 'drop-external', address: IB, count: 1 } as const;
const breakBA = { kind: 'drop-ref', source: DB, target: IA } as const;

describe('EditHistory', () => {
  it("tells the article's story step by step under 2.7 rules", () => {
    const h = new EditHistory(articleHeap());
    expect(h.apply(delA).summary).toBe("Deleting _a: no object's fate changes");
    const d = h.apply(delB);
    expect(d.summary).toBe(
      'Deleting _b: 4 objects become uncollectable under CPython ≤ 3.3 (legacy __del__) rules (leaked in gc.garbage); gc.collect() returns 4 (was 0)',
    );
    expect([d.collectAfter, d.garbageAfter]).toEqual([4, 2]);
    const br = h.apply(breakBA);
    expect(br.summary).toBe('Breaking _b._a frees 4 objects (208 B) by reference counting; gc.collect() returns 0 (was 4)');
    expect([br.freedObjects, br.freedBytes, br.changedCount]).toEqual([4, 208, 4]);
    expect(h.position).toBe(3);
  });

  it('says a cycle becomes collectable when rules change nothing but the edit breaks the legacy closure', () => {
    const h = new EditHistory(articleHeap());
    h.apply(delA);
    h.apply(delB);
    const d = h.apply({ kind: 'drop-ref', source: IB, target: DB });
    expect(d.summary).toMatch(/^Breaking _b.__dict__ frees/);
  });

  it('undoes and redoes, never touching the graph', () => {
    const g = articleHeap();
    const rc = g.refcounts.slice();
    const h = new EditHistory(g);
    h.apply(delA);
    h.apply(delB);
    expect(h.result().collect).toBe(4);
    const u = h.undo()!;
    expect(u.summary).toMatch(/^Undoing deleting _b: 4 objects are alive again; gc.collect\(\) returns 0 \(was 4\)$/);
    expect(h.result().collect).toBe(0);
    expect(h.position).toBe(1);
    expect(h.edits.length).toBe(2);
    expect(h.redo()!.collectAfter).toBe(4);
    expect(h.redo()).toBeNull();
    h.undo();
    h.undo();
    expect(h.undo()).toBeNull();
    expect(h.overlay()).toBeUndefined();
    expect(g.refcounts).toEqual(rc);
  });

  it('drops the redo tail when a new edit is applied after undo', () => {
    const h = new EditHistory(articleHeap());
    h.apply(delA);
    h.apply(delB);
    h.undo();
    h.apply(breakBA);
    expect(h.edits).toEqual([delA, breakBA]);
    expect(h.canRedo).toBe(false);
  });

  it('removes any step and recomputes', () => {
    const h = new EditHistory(articleHeap());
    h.apply(delA);
    h.apply(delB);
    h.apply(breakBA);
    const d = h.revert(0);
    expect(h.edits).toEqual([delB, breakBA]);
    expect(h.position).toBe(2);
    expect(h.result().fates[h.graph.index.get(IA)]).toBe(Fate.Alive);
    expect(d.summary).toMatch(/^Removing the step "deleting _a"/);
    expect(() => h.revert(5)).toThrow(EngineError);
  });

  it('rejects an edit that names a missing reference and stays unchanged', () => {
    const h = new EditHistory(articleHeap());
    h.apply(breakBA);
    expect(() => h.apply(breakBA)).toThrow(expect.objectContaining({ code: 'NO_SUCH_REFERENCE' }));
    expect(() => h.apply({ kind: 'clear', address: 12345 })).toThrow(expect.objectContaining({ code: 'UNKNOWN_ADDRESS' }));
    expect(() => h.apply({ kind: 'drop-external', address: DA, count: 1 })).toThrow(expect.objectContaining({ code: 'BAD_EDIT' }));
    expect(() => h.apply({ kind: 'drop-external', address: IA, count: 2 })).toThrow(/only 1 reference/);
    expect(() => h.apply({ kind: 'finalizer-effect', address: DA, effect: 'resurrect' })).toThrow(/has no finalizer/);
    expect(h.edits).toEqual([breakBA]);
  });

  it('saves to JSON and loads back for the same dump only', () => {
    const g = articleHeap();
    const h = new EditHistory(g, { contentHash: 'abc123' });
    h.apply(delA);
    h.apply(delB);
    h.undo();
    const text = JSON.stringify(h);
    const back = EditHistory.fromJSON(text, g, 'abc123');
    expect(back.edits).toEqual([delA, delB]);
    expect(back.position).toBe(1);
    expect(back.rules).toBe('2.7');
    expect(() => EditHistory.fromJSON(text, g, 'other')).toThrow(expect.objectContaining({ code: 'HASH_MISMATCH' }));
    expect(() => EditHistory.fromJSON('{', g, 'abc123')).toThrow(expect.objectContaining({ code: 'BAD_HISTORY' }));
    const bad = { ...h.toJSON(), version: 2 };
    expect(() => EditHistory.fromJSON(bad, g, 'abc123')).toThrow(/unsupported version/);
    const wrong = { ...h.toJSON(), edits: [{ kind: 'clear', address: 999 }], position: 1 };
    expect(() => EditHistory.fromJSON(wrong, g, 'abc123')).toThrow(/edit step 1/);
  });

  it('uses the rules it was given', () => {
    const h = new EditHistory(articleHeap(), { rules: '3.9' });
    h.apply(delA);
    expect(h.apply(delB).summary).toBe('Deleting _b: 4 objects become garbage that gc.collect() frees; gc.collect() returns 4 (was 0)');
  });
});

describe('EditHistory on random heaps', () => {
  it('always agrees with a fresh full simulation of the applied edits, through undo and redo', () => {
    const rand = rng(424242);
    for (let round = 0; round < 150; round++) {
      const g = randomHeap(rand);
      const h = new EditHistory(g, { rules: ruleSetIds[round % 4], saveAll: round % 5 === 0 });
      const check = (): void => {
        const overlay = buildOverlay(g, h.edits.slice(0, h.position));
        expect(h.result(), `round ${round}`).toEqual(simulate(g, { rules: h.rules, saveAll: h.saveAll, overlay }));
      };
      for (const e of randomEdits(g, rand)) {
        h.apply(e);
        check();
      }
      h.undo();
      check();
      h.redo();
      check();
      if (h.edits.length > 1) {
        h.revert(0);
        check();
      }
    }
  });
});
