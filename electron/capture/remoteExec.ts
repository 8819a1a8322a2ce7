/**
 * CPython 3.14+ (PEP 768): `sys.remote_exec(pid, path)` asks the target's interpreter to run a
 * script at its next safe point, with the GIL, with no debugger in between. It is called from a
 * Python of the same minor version: the target's own executable (through /proc/PID/exe, so it
 * is the very same build). Needs the same ptrace permission as gdb (it writes the target's
 * memory) and remote debugging not switched off in the target (method.ts checks the switches).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { CaptureError } from './errors.js';
import type { TargetInfo } from './target.js';

/** The target's environment, when readable (empty otherwise). */
export async function readEnviron(pid: number): Promise<Record<string, string>> {
  try {
    const env: Record<string, string> = {};
    for (const entry of (await readFile(`/proc/${pid}/environ`, 'latin1')).split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
    return env;
  } catch {
    return {};
  }
}

export async function injectWithRemoteExec(target: TargetInfo, stubPath: string): Promise<void> {
  const code = `import sys\nif not hasattr(sys, 'remote_exec'):\n    sys.stderr.write('no sys.remote_exec in this Python')\n    sys.exit(3)\nsys.remote_exec(${target.pid}, ${JSON.stringify(stubPath)})\n`;
  await new Promise<void>((resolve, reject) => {
    execFile(`/proc/${target.pid}/exe`, ['-I', '-c', code], { timeout: 30_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const text = String(stderr).trim().split('\n').pop() ?? err.message;
      if (/Operation not permitted|PermissionError/i.test(text)) {
        reject(new CaptureError('PTRACE_DENIED', `sys.remote_exec was refused by the kernel (${text}): allow it with "sysctl kernel.yama.ptrace_scope=0", run as root, or grant CAP_SYS_PTRACE`));
      } else if ((err as NodeJS.ErrnoException & { killed?: boolean }).killed) {
        reject(new CaptureError('TIMEOUT', `sys.remote_exec on process ${target.pid} did not return within 30 s`));
      } else {
        reject(new CaptureError('INJECT_FAILED', `sys.remote_exec on process ${target.pid} failed: ${text}`));
      }
    });
  });
}
