/**
 * `heapscope analyze DUMP [--rules VERSION] [--saveall] [--edit EDIT]… [--json] [--debug FLAGS]
 * [--all]`: apply the edits, simulate one full gc.collect() under the dump's (or the given)
 * CPython rules, and print the outcome. Also home of `simulateFromArgs`, shared with `check`.
 */
import { simulate } from '../engine/gc/simulate.js';
import { parseRules, rulesForVersion } from '../engine/gc/rules.js';
import type { SimulationResult } from '../engine/gc/types.js';
import type { Edit } from '../engine/whatif/types.js';
import type { HeapGraph } from '../engine/model/HeapGraph.js';
import { type CliIo, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, type ParsedArgs, option, parseArgs } from './args.js';
import { openDump } from './openDump.js';
import { overlayOf, parseEditArg } from './edits.js';
import { DebugFlag, debugLines, parseDebugFlags } from './gcDebug.js';
import { analysisJson, analysisText } from './report.js';
import { suspectsOf } from './suspectsOf.js';
import { suspectDto } from '../engine/session/explore/suspects.js';

export const simulationSpec = {
  flags: ['saveall'],
  options: ['rules', 'debug'],
  repeatable: ['edit'],
} as const;

const spec: ArgSpec = {
  flags: [...simulationSpec.flags, 'json', 'all'],
  options: simulationSpec.options,
  repeatable: simulationSpec.repeatable,
  positionals: ['DUMP'],
};

export interface Simulated {
  graph: HeapGraph;
  result: SimulationResult;
  edits: Edit[];
  debugFlags: number;
}

/** Loads the dump and runs the simulation the common options describe. */
export async function simulateFromArgs(dump: string, args: ParsedArgs): Promise<Simulated> {
  const edits = (args.options.get('edit') ?? []).map(parseEditArg);
  const rulesText = option(args, 'rules');
  const rules = rulesText === undefined ? undefined : parseRules(rulesText);
  const { graph } = await openDump(dump);
  const debugText = option(args, 'debug');
  const debugFlags = debugText === undefined ? 0 : parseDebugFlags(debugText, graph.header.python.major);
  const saveAll = args.flags.has('saveall') || (debugFlags & DebugFlag.SAVEALL) !== 0;
  const overlay = overlayOf(graph, edits);
  const result = simulate(graph, { rules: rules ?? rulesForVersion(graph.header.python), saveAll, overlay });
  return { graph, result, edits, debugFlags };
}

export async function analyzeCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('analyze', io, async () => {
    const args = parseArgs(argv, spec);
    const dump = args.positionals[0];
    const { graph, result, edits, debugFlags } = await simulateFromArgs(dump, args);
    const debug = option(args, 'debug') === undefined ? undefined : debugLines(graph, result, debugFlags);
    const found = suspectsOf(graph, result, edits);
    const suspects = { sentence: found.sentence, retainedBytes: found.retainedBytes, list: found.list.slice(0, 10).map((s, i) => suspectDto(graph, s, i)) };
    const context = { dump, graph, result, edits, debug, suspects };
    if (args.flags.has('json')) io.out(`${JSON.stringify(analysisJson(context))}\n`);
    else io.out(analysisText(context, args.flags.has('all') ? Infinity : 20));
    return ExitCode.Ok;
  });
}
