/**
 * `heapscope path DUMP ADDR [--rules V] [--saveall] [--edit E]… [--json]`: why is this object
 * alive? Its simulated fate, and the shortest chain of references from a root (an object held from
 * outside the dump: a frame, a module, C code) down to it, with the root's known names.
 */
import { shortestRetainerPath } from '../engine/analysis/retainerPaths.js';
import { Fate, fateNames } from '../engine/gc/types.js';
import { type CliIo, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, parseArgs } from './args.js';
import { simulateFromArgs, simulationSpec } from './analyze.js';
import { describe, namesOf, nodeOf } from './openDump.js';
import { typeName } from '../engine/model/HeapGraph.js';
import { overlayOf } from './edits.js';
import { frameHolderPattern as frameHolder, frameSlotsOf } from '../engine/model/frameHolders.js';

const spec: ArgSpec = {
  flags: [...simulationSpec.flags, 'json'],
  options: simulationSpec.options,
  repeatable: simulationSpec.repeatable,
  positionals: ['DUMP', 'ADDR'],
};

export async function pathCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('path', io, async () => {
    const args = parseArgs(argv, spec);
    const [dump, addressText] = args.positionals;
    const { graph, result, edits } = await simulateFromArgs(dump, args);
    const node = nodeOf(graph, addressText);
    const fate = result.fates[node];
    const live = new Uint8Array(graph.nodeCount);
    for (let n = 0; n < graph.nodeCount; n++) live[n] = result.fates[n] === Fate.Alive || result.fates[n] === Fate.Resurrected ? 1 : 0;
    const path = fate === Fate.Alive || fate === Fate.Resurrected ? shortestRetainerPath(graph, node, overlayOf(graph, edits), live) : null;
    const label = (e: number): string => graph.strings.get(graph.edgeLabels[e]) || '?';
    if (args.flags.has('json')) {
      io.out(
        `${JSON.stringify({
          address: graph.addresses[node],
          fate: fateNames[fate],
          root: path ? { address: graph.addresses[path.nodes[0]], external: graph.externalRefs[path.nodes[0]], names: namesOf(graph, path.nodes[0]) } : null,
          path: path ? path.nodes.map((n, i) => ({ address: graph.addresses[n], type: graph.strings.get(graph.typeIds[n]), via: i === 0 ? null : label(path.edges[i - 1]) })) : null,
        })}\n`,
      );
      return ExitCode.Ok;
    }
    io.out(`${describe(graph, node)}: ${fateNames[fate]}\n`);
    if (fate === Fate.Uncollectable && result.pinnedBy[node] >= 0) io.out(`kept alive by the legacy finalizer of ${describe(graph, result.pinnedBy[node])}\n`);
    if (!path) {
      if (fate === Fate.Alive || fate === Fate.Resurrected) io.out('no path from a root was found\n');
      else io.out('no root retains it: it is garbage\n');
      return ExitCode.Ok;
    }
    const root = path.nodes[0];
    const names = namesOf(graph, root);
    const interp = graph.holderNames.find((h) => h.node === root && h.holder === 'interpreter');
    const local = frameSlotsOf(graph, root)[0];
    const frameRepr = typeName(graph, root) === 'frame' ? graph.strings.get(graph.reprIds[root]) : '';
    const thread = frameRepr ? graph.holderNames.map((h) => frameHolder.exec(h.holder)).find((m) => m && `${m[1]} (${m[2]})` === frameRepr)?.[3] : undefined;
    if (interp) io.out(`\nroot: ${interp.name} — ${describe(graph, root)}, held by the interpreter\n`);
    else if (local) io.out(`\nroot: ${describe(graph, root)} — held ${local.startsWith('local') ? 'by' : 'on'} ${local}\n`);
    else if (thread) io.out(`\nroot: ${describe(graph, root)} — a running frame in thread ${thread}\n`);
    else io.out(`\nroot: ${describe(graph, root)} — held by ${graph.externalRefs[root]} reference(s) from outside the dump${names ? ` (${names})` : ''}\n`);
    // Up to 3.10 a running frame is an object (the root) and its local the first step: say whose local.
    const firstStep = thread && path.nodes.length > 1 ? frameSlotsOf(graph, path.nodes[1]).find((t) => t.startsWith(`local \`${label(path.edges[0])}\` of `)) : undefined;
    for (let i = 1; i < path.nodes.length; i++) {
      io.out(`${'  '.repeat(i)}└─ ${label(path.edges[i - 1])} → ${describe(graph, path.nodes[i])}${i === 1 && firstStep ? ` — held by ${firstStep}` : ''}\n`);
    }
    return ExitCode.Ok;
  });
}
