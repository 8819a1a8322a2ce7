/**
 * The dumper compiled ahead of the attach, by the target's own interpreter, so that the target only
 * unmarshals it. Compiling the dumper's ~4,000 lines takes 0.1 – 0.4 s, which the target would
 * otherwise spend with its GIL held (its threads stopped) before the capture even starts; loading
 * the code object takes about a millisecond. marshal's format belongs to one interpreter build, so
 * only the target's own executable (/proc/PID/exe, which is the running binary even if the file was
 * replaced since) may write it, and only when it answers with the target's version. It runs as the
 * target's user (a root heapscope never runs a user's binary as root). Any failure: the boot file
 * compiles the source in the target, as before.
 */
import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import type { TargetInfo } from './target.js';

/** A Python CLI by name (python, python3, python3.11, python3.13t…), not an embedding program. */
export function looksLikePythonCli(exe: string): boolean {
  return /^python(\d+(\.\d+)?)?[a-z]?$/.test(basename(exe));
}

/** Compiles `dumperPath` (naming it so in the code object) into `codePath`; true when done. */
export function precompileDumper(target: TargetInfo, dumperPath: string, codePath: string, timeoutMs = 20_000): Promise<boolean> {
  if (!looksLikePythonCli(target.exe) || target.version.startsWith('2.')) return Promise.resolve(false);
  const code = [
    'import marshal, sys',
    `p = ${JSON.stringify(dumperPath)}`,
    'with open(p, "rb") as f:',
    '    c = compile(f.read(), p, "exec")',
    `with open(${JSON.stringify(codePath)}, "wb") as f:`,
    '    f.write(marshal.dumps(c))',
    'sys.stdout.write("%d.%d" % sys.version_info[:2])',
  ].join('\n');
  const asTarget = (process.getuid?.() ?? 0) === 0 && target.uid !== 0 ? { uid: target.uid, gid: target.gid } : {};
  return new Promise((resolve) => {
    execFile(`/proc/${target.pid}/exe`, ['-I', '-S', '-c', code], { timeout: timeoutMs, ...asTarget }, (err, stdout) => {
      resolve(!err && String(stdout).trim() === target.version);
    });
  });
}
