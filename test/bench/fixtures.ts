/**
 * Shared benchmark inputs. `ensureMillionDump` makes (once, cached by file name in the bench work
 * folder) a real dump of a CPython process holding 1,000,000 small class instances, written by
 * heapscope_dump.py through test/python/dumper-programs/million.py. The loader and engine
 * benchmarks import it.
 */
import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { interpreter } from '../python/interpreters.js';

const root = join(import.meta.dirname, '../..');
export const dumperDir = join(root, 'electron/engine/formats/heapscope');
export const millionProgram = join(root, 'test/python/dumper-programs/million.py');

/** What million.py prints about its own dump. */
export interface MillionRun {
  objects: number;
  seconds: number;
  cpuSeconds: number;
  bytes: number;
  peakRss: number;
  rssBeforeDump: number;
  /** CPU seconds of `for o in gc.get_objects(): gc.get_referents(o)` in the same process (best of two). */
  bareSeconds: number;
  /** Peak RSS while dumping minus RSS before (VmHWM reset through clear_refs); null off Linux. */
  dumpPeakExtra: number | null;
  python: string;
}

/** Runs million.py: `instances` small objects, dumped to `out`. */
export function runMillion(python: string, out: string, instances = 1_000_000): Promise<MillionRun> {
  return new Promise((resolve, reject) => {
    execFile(python, [millionProgram, dumperDir, out, String(instances)], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`million.py failed under ${python}: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as MillionRun);
    });
  });
}

function pythonPath(python?: string): { path: string; tag: string } {
  if (python) return { path: python, tag: python.replace(/[^A-Za-z0-9.]+/g, '_').slice(-40) };
  const py = interpreter('3.11');
  if (!py) throw new Error('CPython 3.11 is required for the 1M-instance dump (install it with pyenv)');
  return { path: py.path, tag: py.short };
}

/**
 * Path of a dump of a process holding 1,000,000 small class instances (CPython 3.11 unless
 * `python` names another interpreter). Made on first call; later calls reuse the file.
 */
export async function ensureMillionDump(workDir: string, python?: string): Promise<string> {
  const { path, tag } = pythonPath(python);
  const file = join(workDir, `million-${tag}.jsonl`);
  if (existsSync(file)) return file;
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  await runMillion(path, partial);
  renameSync(partial, file);
  return file;
}
