/**
 * `heapscope capture PID [--out FILE] [--every SECONDS --count N] [--no-fork]`: attach to a running
 * CPython and write its heap (electron/capture/ does the work). With --count, FILE must hold `{n}`
 * (numbered from 1). Exit 0 only when every dump was written and verified; any failure is exit 1
 * and one line saying why. Progress goes to stderr, one line per phase.
 */
import { resolve } from 'node:path';
import { captureProcess, type CaptureProgress } from '../capture/capture.js';
import { isCaptureError } from '../capture/errors.js';
import { type CliIo, CliExit, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, intOption, option, parseArgs, usageError } from './args.js';
import { dumperText } from './dumper.js';

const spec: ArgSpec = { flags: ['no-fork'], options: ['out', 'every', 'count'], positionals: ['PID'] };

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}T${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

export interface CapturePlan {
  pid: number;
  outs: string[];
  everyMs: number;
  fork: boolean;
}

/** Parses and checks the arguments (exit 2 on bad ones); `now` names the default file. */
export function planCapture(argv: string[], now = new Date()): CapturePlan {
  const args = parseArgs(argv, spec);
  const pidText = args.positionals[0];
  if (!/^\d+$/.test(pidText) || Number(pidText) <= 0) throw usageError(`PID must be a process id, not "${pidText}"`);
  const pid = Number(pidText);
  const count = intOption(args, 'count');
  const everyText = option(args, 'every');
  let everyMs = 0;
  if (everyText !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(everyText) || Number(everyText) <= 0) throw usageError(`--every takes a positive number of seconds, not "${everyText}"`);
    everyMs = Number(everyText) * 1000;
  }
  if (count !== undefined && count < 1) throw usageError('--count must be at least 1');
  if (everyText !== undefined && count === undefined) throw usageError('--every needs --count N (how many dumps)');
  let out = option(args, 'out');
  if (count !== undefined) {
    if (out === undefined || !out.includes('{n}')) throw usageError('with --count, --out must hold {n} (numbered from 1), e.g. --out heap-{n}.jsonl.gz');
  }
  out ??= `heapscope-${pid}-${stamp(now)}.jsonl.gz`;
  const n = count ?? 1;
  const outs = Array.from({ length: n }, (_, i) => resolve(count === undefined ? out : out.replaceAll('{n}', String(i + 1))));
  return { pid, outs, everyMs, fork: !args.flags.has('no-fork') };
}

export async function captureCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('capture', io, async () => {
    const plan = planCapture(argv);
    const dumperSource = await dumperText();
    const onProgress = (p: CaptureProgress) => {
      if (p.phase !== 'dumping' || p.bytes === undefined) io.err(`heapscope capture: ${p.message}\n`);
    };
    for (let i = 0; i < plan.outs.length; i++) {
      const began = Date.now();
      try {
        const r = await captureProcess(plan.pid, { out: plan.outs[i], dumperSource, fork: plan.fork, onProgress });
        const how = r.stoppedMs !== undefined ? `, target stopped ${Math.round(r.stoppedMs)} ms` : '';
        io.out(`${r.out}: ${r.objects} objects from process ${r.pid} (Python ${r.python}, ${r.method}${how})\n`);
      } catch (e) {
        // One line, never a stack trace: an unexpected error is reported by its message alone.
        const which = plan.outs.length > 1 ? ` (dump ${i + 1} of ${plan.outs.length})` : '';
        const message = isCaptureError(e) ? e.message : e instanceof Error ? e.message.split('\n')[0] : String(e);
        throw new CliExit(ExitCode.Failed, `${message}${which}`);
      }
      const wait = plan.everyMs - (Date.now() - began);
      if (i + 1 < plan.outs.length && wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    return ExitCode.Ok;
  });
}
