/**
 * `heapscope replay DUMP ADDR… [--rules V] [--saveall] [--edit EDIT]… [--limit N] [--json]`: one
 * simulated gc.collect() step by step for the given objects and every member of their cycles —
 * each step the function that version's collector runs, one sentence on what it does, and every
 * replayed object's list and gc_refs after it (engine/gc/replay/).
 */
import { parseRules, rulesForVersion } from '../engine/gc/rules.js';
import { replayCollection, type Replay } from '../engine/gc/replay/replay.js';
import { defaultReplayLimit, replayNodes } from '../engine/gc/replay/replayNodes.js';
import { ruleSetLabels } from '../engine/gc/rules.js';
import type { HeapGraph } from '../engine/model/HeapGraph.js';
import { type CliIo, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, intOption, option, parseArgs } from './args.js';
import { describe, nodeOf, openDump, pythonLabel } from './openDump.js';
import { overlayOf, parseEditArg } from './edits.js';

const spec: ArgSpec = {
  flags: ['saveall', 'json'],
  options: ['rules', 'limit'],
  repeatable: ['edit'],
  positionals: ['DUMP', 'ADDR…'],
};

/** analyze --json's lists, restricted to the replayed objects. */
export function replayFinal(graph: HeapGraph, replay: Replay): Record<string, number[]> {
  const member = new Set(replay.nodes);
  const pick = (list: ArrayLike<number>): number[] => Array.from(list).filter((x) => member.has(x)).map((x) => graph.addresses[x]);
  const r = replay.result;
  return {
    collectable: pick(r.collectable),
    uncollectable: pick(r.uncollectable),
    garbageObjects: pick(r.garbage),
    freedByRefcount: pick(r.freedByRefcount),
    freedByCollector: pick(r.freedByCollector),
    resurrected: pick(r.resurrected),
  };
}

export function replayJson(graph: HeapGraph, replay: Replay, truncated: boolean): object {
  return {
    rules: replay.rules,
    objects: Array.from(replay.nodes, (x) => graph.addresses[x]),
    truncated,
    steps: replay.steps.map((s) => ({
      phase: s.phase,
      text: s.text,
      objects: s.objects.map((o) => ({
        address: graph.addresses[o.node],
        gcRefs: o.gcRefs,
        list: o.list,
        ...(o.pulledBackBy >= 0 ? { pulledBackBy: graph.addresses[o.pulledBackBy] } : {}),
      })),
    })),
    final: { collect: replay.result.collect, ...replayFinal(graph, replay) },
  };
}

export async function replayCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('replay', io, async () => {
    const args = parseArgs(argv, spec);
    const [dump, ...addresses] = args.positionals;
    const edits = (args.options.get('edit') ?? []).map(parseEditArg);
    const rulesText = option(args, 'rules');
    const limit = intOption(args, 'limit', defaultReplayLimit) ?? defaultReplayLimit;
    const { graph } = await openDump(dump);
    const rules = rulesText === undefined ? rulesForVersion(graph.header.python) : parseRules(rulesText);
    const seeds = addresses.map((a) => nodeOf(graph, a));
    const overlay = overlayOf(graph, edits);
    const { nodes, truncated } = replayNodes(graph, seeds, overlay, limit);
    const replay = replayCollection(graph, nodes, { rules, saveAll: args.flags.has('saveall'), overlay });
    if (args.flags.has('json')) {
      io.out(`${JSON.stringify(replayJson(graph, replay, truncated))}\n`);
      return ExitCode.Ok;
    }
    io.out(`${dump}: ${pythonLabel(graph)}, replaying gc.collect() for ${nodes.length} object(s)${truncated ? ` (their cycles hold more: first ${limit}, raise --limit)` : ''}\n`);
    io.out(`rules: ${ruleSetLabels[rules]}\n`);
    for (const x of nodes) io.out(`  ${describe(graph, x)}\n`);
    replay.steps.forEach((s, i) => {
      io.out(`\n${i + 1}. ${s.phase}\n   ${s.text}\n`);
      for (const o of s.objects) {
        const refs = o.gcRefs === null ? '' : `  gc_refs ${o.gcRefs}`;
        io.out(`     0x${graph.addresses[o.node].toString(16)}  ${o.list}${refs}\n`);
      }
    });
    return ExitCode.Ok;
  });
}
