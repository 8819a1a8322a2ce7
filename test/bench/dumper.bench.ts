/**
 * Dumper benchmark: for CPython 2.7, 3.8, 3.11 and 3.13, a process holding 1,000,000 small class
 * instances dumps its heap with heapscope_dump.py. Reports objects per second (wall clock and
 * CPU time of the dump), bytes per object in the file and the process's peak RSS (getrusage).
 * The machine is noisy, so the figure to compare is a ratio taken in one process: the dump's CPU
 * time over a bare traversal of the same heap (`for o in gc.get_objects(): gc.get_referents(o)`),
 * with the memory the dump needs beside the heap (VmHWM while dumping minus VmRSS before).
 * Then, for 3.11 and 3.13, the pause the program itself sees (pause.py: a heartbeat thread notes
 * the time every millisecond; the longest gap while dump() runs), capturing by fork and in-process.
 * Runs one interpreter at a time so the numbers do not compete with each other.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './run.js';
import { dumperDir, runMillion } from './fixtures.js';
import { interpreter } from '../python/interpreters.js';
import { attachPause } from './attachPause.js';

const versions = ['2.7', '3.8', '3.11', '3.13'];
const pauseVersions = ['3.11', '3.13'];
const pauseProgram = join(import.meta.dirname, '../python/dumper-programs/pause.py');

interface PauseRun {
  mode: string;
  longestGap: number;
  dumpCall: number;
  complete: number;
  python: string;
}

function runPause(python: string, out: string, mode: 'fork' | 'in-process'): Promise<PauseRun> {
  return new Promise((resolve, reject) => {
    execFile(python, [pauseProgram, dumperDir, out, mode], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pause.py failed under ${python}: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as PauseRun);
    });
  });
}

export default async function (ctx: BenchContext): Promise<void> {
  for (const short of versions) {
    const py = interpreter(short);
    if (!py) {
      ctx.report(`CPython ${short}`, 'not installed');
      continue;
    }
    const out = join(ctx.workDir, `dumper-bench-${short}.jsonl`);
    try {
      const r = await runMillion(py.path, out);
      ctx.report(`CPython ${r.python} objects`, r.objects);
      ctx.report(`CPython ${r.python} bare traversal (CPU)`, r.bareSeconds, 's');
      ctx.report(`CPython ${r.python} dump time`, r.seconds, 's');
      ctx.report(`CPython ${r.python} dump time (CPU)`, r.cpuSeconds, 's');
      ctx.report(`CPython ${r.python} dump / bare traversal (CPU)`, r.cpuSeconds / r.bareSeconds, 'x');
      ctx.report(`CPython ${r.python} µs per object (CPU)`, (r.cpuSeconds / r.objects) * 1e6, 'µs');
      ctx.report(`CPython ${r.python} objects/s (wall)`, Math.round(r.objects / r.seconds));
      ctx.report(`CPython ${r.python} objects/s (CPU)`, Math.round(r.objects / r.cpuSeconds));
      ctx.report(`CPython ${r.python} bytes per object`, r.bytes / r.objects);
      ctx.report(`CPython ${r.python} peak RSS`, r.peakRss / 2 ** 20, 'MiB');
      ctx.report(`CPython ${r.python} RSS growth while dumping`, (r.peakRss - r.rssBeforeDump) / 2 ** 20, 'MiB');
      if (r.dumpPeakExtra !== null) ctx.report(`CPython ${r.python} peak memory beside the heap`, r.dumpPeakExtra / 2 ** 20, 'MiB');
    } finally {
      rmSync(out, { force: true });
    }
  }
  for (const short of pauseVersions) {
    const py = interpreter(short);
    if (!py) continue;
    for (const mode of ['fork', 'in-process'] as const) {
      const out = join(ctx.workDir, `dumper-pause-${short}-${mode}.jsonl`);
      try {
        const r = await runPause(py.path, out, mode);
        ctx.report(`CPython ${r.python} pause, ${mode} (longest heartbeat gap, 1M instances)`, r.longestGap * 1000, 'ms');
        ctx.report(`CPython ${r.python} dump() returned after, ${mode}`, r.dumpCall * 1000, 'ms');
        if (mode === 'fork') ctx.report(`CPython ${r.python} fork: file complete after`, r.complete, 's');
      } finally {
        rmSync(out, { force: true });
      }
    }
  }
  await attachPause(ctx, ['2.7', '3.11']);
}
