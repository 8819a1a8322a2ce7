/**
 * `heapscope top DUMP [--limit N] [--types] [--edit E]… [--json]`: the objects that retain the
 * most memory (dominator-tree retained size: what would be freed if the object went), or with
 * --types the histogram by type (count, bytes, retained bytes).
 */
import { computeDominators } from '../engine/analysis/dominators.js';
import { histogram } from '../engine/analysis/histogram.js';
import { typeName } from '../engine/model/HeapGraph.js';
import { type CliIo, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, intOption, parseArgs } from './args.js';
import { bytes, describe, openDump } from './openDump.js';
import { overlayOf, parseEditArg } from './edits.js';

const spec: ArgSpec = { flags: ['json', 'types'], options: ['limit'], repeatable: ['edit'], positionals: ['DUMP'] };

export async function topCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('top', io, async () => {
    const args = parseArgs(argv, spec);
    const dump = args.positionals[0];
    const limit = intOption(args, 'limit', 20) ?? 20;
    const edits = (args.options.get('edit') ?? []).map(parseEditArg);
    const { graph } = await openDump(dump);
    const dominators = computeDominators(graph, overlayOf(graph, edits));
    if (args.flags.has('types')) {
      const rows = histogram(graph, { dominators, sortBy: 'retained' }).slice(0, limit);
      if (args.flags.has('json')) {
        io.out(`${JSON.stringify({ dump, types: rows.map(({ type, count, bytes: b, retainedBytes }) => ({ type, count, bytes: b, retainedBytes })) })}\n`);
      } else {
        io.out(`${'retained'.padStart(12)} ${'bytes'.padStart(12)} ${'count'.padStart(8)}  type\n`);
        for (const r of rows) io.out(`${bytes(r.retainedBytes).padStart(12)} ${bytes(r.bytes).padStart(12)} ${String(r.count).padStart(8)}  ${r.type}\n`);
      }
      return ExitCode.Ok;
    }
    const order = Array.from({ length: graph.nodeCount }, (_, i) => i);
    const retained = dominators.retainedSizes;
    order.sort((a, b) => retained[b] - retained[a] || a - b);
    const rows = order.slice(0, limit);
    if (args.flags.has('json')) {
      io.out(`${JSON.stringify({ dump, objects: rows.map((n) => ({ address: graph.addresses[n], type: typeName(graph, n), size: graph.sizes[n], retainedBytes: retained[n] })) })}\n`);
      return ExitCode.Ok;
    }
    io.out(`${'retained'.padStart(12)} ${'size'.padStart(10)}  object\n`);
    for (const n of rows) io.out(`${bytes(retained[n]).padStart(12)} ${bytes(graph.sizes[n]).padStart(10)}  ${describe(graph, n)}\n`);
    return ExitCode.Ok;
  });
}
