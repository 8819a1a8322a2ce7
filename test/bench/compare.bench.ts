/**
 * Compare benchmark: two dumps of one CPython 3.11 process holding ~1M instances (~2M objects
 * each; 10,000 freed and 20,000 added between them, made once by
 * test/python/compare-programs/million_series.py and cached in bench-results/). In a fresh Node
 * process: the load time of each dump, then compareDumps as dumped and after a simulated
 * gc.collect() (the CLI's default, which simulates both dumps), and peak RSS. The target:
 * the diff ≤ 1.5 × the time to load one dump.
 *
 * Runnable alone: `node --import tsx test/bench/compare.bench.ts --child BASE TARGET`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './run.js';
import { withHugePages } from '../../scripts/hugepages.mjs';
import { interpreter } from '../python/interpreters.js';

const self = fileURLToPath(import.meta.url);
const root = join(import.meta.dirname, '../..');

interface ChildResult {
  loadMs: number[];
  objects: number[];
  asDumpedMs: number;
  afterCollectMs: number;
  newObjects: number;
  exact: number;
  maxRssBytes: number;
}

async function child(base: string, target: string): Promise<void> {
  const { loadDump } = await import('../../electron/engine/formats/index.js');
  const { compareDumps } = await import('../../electron/engine/compare/compareDumps.js');
  const loadMs: number[] = [];
  const dumps = [];
  for (const f of [base, target]) {
    const t0 = performance.now();
    const d = await loadDump(f);
    loadMs.push(performance.now() - t0);
    dumps.push({ graph: d.graph, name: f, contentHash: d.contentHash });
  }
  let t0 = performance.now();
  const asDumped = compareDumps(dumps[0], dumps[1], undefined, { mode: 'as-dumped', maxLeakObjects: 10 });
  const asDumpedMs = performance.now() - t0;
  t0 = performance.now();
  compareDumps(dumps[0], dumps[1], undefined, { mode: 'after-collect', maxLeakObjects: 10 });
  const afterCollectMs = performance.now() - t0;
  const result: ChildResult = {
    loadMs,
    objects: dumps.map((d) => d.graph.nodeCount),
    asDumpedMs,
    afterCollectMs,
    newObjects: asDumped.types.reduce((s, t) => s + t.new, 0),
    exact: asDumped.identity.exact,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
  console.log(JSON.stringify(result));
}

export default async function bench(ctx: BenchContext): Promise<void> {
  const py = interpreter('3.11');
  if (!py) {
    ctx.report('skipped', 'CPython 3.11 is needed for the two 2M-object dumps');
    return;
  }
  const prefix = join(ctx.workDir, 'compare-million');
  const files = [`${prefix}-0.jsonl`, `${prefix}-1.jsonl`];
  if (!files.every(existsSync)) {
    const out = execFileSync(py.path, [join(root, 'test/python/compare-programs/million_series.py'), join(root, 'electron/engine/formats/heapscope'), prefix], { encoding: 'utf8' });
    const made = JSON.parse(out.trim().split('\n').pop()!) as { seconds: number[] };
    ctx.report('dumps written (CPython 3.11, s each)', made.seconds.map((s) => s.toFixed(1)).join(', '));
  }
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', ...files], { encoding: 'utf8', env: withHugePages(process.env), maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`compare bench child failed: ${run.stderr}`);
  const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as ChildResult;
  ctx.report('objects (base, target)', r.objects.join(', '));
  ctx.report('load base', r.loadMs[0], 'ms');
  ctx.report('load target', r.loadMs[1], 'ms');
  ctx.report('diff as dumped', r.asDumpedMs, 'ms');
  ctx.report('diff after a simulated gc.collect() (default)', r.afterCollectMs, 'ms');
  const load = Math.min(...r.loadMs);
  ctx.report('diff / faster load of one dump (as dumped, after-collect)', `${(r.asDumpedMs / load).toFixed(2)}, ${(r.afterCollectMs / load).toFixed(2)}`);
  ctx.report('new objects found, exact identities', `${r.newObjects}, ${r.exact}`);
  ctx.report('peak RSS (both dumps loaded)', Math.round(r.maxRssBytes / 1048576), 'MiB');
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4]);
