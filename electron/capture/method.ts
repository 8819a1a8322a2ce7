/**
 * How to get code into a target, decided from the platform, the CPU and the target's Python
 * version before anything touches it. Pure, so its decisions are unit-tested:
 *  - Linux x86-64, CPython 2.7 and 3.6–3.13: gdb (gdbInject.ts);
 *  - CPython 3.14+: `sys.remote_exec` (PEP 768, remoteExec.ts), unless the target disabled remote
 *    debugging (PYTHON_DISABLE_REMOTE_DEBUG, -X disable_remote_debug);
 *  - anything else: a plain sentence saying what is not supported and what to do instead.
 */
export type CaptureMethod = 'attach-gdb' | 'attach-remote-exec';

export interface MethodInput {
  platform: NodeJS.Platform;
  arch: string;
  /** "3.11" */
  version: string;
  /** The target's command line and environment, when readable (to see remote debugging switched off). */
  argv?: readonly string[];
  env?: Readonly<Record<string, string>>;
}

export type MethodDecision = { method: CaptureMethod } | { error: string };

const ALTERNATIVES = 'capture in-process instead (import heapscope_dump; heapscope_dump.dump(PATH)), or run the program under `python heapscope_dump.py run`';

export function parseVersion(version: string): [number, number] | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function remoteDebugDisabled(argv: readonly string[] = [], env: Readonly<Record<string, string>> = {}): boolean {
  if ((env.PYTHON_DISABLE_REMOTE_DEBUG ?? '') !== '') return true;
  for (let i = 0; i < argv.length - 1; i++) if (argv[i] === '-X' && argv[i + 1] === 'disable_remote_debug') return true;
  return argv.includes('-Xdisable_remote_debug');
}

export function decideMethod(input: MethodInput): MethodDecision {
  const v = parseVersion(input.version);
  if (!v) return { error: `unknown Python version "${input.version}"` };
  const [major, minor] = v;
  const supported = (major === 2 && minor === 7) || (major === 3 && minor >= 6);
  if (!supported) return { error: `Python ${input.version} is not supported by the dumper (it needs CPython 2.7 or 3.6+)` };
  const remoteExec = major > 3 || (major === 3 && minor >= 14);
  if (remoteExec) {
    if (remoteDebugDisabled(input.argv, input.env)) {
      return { error: `the target (Python ${input.version}) has remote debugging switched off (PYTHON_DISABLE_REMOTE_DEBUG or -X disable_remote_debug), so sys.remote_exec cannot reach it; ${ALTERNATIVES}` };
    }
    if (input.platform !== 'linux') return { error: `attach is implemented for Linux only; on ${platformName(input.platform)} ${ALTERNATIVES}` };
    return { method: 'attach-remote-exec' };
  }
  if (input.platform !== 'linux') {
    return { error: `attach to Python ${input.version} is not supported on ${platformName(input.platform)} (it uses gdb and /proc, Linux only; Python 3.14+ could use sys.remote_exec); ${ALTERNATIVES}` };
  }
  if (input.arch !== 'x64') return { error: `attach by gdb supports x86-64 Linux only, not ${input.arch}; ${ALTERNATIVES}` };
  return { method: 'attach-gdb' };
}

function platformName(p: NodeJS.Platform): string {
  return p === 'darwin' ? 'macOS' : p === 'win32' ? 'Windows' : p;
}
