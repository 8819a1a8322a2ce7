/**
 * Smoke test of the built command (bin/heapscope.mjs → out/main/cli.js) in a real process: the
 * exit code and the --json output cross the process boundary, and the bundle carries the dumper.
 * Needs `npm run build` first (npm test builds before running vitest); without a build it fails
 * with that instruction rather than building inside a test.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { A, B, releaseLocals, writeFixtures } from './fixtures.js';

const root = join(import.meta.dirname, '../..');
const built = join(root, 'out/main/cli.js');
const fx = writeFixtures();
afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

function heapscope(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/heapscope.mjs'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the built heapscope command', () => {
  it('is built (run `npm run build`)', () => {
    expect(existsSync(built), `${built} is missing: run npm run build`).toBe(true);
  });

  it('analyzes a dump in a child process: JSON on stdout, exit 0', () => {
    const r = heapscope('analyze', fx.twoCycle, ...releaseLocals, '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { collect: number; garbage: number; garbageObjects: number[] };
    expect([j.collect, j.garbage]).toEqual([4, 2]);
    expect(j.garbageObjects).toEqual([A, B]);
  });

  it('carries the scan thread of the parallel reader, which scans a batch', async () => {
    // ScanPool finds out/main/scanWorker.js from the bundle's chunks; this runs that file.
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(join(root, 'out/main/scanWorker.js'));
    try {
      const text = Buffer.from('{"a":16,"t":"int","s":28,"f":0,"rc":1,"x":1,"r":"7"}\n{"k":"end","objects":1}\n');
      const batch = new SharedArrayBuffer(text.length);
      new Uint8Array(batch).set(text);
      const cols = { nodes: [8, 4, 8, 1, 8, 8, 1, 4, 8, 4, 4].map((b, i) => new SharedArrayBuffer(b * (i === 10 ? 17 : 16))), edges: [8, 4].map((b) => new SharedArrayBuffer(b * 16)), nodeCap: 16, edgeCap: 16 };
      const reply = new Promise<{ lines: number; count: number; deferred: Int32Array }>((resolve, reject) => {
        worker.on('message', (m) => (m === 'ready' ? undefined : resolve(m as { lines: number; count: number; deferred: Int32Array })));
        worker.on('error', reject);
      });
      worker.postMessage({ id: 1, claim: new SharedArrayBuffer(4), batch, start: 0, end: text.length, headerFirst: false, maxLineBytes: 1 << 20, cols });
      const r = await reply;
      expect({ lines: r.lines, count: r.count, deferred: Array.from(r.deferred) }).toEqual({ lines: 2, count: 1, deferred: [1, 1, 53, 76, -1] });
    } finally {
      await worker.terminate();
    }
  });

  it('returns the check and error exit codes to the shell', () => {
    expect(heapscope('check', fx.twoCycle, ...releaseLocals, '--max-uncollectable', '0').status).toBe(1);
    expect(heapscope('analyze', fx.truncated).status).toBe(3);
    expect(heapscope('path', fx.twoCycle, '1').status).toBe(4);
    expect(heapscope('analyze', fx.twoCycle, '--nope').status).toBe(2);
  });

  it('prints the embedded dumper byte for byte', () => {
    const r = heapscope('dumper');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(root, 'electron/engine/formats/heapscope/heapscope_dump.py'), 'utf8'));
  });
});
