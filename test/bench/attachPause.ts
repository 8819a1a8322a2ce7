/**
 * Attach benchmark (part of `npm run bench -- dumper`): a CPython process holding 1,000,000 small
 * instances, its main thread a 1 ms heartbeat loop that records its longest gap, is captured by
 * `heapscope capture`'s engine. Reports how long gdb held it stopped, the longest gap the target
 * itself saw (the stop plus the time the dumper held its main thread: in-process today, a fork
 * where the dumper supports it) and the capture's wall time.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchContext } from './run.js';
import { captureProcess } from '../../electron/capture/capture.js';
import { interpreter } from '../python/interpreters.js';

const program = `
import signal, sys, time
class C(object):
    pass
objs = [C() for i in range(1000000)]  # weakrefable, as most instances are: each gets an identity
gap = [0.0]
def report(s, f):
    sys.stdout.write('gap %.1f\\n' % (gap[0] * 1000)); sys.stdout.flush()
def reset(s, f):
    gap[0] = 0.0
signal.signal(signal.SIGUSR1, report)
signal.signal(signal.SIGUSR2, reset)
sys.stdout.write('ready\\n'); sys.stdout.flush()
last = time.time()
while True:
    time.sleep(0.001)
    now = time.time()
    if now - last > gap[0]:
        gap[0] = now - last
    last = now
`;

export async function attachPause(ctx: BenchContext, versions: readonly string[]): Promise<void> {
  const dumperSource = readFileSync(join(import.meta.dirname, '../../electron/engine/formats/heapscope/heapscope_dump.py'), 'utf8');
  for (const short of versions) {
    const py = interpreter(short);
    if (!py) continue;
    const child = spawn(py.path, ['-c', program], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const until = async (re: RegExp) => {
      while (!re.test(out)) await new Promise((r) => setTimeout(r, 20));
    };
    const file = join(ctx.workDir, `attach-bench-${short}.jsonl.gz`);
    try {
      await until(/ready\n/);
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, 100));
      const began = performance.now();
      const r = await captureProcess(child.pid ?? 0, { out: file, dumperSource });
      const wall = (performance.now() - began) / 1000;
      await new Promise((r) => setTimeout(r, 200));
      child.kill('SIGUSR1');
      await until(/gap [\d.]+\n/);
      const gap = Number(/gap ([\d.]+)/.exec(out)?.[1]);
      ctx.report(`CPython ${r.python} attach: target stopped by gdb`, r.stoppedMs ?? 0, 'ms');
      ctx.report(`CPython ${r.python} attach: longest pause the target saw`, gap, 'ms');
      ctx.report(`CPython ${r.python} attach: capture wall time (${r.objects.toLocaleString('en-US')} objects${r.blockedCall ? `, main thread in ${r.blockedCall}` : ''})`, wall, 's');
    } finally {
      child.kill('SIGKILL');
      rmSync(file, { force: true });
    }
  }
}
