/**
 * `heapscope paths DUMP --type TYPE [--json] [--edit E]…`: the shortest root paths of every object
 * of a type merged into one tree (analysis/suspects/mergedPaths.ts), each branch with its count and
 * bytes. `heapscope objects DUMP --type TYPE [--limit N] [--json]`: the instances of a type, most
 * retained first, with address, size, retained size and short repr (addresses for `path`); the
 * heap as dumped. TYPE is the qualified name the dump and `top` show, or a bare name when unique.
 */
import { computeDominators } from '../engine/analysis/dominators.js';
import { mergedPaths } from '../engine/analysis/suspects/mergedPaths.js';
import { pythonContext } from '../engine/analysis/suspects/pythonContext.js';
import { rootTree } from '../engine/analysis/suspects/rootTree.js';
import { resolveType } from '../engine/analysis/suspects/typeNames.js';
import type { HeapGraph } from '../engine/model/HeapGraph.js';
import { CliExit, type CliIo, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, intOption, option, parseArgs, usageError } from './args.js';
import { bytes, describe, openDump } from './openDump.js';
import { overlayOf, parseEditArg } from './edits.js';

/** The objects of TYPE, or exit 4 naming the type (unknown, or a bare name matching several). */
export function typeNodes(graph: HeapGraph, name: string | undefined): { name: string; nodes: Uint32Array } {
  if (!name) throw usageError('give --type TYPE (a type name as `top --types` shows it)');
  const r = resolveType(graph, name);
  if ('error' in r) throw new CliExit(ExitCode.UnknownAddress, r.error);
  return r;
}

const pathsSpec: ArgSpec = { flags: ['json'], options: ['type'], repeatable: ['edit'], positionals: ['DUMP'] };

export async function pathsCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('paths', io, async () => {
    const args = parseArgs(argv, pathsSpec);
    const dump = args.positionals[0];
    const edits = (args.options.get('edit') ?? []).map(parseEditArg);
    const { graph } = await openDump(dump);
    const { name, nodes } = typeNodes(graph, option(args, 'type'));
    const overlay = overlayOf(graph, edits);
    const merged = mergedPaths(pythonContext(graph), rootTree(graph, overlay), computeDominators(graph, overlay), nodes);
    if (args.flags.has('json')) {
      const tree = merged.nodes.slice(0, 2000).map((x) => ({ ...x, sample: graph.addresses[x.sample] }));
      io.out(`${JSON.stringify({ dump, type: name, members: merged.members, branches: merged.branches, nodes: tree, truncated: merged.nodes.length - tree.length })}\n`);
      return ExitCode.Ok;
    }
    io.out(`${dump}: ${merged.members} × ${name}, ${merged.branches.length} distinct path${merged.branches.length === 1 ? '' : 's'} from the roots\n\n`);
    for (const b of merged.branches) io.out(`${bytes(b.retainedBytes).padStart(10)} retained  ${b.text}\n`);
    return ExitCode.Ok;
  });
}

const objectsSpec: ArgSpec = { flags: ['json'], options: ['type', 'limit'], positionals: ['DUMP'] };

export async function objectsCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('objects', io, async () => {
    const args = parseArgs(argv, objectsSpec);
    const dump = args.positionals[0];
    const limit = intOption(args, 'limit', 100) ?? 100;
    const { graph } = await openDump(dump);
    const { name, nodes } = typeNodes(graph, option(args, 'type'));
    const retained = computeDominators(graph).retainedSizes;
    const order = Array.from(nodes).sort((a, b) => retained[b] - retained[a] || a - b);
    const rows = limit === 0 ? order : order.slice(0, limit);
    if (args.flags.has('json')) {
      const objects = rows.map((n) => ({ address: graph.addresses[n], type: name, size: graph.sizes[n], retainedBytes: retained[n], repr: graph.strings.get(graph.reprIds[n]) }));
      io.out(`${JSON.stringify({ objects, total: nodes.length })}\n`);
      return ExitCode.Ok;
    }
    io.out(`${dump}: ${nodes.length} × ${name}${rows.length < nodes.length ? ` (the ${rows.length} retaining most; --limit 0 shows all)` : ''}\n`);
    io.out(`${'retained'.padStart(12)} ${'size'.padStart(10)}  object\n`);
    for (const n of rows) io.out(`${bytes(retained[n]).padStart(12)} ${bytes(graph.sizes[n]).padStart(10)}  ${describe(graph, n)}\n`);
    return ExitCode.Ok;
  });
}
