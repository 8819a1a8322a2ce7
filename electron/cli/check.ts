/**
 * `heapscope check DUMP --max-uncollectable N [--max-garbage N] [--max-count TYPE=N]…
 * [--max-retained TYPE=BYTES]… [--max-suspect-bytes BYTES] [--rules V] [--saveall] [--edit E]…
 * [--json]`: a gate for CI pipelines. Exit 0 when the simulated gc.collect() leaves at most N
 * uncollectable objects (and at most --max-garbage in gc.garbage), no type has more objects (as
 * dumped) or retains more bytes than allowed, and the leak suspects retain at most BYTES; exit 1
 * otherwise, with one summary line either way and the offending suspects. With --baseline BASE it
 * gates growth instead (checkBaseline.ts: --max-new TYPE=N, --max-growth-bytes BYTES).
 */
import { type CliIo, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, intOption, parseArgs, usageError } from './args.js';
import { simulateFromArgs, simulationSpec } from './analyze.js';
import { describe, plural } from './openDump.js';
import { inconsistencyLines } from './report.js';
import { checkLimits, limitSpec, parseLimits } from './checkLimits.js';
import { baselineCheck } from './checkBaseline.js';

const spec: ArgSpec = {
  flags: [...simulationSpec.flags, 'json', 'after-collect', 'as-dumped'],
  options: [...simulationSpec.options, 'max-uncollectable', 'max-garbage', ...limitSpec.options, 'baseline', 'max-growth-bytes'],
  repeatable: [...simulationSpec.repeatable, ...limitSpec.repeatable, 'max-new'],
  positionals: ['DUMP'],
};

export async function checkCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('check', io, async () => {
    const args = parseArgs(argv, spec);
    if (args.options.has('baseline')) return baselineCheck(args, io);
    if (args.options.has('max-new') || args.options.has('max-growth-bytes')) throw usageError('--max-new and --max-growth-bytes need --baseline BASE');
    const maxUncollectable = intOption(args, 'max-uncollectable');
    const maxGarbage = intOption(args, 'max-garbage');
    const limits = parseLimits(args);
    if (maxUncollectable === undefined && maxGarbage === undefined && !limits.any)
      throw usageError(
        'give --max-uncollectable N, --max-garbage N, --max-count TYPE=N, --max-retained TYPE=BYTES or --max-suspect-bytes BYTES, or --baseline BASE with --max-new TYPE=N / --max-growth-bytes BYTES',
      );
    const dump = args.positionals[0];
    const { graph, result, edits } = await simulateFromArgs(dump, args);
    const uncollectable = result.uncollectable.length;
    const garbage = result.garbage.length;
    const failures: string[] = [];
    if (maxUncollectable !== undefined && uncollectable > maxUncollectable) failures.push(`${plural(uncollectable, 'uncollectable object')} (max ${maxUncollectable})`);
    if (maxGarbage !== undefined && garbage > maxGarbage) failures.push(`${garbage} in gc.garbage (max ${maxGarbage})`);
    const limited = checkLimits(graph, result, edits, limits);
    failures.push(...limited.failures);
    const ok = failures.length === 0;
    if (args.flags.has('json')) {
      const inconsistent = graph.header.inconsistent ? { inconsistent: graph.header.inconsistent } : {};
      io.out(
        `${JSON.stringify({ dump, ok, collect: result.collect, garbage, uncollectable, maxUncollectable: maxUncollectable ?? null, maxGarbage: maxGarbage ?? null, failures, ...limited.json, ...inconsistent })}\n`,
      );
    } else if (ok) {
      io.out(`ok: ${dump}: ${plural(uncollectable, 'uncollectable object')}, ${garbage} in gc.garbage, gc.collect() = ${result.collect}\n`);
    } else {
      io.out(`FAIL: ${dump}: ${failures.join(', ')}\n`);
      if ((maxUncollectable !== undefined && uncollectable > maxUncollectable) || (maxGarbage !== undefined && garbage > maxGarbage)) {
        for (const n of Array.from(result.uncollectable).slice(0, 10)) io.out(`  ${describe(graph, n)}\n`);
        if (uncollectable > 10) io.out(`  … and ${uncollectable - 10} more (heapscope analyze shows all)\n`);
      }
      for (const line of limited.details) io.out(line);
    }
    if (!args.flags.has('json')) for (const line of inconsistencyLines(graph)) io.out(`${line}\n`);
    return ok ? ExitCode.Ok : ExitCode.Failed;
  });
}
