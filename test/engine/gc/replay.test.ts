import { describe, expect, it } from 'vitest';
import { simulate } from '../../../electron/engine/gc/simulate';
import { ruleSetIds, Fate, type RuleSetId } from '../../../electron/engine/gc/types';
import { replayCollection, type ReplayList } from '../../../electron/engine/gc/replay/replay';
import { replayNodes } from '../../../electron/engine/gc/replay/replayNodes';
import { buildOverlay } from '../../../electron/engine/whatif/overlay';
import { articleHeap, DA, DB, IA, IB } from '../whatif/articleHeap';
import { randomEdits, randomHeap, rng } from './randomHeap';

/** Which lists can end a replay for each fate (untracked objects are in no list). */
const listsForFate: Record<number, ReplayList[]> = {
  [Fate.Alive]: ['reachable', 'untracked', 'young'],
  [Fate.FreedByRefcount]: ['freed'],
  [Fate.Collected]: ['freed'],
  [Fate.Uncollectable]: ['legacy_finalizers', 'garbage', 'untracked'],
  [Fate.Resurrected]: ['resurrected', 'untracked', 'reachable'],
};

describe('replayCollection', () => {
  it('leaves the simulation unchanged and ends in the state simulate() reports, on random heaps and edits', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const g = randomHeap(rand);
      const overlay = rand() < 0.5 ? buildOverlay(g, randomEdits(g, rand)) : undefined;
      const rules = ruleSetIds[seed % ruleSetIds.length];
      const saveAll = seed % 7 === 0;
      const plain = simulate(g, { rules, saveAll, overlay });
      const nodes = Uint32Array.from({ length: g.nodeCount }, (_, i) => i);
      const replay = replayCollection(g, nodes, { rules, saveAll, overlay });
      expect(replay.result, `seed ${seed}`).toEqual(plain);
      const last = replay.steps[replay.steps.length - 1];
      for (const o of last.objects) {
        expect(listsForFate[plain.fates[o.node]], `seed ${seed} node ${o.node}`).toContain(o.list);
      }
      // Every step lists every replayed object.
      for (const s of replay.steps) expect(s.objects.map((o) => o.node)).toEqual(Array.from(nodes));
      // gc.garbage members, and only they, end in the garbage list (DEBUG_SAVEALL adds the final set).
      const inGarbage = new Set(plain.garbage);
      for (const o of last.objects) if (inGarbage.has(o.node)) expect(o.list, `seed ${seed}`).toBe('garbage');
    }
  });

  it("replays the article's two-object cycle under 2.7 rules: held back by __del__, then in gc.garbage", () => {
    const g = articleHeap('2.7.18');
    const ia = g.index.get(IA);
    const { nodes } = replayNodes(g, [ia]);
    expect(Array.from(nodes, (x) => g.addresses[x])).toEqual([IA, DA, IB, DB]);
    const r = replayCollection(g, nodes);
    expect(r.steps.map((s) => s.phase)).toEqual([
      'update_refs',
      'subtract_refs',
      'move_unreachable',
      'move_finalizers',
      'move_finalizer_reachable',
      'handle_weakrefs',
      'delete_garbage',
      'handle_finalizers',
    ]);
    const lists = (i: number) => r.steps[i].objects.map((o) => o.list);
    const refs = (i: number) => r.steps[i].objects.map((o) => o.gcRefs);
    expect(refs(0)).toEqual([2, 1, 2, 1]);
    expect(refs(1)).toEqual([1, 0, 1, 0]);
    // The frame's names _a and _b are outside references: the instances are roots, the dicts pulled back.
    expect(lists(2)).toEqual(['reachable', 'reachable', 'reachable', 'reachable']);
    expect(r.steps[2].objects[1].pulledBackBy).toBe(ia);
    expect(r.steps[2].text).toContain('back to reachable');
  });

  it('after the frame lets go of _a and _b: 2.7 sends the cycle to gc.garbage, 3.11 collects it', () => {
    const g = articleHeap('2.7.18');
    const overlay = buildOverlay(g, [
      { kind: 'drop-external', address: IA, count: 1 },
      { kind: 'drop-external', address: IB, count: 1 },
    ]);
    const { nodes } = replayNodes(g, [g.index.get(IA)], overlay);
    const legacy = replayCollection(g, nodes, { overlay });
    expect(legacy.steps[0].phase).toBe('edits');
    const byPhase = (r: typeof legacy, phase: string) => r.steps.find((s) => s.phase === phase)!;
    expect(byPhase(legacy, 'move_unreachable').objects.every((o) => o.list === 'unreachable')).toBe(true);
    expect(byPhase(legacy, 'move_finalizers').objects.map((o) => o.list)).toEqual(['legacy_finalizers', 'unreachable', 'legacy_finalizers', 'unreachable']);
    expect(byPhase(legacy, 'handle_finalizers').objects.map((o) => o.list)).toEqual(['garbage', 'legacy_finalizers', 'garbage', 'legacy_finalizers']);
    expect(byPhase(legacy, 'handle_finalizers').text).toContain('gc.collect() returns 4 = 4 uncollectable + 0 collected');

    const modern = replayCollection(g, nodes, { overlay, rules: '3.9' });
    expect(modern.steps.map((s) => s.phase)).toContain('handle_resurrected_objects');
    expect(byPhase(modern, 'finalize_garbage').acted).toEqual([g.index.get(IA), g.index.get(IB)].sort((a, b) => a - b));
    expect(byPhase(modern, 'finalize_garbage').text).toContain('tp_finalize');
    expect(byPhase(modern, 'delete_garbage').objects.every((o) => o.list === 'freed')).toBe(true);
    expect(byPhase(modern, 'handle_legacy_finalizers').text).toContain('returns 4 = 0 uncollectable + 4 collected');
    expect(modern.steps.find((s) => s.phase === 'subtract_refs')!.edges).toHaveLength(4);
  });

  it('names each phase after the version: check_garbage on 3.4 – 3.8, no finalize_garbage on 2.7', () => {
    const g = articleHeap('3.8.10');
    const nodes = Uint32Array.from([g.index.get(IA), g.index.get(DA)]);
    const phases = (rules: RuleSetId) => replayCollection(g, nodes, { rules }).steps.map((s) => s.phase);
    expect(phases('3.7.5')).toContain('check_garbage');
    expect(phases('3.4')).toContain('check_garbage');
    expect(phases('2.7')).not.toContain('finalize_garbage');
    expect(phases('3.9')).not.toContain('check_garbage');
  });

  it('DEBUG_SAVEALL: delete_garbage saves the cycle in gc.garbage', () => {
    const g = articleHeap('3.11.4');
    const overlay = buildOverlay(g, [
      { kind: 'drop-external', address: IA, count: 1 },
      { kind: 'drop-external', address: IB, count: 1 },
    ]);
    const { nodes } = replayNodes(g, [g.index.get(DB)], overlay);
    const r = replayCollection(g, nodes, { overlay, saveAll: true });
    const del = r.steps.find((s) => s.phase === 'delete_garbage')!;
    expect(del.objects.every((o) => o.list === 'garbage')).toBe(true);
    expect(del.text).toContain('DEBUG_SAVEALL');
  });

  it('replayNodes caps a large cycle but always keeps the objects asked for', () => {
    const g = articleHeap('3.11.4');
    const { nodes, truncated } = replayNodes(g, [g.index.get(DB)], undefined, 2);
    expect(truncated).toBe(true);
    expect(nodes).toHaveLength(2);
    expect(Array.from(nodes)).toContain(g.index.get(DB));
  });
});
