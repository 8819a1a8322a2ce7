/**
 * `heapscope diff BASE TARGET [FINAL] [--json] [--after-collect|--as-dumped] [--limit N]`: what
 * changed between dumps — per type before, after, new, freed, delta, bytes (and retained bytes in
 * the text output), the new objects (or with FINAL, memlab's leak candidates: new in TARGET and
 * still alive in FINAL) grouped by leak signature, and how sure the object identity is. The
 * --json fields `types`, `leaks`, `identity`, `mode` are a stable interface. Notes (dumps of
 * different processes compare by aggregates only) go to stderr.
 */
import { compareDumps, type CompareMode, type Comparison } from '../engine/compare/compareDumps.js';
import type { ComparedDump } from '../engine/compare/relation.js';
import { type CliIo, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, type ParsedArgs, intOption, parseArgs, usageError } from './args.js';
import { bytes, openDump } from './openDump.js';

const spec: ArgSpec = { flags: ['json', 'after-collect', 'as-dumped'], options: ['limit'], positionals: ['BASE', 'TARGET', '[FINAL]'] };

export function modeOf(args: ParsedArgs): CompareMode {
  if (args.flags.has('after-collect') && args.flags.has('as-dumped')) throw usageError('give --after-collect or --as-dumped, not both');
  return args.flags.has('as-dumped') ? 'as-dumped' : 'after-collect';
}

/** Loads the dumps one after the other (each load already uses its helper threads). */
export async function openCompared(paths: readonly string[]): Promise<ComparedDump[]> {
  const out: ComparedDump[] = [];
  for (const p of paths) {
    const d = await openDump(p);
    out.push({ graph: d.graph, name: p, contentHash: d.contentHash });
  }
  return out;
}

export function comparisonJson(c: Comparison): unknown {
  return {
    types: c.types.map(({ type, before, after, new: n, freed, delta, bytesDelta }) => ({ type, before, after, new: n, freed, delta, bytesDelta })),
    leaks: c.leaks.map(({ signature, type, count, bytes: b, objects }) => ({ signature, type, count, bytes: b, objects })),
    identity: c.identity,
    mode: c.mode,
  };
}

const signed = (n: number): string => (n > 0 ? `+${n}` : `${n}`);
const signedBytes = (n: number): string => (n > 0 ? `+${bytes(n)}` : n < 0 ? `-${bytes(-n)}` : '0 B');

export async function diffCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('diff', io, async () => {
    const args = parseArgs(argv, spec);
    const mode = modeOf(args);
    const json = args.flags.has('json');
    const limit = intOption(args, 'limit') ?? (json ? Infinity : 20);
    const [base, target, final] = await openCompared(args.positionals);
    const c = compareDumps(base, target, final, { mode, retained: !json, maxLeakObjects: json ? limit : 5 });
    for (const n of c.notes) io.err(`heapscope diff: note: ${n}\n`);
    if (json) {
      const out = comparisonJson(c) as { leaks: unknown[] };
      out.leaks = out.leaks.slice(0, limit);
      io.out(`${JSON.stringify(out)}\n`);
      return ExitCode.Ok;
    }
    printText(io, c, [base, target, final], limit);
    return ExitCode.Ok;
  });
}

function printText(io: CliIo, c: Comparison, dumps: (ComparedDump | undefined)[], limit: number): void {
  const [base, target, final] = dumps;
  const t = c.totals;
  io.out(`${base!.name} → ${target!.name}${final ? ` → ${final.name}` : ''}\n`);
  io.out(`mode: ${c.mode === 'after-collect' ? 'after a simulated gc.collect() (garbage waiting for a collection is left out)' : 'as dumped'}\n`);
  io.out(`identity: ${c.relation.kind === 'identity' ? `${c.identity.exact} exact, ${c.identity.likely} likely, ${c.identity.unknown} unknown` : 'by type aggregates only'}\n`);
  io.out(`objects: ${t.beforeObjects} → ${t.afterObjects} (${signed(t.afterObjects - t.beforeObjects)}), bytes: ${bytes(t.beforeBytes)} → ${bytes(t.afterBytes)} (${signedBytes(t.afterBytes - t.beforeBytes)})\n\n`);
  if (c.types.length === 0) io.out('no type changed\n');
  else {
    io.out(`${'new'.padStart(8)} ${'freed'.padStart(8)} ${'delta'.padStart(8)} ${'bytes'.padStart(11)} ${'retained'.padStart(11)}  type\n`);
    for (const d of c.types.slice(0, limit)) {
      io.out(`${String(d.new).padStart(8)} ${String(d.freed).padStart(8)} ${signed(d.delta).padStart(8)} ${signedBytes(d.bytesDelta).padStart(11)} ${signedBytes(d.retainedDelta ?? 0).padStart(11)}  ${d.type}\n`);
    }
    if (c.types.length > limit) io.out(`… ${c.types.length - limit} more types (--limit N, or --json for all)\n`);
  }
  io.out(`\n${final ? 'leak candidates (new in TARGET, still alive in FINAL)' : 'new objects'} by signature:\n`);
  if (c.relation.kind === 'aggregates' || c.finalRelation?.kind === 'aggregates') io.out('  not available: objects can be told apart only between dumps of one process\n');
  else if (c.leaks.length === 0) io.out('  none\n');
  for (const g of c.leaks.slice(0, limit)) {
    io.out(`  ${String(g.count).padStart(7)} × ${g.type} (${bytes(g.bytes)}): ${g.signature}\n`);
    if (g.allocatedAt) io.out(`          allocated at ${g.allocatedAt}\n`);
    io.out(`          e.g. ${g.objects.map((a) => `0x${a.toString(16)}`).join(' ')}\n`);
  }
  if (c.leaks.length > limit) io.out(`  … ${c.leaks.length - limit} more signatures\n`);
}
