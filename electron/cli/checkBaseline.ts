/**
 * `heapscope check TARGET --baseline BASE [--max-new TYPE=N]… [--max-growth-bytes BYTES]
 * [--after-collect|--as-dumped] [--json]`: a CI gate for "this test must not grow the heap". Exit 1
 * when more than N objects of TYPE are new in TARGET (compared with BASE), or when the heap's
 * shallow bytes grew by more than BYTES; one summary line either way, then what failed.
 */
import { compareDumps } from '../engine/compare/compareDumps.js';
import { type CliIo, ExitCode } from './cliIo.js';
import { type ParsedArgs, intOption, usageError } from './args.js';
import { bytes } from './openDump.js';
import { modeOf, openCompared } from './diff.js';

function parseMaxNew(text: string): { type: string; max: number } {
  const eq = text.lastIndexOf('=');
  const type = eq > 0 ? text.slice(0, eq) : '';
  const n = eq > 0 ? text.slice(eq + 1) : '';
  if (type === '' || !/^\d+$/.test(n)) throw usageError(`--max-new takes TYPE=N (e.g. __main__.Session=0), not "${text}"`);
  return { type, max: Number(n) };
}

export async function baselineCheck(args: ParsedArgs, io: CliIo): Promise<number> {
  for (const k of ['max-uncollectable', 'max-garbage', 'rules', 'edit']) {
    if (args.options.has(k) || args.flags.has('saveall')) throw usageError(`--baseline compares two dumps: --${args.options.has(k) ? k : 'saveall'} does not apply`);
  }
  const limits = (args.options.get('max-new') ?? []).map(parseMaxNew);
  const maxGrowth = intOption(args, 'max-growth-bytes');
  if (limits.length === 0 && maxGrowth === undefined) throw usageError('give --max-new TYPE=N and/or --max-growth-bytes BYTES with --baseline');
  const mode = modeOf(args);
  const [base, target] = await openCompared([args.options.get('baseline')![0], args.positionals[0]]);
  const c = compareDumps(base, target, undefined, { mode });
  for (const n of c.notes) io.err(`heapscope check: note: ${n}\n`);
  const failures: string[] = [];
  const newOf = new Map(c.types.map((t) => [t.type, t.new]));
  for (const l of limits) {
    const n = newOf.get(l.type) ?? 0;
    if (n > l.max) failures.push(`${n} new ${l.type} (max ${l.max})`);
  }
  const growth = c.totals.afterBytes - c.totals.beforeBytes;
  if (maxGrowth !== undefined && growth > maxGrowth) failures.push(`the heap grew by ${growth} bytes (${bytes(growth)}, max ${maxGrowth})`);
  const ok = failures.length === 0;
  if (args.flags.has('json')) {
    io.out(`${JSON.stringify({ target: target.name, baseline: base.name, ok, mode: c.mode, growthBytes: growth, failures, identity: c.identity })}\n`);
  } else if (ok) {
    io.out(`ok: ${target.name} against ${base.name}: grew by ${bytes(Math.max(0, growth))}${limits.map((l) => `, ${newOf.get(l.type) ?? 0} new ${l.type}`).join('')} (${c.mode})\n`);
  } else {
    io.out(`FAIL: ${target.name} against ${base.name}: ${failures.join(', ')} (${c.mode})\n`);
    const types = new Set(limits.map((l) => l.type));
    for (const g of c.leaks.filter((g) => types.has(g.type)).slice(0, 5)) io.out(`  ${g.count} × ${g.type}: ${g.signature}\n`);
  }
  return ok ? ExitCode.Ok : ExitCode.Failed;
}
