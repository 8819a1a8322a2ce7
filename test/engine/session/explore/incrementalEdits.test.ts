/**
 * An edit re-simulates only what it can change (simulate() from the reachability baseline, the
 * short not-alive lists of notAlive.ts for the delta and the verdict). Random edits, undos, redos
 * and reverts on random heaps, through the session as the app drives it: every state must equal a
 * from-scratch simulation of the edited heap, every delta the one a full comparison of the fates
 * gives, and an undo the exact state before the edit.
 */
import { describe, expect, it } from 'vitest';
import { EngineSession } from '../../../../electron/engine/session/EngineSession.js';
import type { ApiResult } from '../../../../shared/api.js';
import type { EditResponse } from '../../../../shared/exploreApi.js';
import { simulate } from '../../../../electron/engine/gc/simulate.js';
import { Fate, ruleSetIds, type SimulationResult } from '../../../../electron/engine/gc/types.js';
import { notAliveNodes } from '../../../../electron/engine/gc/notAlive.js';
import { buildOverlay } from '../../../../electron/engine/whatif/overlay.js';
import type { Edit } from '../../../../electron/engine/whatif/types.js';
import type { HeapGraph } from '../../../../electron/engine/model/HeapGraph.js';
import { randomEdits, randomHeap, rng } from '../../gc/randomHeap.js';

/** The delta's numbers by comparing every object's fate. */
function fullDelta(g: HeapGraph, before: SimulationResult, after: SimulationResult) {
  const changed: { node: number; before: number; after: number }[] = [];
  let freedObjects = 0;
  let freedBytes = 0;
  const freed = (f: number): boolean => f === Fate.FreedByRefcount || f === Fate.Collected;
  for (let x = 0; x < g.nodeCount; x++) {
    if (before.fates[x] === after.fates[x]) continue;
    changed.push({ node: x, before: before.fates[x], after: after.fates[x] });
    if (freed(after.fates[x]) && !freed(before.fates[x])) {
      freedObjects++;
      freedBytes += g.sizes[x];
    }
  }
  return { changed, changedCount: changed.length, freedObjects, freedBytes, collectBefore: before.collect, collectAfter: after.collect };
}

function unreachableCount(sim: SimulationResult): number {
  let n = 0;
  for (const f of sim.fates) if (f === Fate.Collected || f === Fate.Uncollectable || f === Fate.Resurrected) n++;
  return n;
}

describe('incremental what-if edits', () => {
  it('equal a from-scratch simulation after every apply, undo, redo and revert, and undo restores the exact state', () => {
    const rand = rng(20261204);
    let steps = 0;
    for (let round = 0; round < 200; round++) {
      const g = randomHeap(rand);
      const s = new EngineSession({ graph: g, dumpPath: '/tmp/random.jsonl', bytes: 1, contentHash: `h${round}`, format: 'heapscope' });
      s.setRules(ruleSetIds[round % ruleSetIds.length], round % 7 === 0);
      if (round % 2 === 0) s.prepareWhatIf();
      const call = (method: string, req: object = {}): EditResponse => {
        const r = s.handle(method, req) as ApiResult<EditResponse>;
        if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
        return r.value;
      };
      // The applied edits as the test keeps them, to simulate from scratch.
      let applied: Edit[] = [];
      let undone: Edit[] = [];
      const check = (what: string, before: SimulationResult, r: EditResponse): SimulationResult => {
        const sim = s.simulation();
        const full = simulate(g, { rules: s.rules, saveAll: s.saveAll, overlay: buildOverlay(g, applied) });
        expect(sim, `round ${round} ${what}`).toEqual(full);
        const listed = [...notAliveNodes(sim)];
        expect(listed, `round ${round} ${what}: not-alive list`).toEqual([...full.fates.keys()].filter((x) => full.fates[x] !== Fate.Alive));
        expect(r.verdict.unreachable, `round ${round} ${what}: verdict`).toBe(unreachableCount(full));
        expect(r.verdict.collect).toBe(full.collect);
        const delta = s.lastDelta()!;
        const want = fullDelta(g, before, full);
        expect({ changed: delta.changed, changedCount: delta.changedCount, freedObjects: delta.freedObjects, freedBytes: delta.freedBytes, collectBefore: delta.collectBefore, collectAfter: delta.collectAfter }, `round ${round} ${what}: delta`).toEqual(want);
        steps++;
        return sim;
      };
      const history: SimulationResult[] = [s.simulation()];
      for (const e of randomEdits(g, rand)) {
        const before = s.simulation();
        applied = [...applied, e];
        undone = [];
        history.push(check('apply', before, call('applyEdit', { edit: e })));
      }
      // Undo every edit: each undo gives back exactly the state before that edit.
      while (applied.length > 0) {
        const before = s.simulation();
        undone.push(applied.at(-1)!);
        applied = applied.slice(0, -1);
        history.pop();
        const sim = check('undo', before, call('undoEdit'));
        expect(sim, `round ${round}: undo restores the previous state`).toEqual(history.at(-1));
      }
      // Redo them all, then revert the first step.
      while (undone.length > 0) {
        const before = s.simulation();
        applied = [...applied, undone.pop()!];
        check('redo', before, call('redoEdit'));
      }
      if (applied.length > 1) {
        const before = s.simulation();
        applied = applied.slice(1);
        check('revert', before, call('revertEdit', { step: 0 }));
      }
    }
    expect(steps).toBeGreaterThan(500);
  });
});
