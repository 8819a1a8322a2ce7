/**
 * Dumper benchmark: for CPython 2.7, 3.8, 3.11 and 3.13, a process holding 1,000,000 small class
 * instances dumps its heap with heapscope_dump.py. Reports objects per second (wall clock and
 * CPU time of the dump), bytes per object in the file and the process's peak RSS (getrusage).
 * Runs one interpreter at a time so the numbers do not compete with each other.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './run.js';
import { runMillion } from './fixtures.js';
import { interpreter } from '../python/interpreters.js';
import { attachPause } from './attachPause.js';

const versions = ['2.7', '3.8', '3.11', '3.13'];

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
      ctx.report(`CPython ${r.python} dump time`, r.seconds, 's');
      ctx.report(`CPython ${r.python} objects/s (wall)`, Math.round(r.objects / r.seconds));
      ctx.report(`CPython ${r.python} objects/s (CPU)`, Math.round(r.objects / r.cpuSeconds));
      ctx.report(`CPython ${r.python} bytes per object`, r.bytes / r.objects);
      ctx.report(`CPython ${r.python} peak RSS`, r.peakRss / 2 ** 20, 'MiB');
      ctx.report(`CPython ${r.python} RSS growth while dumping`, (r.peakRss - r.rssBeforeDump) / 2 ** 20, 'MiB');
    } finally {
      rmSync(out, { force: true });
    }
  }
  await attachPause(ctx, ['2.7', '3.11']);
}
