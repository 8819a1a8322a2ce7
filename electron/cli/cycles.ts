/**
 * `heapscope cycles DUMP [--rules V] [--saveall] [--edit E]… [--json] [--all]`: every reference
 * cycle (strongly connected component; a self-loop counts), leaks first, then other garbage,
 * largest retained size first, with its members' types, whether it holds finalizers, and its fate
 * under the simulated gc.collect().
 */
import { findCycles, cycleSummaries } from '../engine/analysis/scc.js';
import { computeDominators } from '../engine/analysis/dominators.js';
import { fateNames } from '../engine/gc/types.js';
import { leakRank } from '../engine/analysis/leaksFirst.js';
import { type CliIo, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, parseArgs } from './args.js';
import { simulateFromArgs, simulationSpec } from './analyze.js';
import { bytes, describe, plural } from './openDump.js';
import { overlayOf } from './edits.js';

const spec: ArgSpec = {
  flags: [...simulationSpec.flags, 'json', 'all'],
  options: simulationSpec.options,
  repeatable: simulationSpec.repeatable,
  positionals: ['DUMP'],
};

export async function cyclesCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('cycles', io, async () => {
    const args = parseArgs(argv, spec);
    const dump = args.positionals[0];
    const { graph, result, edits } = await simulateFromArgs(dump, args);
    const overlay = overlayOf(graph, edits);
    const cycles = findCycles(graph, overlay);
    const dominators = computeDominators(graph, overlay);
    const summaries = cycleSummaries(graph, cycles, { dominators, fates: result.fates });
    // Leaks first, then garbage the collector frees, then the rest; biggest retained size first within each.
    summaries.sort((a, b) => leakRank(a.fate) - leakRank(b.fate) || (b.retainedBytes ?? 0) - (a.retainedBytes ?? 0) || b.size - a.size || a.cycle - b.cycle);
    const fate = (f: number | 'mixed' | undefined): string => (f === undefined ? 'unknown' : f === 'mixed' ? 'mixed' : fateNames[f]);
    const membersOf = (c: number): number[] => Array.from(cycles.members.subarray(cycles.firstMember[c], cycles.firstMember[c + 1]));
    if (args.flags.has('json')) {
      const rows = summaries.map((s) => ({
        cycle: s.cycle,
        size: s.size,
        bytes: s.bytes,
        retainedBytes: s.retainedBytes ?? 0,
        types: s.types,
        finalizers: s.finalizers,
        hasFinalizers: s.hasFinalizers,
        fate: fate(s.fate),
        members: membersOf(s.cycle).map((n) => graph.addresses[n]),
      }));
      io.out(`${JSON.stringify({ dump, rules: result.rules, count: rows.length, cycles: rows })}\n`);
      return ExitCode.Ok;
    }
    io.out(`${dump}: ${plural(summaries.length, 'cycle')} (rules ${result.rules})\n`);
    const limit = args.flags.has('all') ? summaries.length : Math.min(summaries.length, 20);
    for (const s of summaries.slice(0, limit)) {
      const types = s.types.slice(0, 8).map((t) => (t.count > 1 ? `${t.count}× ${t.type}` : t.type)).join(', ') + (s.types.length > 8 ? `, +${s.types.length - 8} more types` : '');
      const fins = s.hasFinalizers ? `, finalizers: ${s.finalizers.map((f) => `${f.count}× ${f.kind === 'del' ? '__del__' : f.kind}`).join(', ')}` : '';
      io.out(`\ncycle #${s.cycle}: ${plural(s.size, 'object')}, ${bytes(s.bytes)} (retains ${bytes(s.retainedBytes ?? 0)}) — ${fate(s.fate)}${fins}\n`);
      io.out(`  types: ${types}\n`);
      const members = membersOf(s.cycle);
      for (const n of members.slice(0, 8)) io.out(`  ${describe(graph, n)}\n`);
      if (members.length > 8) io.out(`  … and ${members.length - 8} more\n`);
    }
    if (summaries.length > limit) io.out(`\n… and ${summaries.length - limit} more cycles (--all shows every one)\n`);
    return ExitCode.Ok;
  });
}
