/**
 * `heapscope suspects DUMP [--limit N] [--json] [--rules V] [--saveall] [--edit E]…`: the leak
 * suspects of one dump, ranked by retained bytes, each with its owner, its path from a root, its
 * kind, the reason and what it accumulates. `--json` field names are a stable interface: top-level
 * `suspects`, each with `owner` (address), `ownerType`, `path`, `kind`, `reason`, `retainedBytes`,
 * `holds` ([{type, count, bytes}]).
 */
import { suspectDto } from '../engine/session/explore/suspects.js';
import { type CliIo, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, intOption, parseArgs } from './args.js';
import { simulateFromArgs, simulationSpec } from './analyze.js';
import { plural, pythonLabel } from './openDump.js';
import { suspectsOf, suspectText } from './suspectsOf.js';

const spec: ArgSpec = {
  flags: [...simulationSpec.flags, 'json'],
  options: [...simulationSpec.options, 'limit'],
  repeatable: simulationSpec.repeatable,
  positionals: ['DUMP'],
};

export async function suspectsCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('suspects', io, async () => {
    const args = parseArgs(argv, spec);
    const dump = args.positionals[0];
    const limit = intOption(args, 'limit', 10) ?? 10;
    const { graph, result, edits } = await simulateFromArgs(dump, args);
    const found = suspectsOf(graph, result, edits);
    const shown = (limit === 0 ? found.list : found.list.slice(0, limit)).map((s, i) => suspectDto(graph, s, i));
    if (args.flags.has('json')) {
      const suspects = shown.map(({ owner, ownerType, path, kind, reason, retainedBytes, holds }) => ({ owner, ownerType, path, kind, reason, retainedBytes, holds }));
      io.out(`${JSON.stringify({ dump, python: graph.header.python.version, rules: result.rules, total: found.list.length, retainedBytes: found.retainedBytes, sentence: found.sentence, suspects })}\n`);
      return ExitCode.Ok;
    }
    io.out(`${dump}: ${pythonLabel(graph)}, ${graph.nodeCount} objects (rules ${result.rules})\n`);
    io.out(`${found.sentence}\n`);
    for (const s of shown) io.out(`\n${suspectText(graph, s)}`);
    if (found.list.length > shown.length) io.out(`\n… and ${plural(found.list.length - shown.length, 'more suspect')} (--limit 0 shows all)\n`);
    if (shown.length > 0) io.out(`\nnext: heapscope paths ${dump} --type TYPE (merged paths), heapscope objects ${dump} --type TYPE (addresses for path)\n`);
    return ExitCode.Ok;
  });
}
