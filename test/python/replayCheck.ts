/**
 * The replay (engine/gc/replay/) held against real CPython in every proof scenario: replaying the
 * objects the scenario released (and their cycles) with the same edits, each one the interpreter
 * really freed must end the replay as `freed`, each one it put in gc.garbage as `garbage`, and the
 * replay's end state must be simulate()'s (the same run, traced).
 */
import { replayCollection } from '../../electron/engine/gc/replay/replay.js';
import { replayNodes } from '../../electron/engine/gc/replay/replayNodes.js';
import { buildOverlay } from '../../electron/engine/whatif/overlay.js';
import { rulesForVersion } from '../../electron/engine/gc/rules.js';
import type { Prediction, Reality } from './scenarioRunner.js';

export function replayMismatches(p: Prediction, reality: Reality): string[] {
  const { graph } = p;
  const seeds = reality.release.map((a) => graph.index.get(a)).filter((x) => x >= 0);
  if (seeds.length === 0) return [];
  const overlay = buildOverlay(graph, p.edits);
  const { nodes } = replayNodes(graph, seeds, overlay, 400);
  const replay = replayCollection(graph, nodes, { rules: rulesForVersion(graph.header.python), saveAll: reality.mode === 'saveall', overlay });
  const out: string[] = [];
  if (replay.result.collect !== p.result.collect) out.push(`replay's gc.collect() ${replay.result.collect} != simulate()'s ${p.result.collect}`);
  const last = replay.steps[replay.steps.length - 1];
  const listOf = new Map(last.objects.map((o) => [graph.addresses[o.node], o.list]));
  const freed = new Set([...reality.freedByRefcount, ...reality.freedByCollector]);
  for (const [address, list] of listOf) {
    if (freed.has(address) && list !== 'freed' && !(reality.mode === 'saveall')) out.push(`0x${address.toString(16)} freed by CPython, replay ends it in ${list}`);
    if (reality.garbage.includes(address) && list !== 'garbage') out.push(`0x${address.toString(16)} in CPython's gc.garbage, replay ends it in ${list}`);
  }
  return out;
}
