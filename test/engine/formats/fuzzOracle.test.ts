/**
 * The fuzz suite with an oracle: ≥ 10,000 corrupted dumps per run (HEAPSCOPE_FUZZ_CASES), made
 * from real CPython dumps and the fixtures by seeded mutators (fuzz/mutators.ts), each read by
 * loadDump and by an independent strict reader (fuzz/strictReader.ts, its own JSON parser). Every
 * case must end in a HeapFormatError naming the file (and a line wherever the problem has one),
 * refused by the strict reader too; or in a graph identical, record by record, to what the strict
 * reader read (so the verdict, a function of those records, agrees), which then simulates. No
 * case may take over a few seconds (a watchdog ends a hung worker), crash, or build a graph
 * larger than a small multiple of the file. A failure prints its seed: HEAPSCOPE_FUZZ_SEED=…
 * with HEAPSCOPE_FUZZ_CASES=1 replays it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'heapscope-fuzz-oracle-'));

/**
 * A real CPython dump cut to its first `count` objects: references and names to objects left
 * out are dropped (with their labels, and the hidden prefix adjusted), so the slice is a valid
 * dump with real type names, labels, reprs, flags and refcounts.
 */
function realSlice(gz: string, count: number, out: string): string {
  const lines = gunzipSync(readFileSync(join(root, gz))).toString('utf8').split('\n');
  const objs: Record<string, unknown>[] = [];
  for (const l of lines.slice(1)) {
    if (!l || objs.length >= count) continue;
    const rec = JSON.parse(l) as Record<string, unknown>;
    if (!('k' in rec)) objs.push(rec);
  }
  const kept = new Set(objs.map((o) => o.a as number));
  for (const o of objs) {
    if (!Array.isArray(o.e)) continue;
    const e = o.e as number[];
    const l = o.l as (string | null)[] | undefined;
    const keep = e.map((a) => kept.has(a));
    o.ex = keep.slice(0, (o.ex as number) ?? 0).filter(Boolean).length || undefined;
    o.e = e.filter((_, i) => keep[i]);
    if (l) o.l = l.filter((_, i) => keep[i]);
    if ((o.e as number[]).length === 0) {
      delete o.e;
      delete o.l;
    }
    if (o.w && !kept.has(o.w as number)) o.w = 0;
  }
  const path = join(dir, out);
  writeFileSync(path, `${[lines[0], ...objs.map((o) => JSON.stringify(o)), JSON.stringify({ k: 'end', objects: objs.length })].join('\n')}\n`);
  return path;
}

function run(seed: number, cases: number, bases: string[]): Promise<{ failures: { seed: number; applied: string[]; why: string }[]; failureCount: number; stats: Record<string, number> }> {
  const entry = pathToFileURL(join(import.meta.dirname, 'fuzz/fuzzWorker.ts')).href;
  const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  const worker = new Worker(boot, { eval: true, workerData: { seed, cases, bases, dir, slowMs: 3000 }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
  return new Promise((resolve, reject) => {
    let last = { seed, at: Date.now() };
    // A case that hangs keeps the worker's event loop busy: only the parent can notice.
    const watchdog = setInterval(() => {
      if (Date.now() - last.at > 10_000) {
        clearInterval(watchdog);
        void worker.terminate();
        reject(new Error(`case seed ${last.seed} did not finish within 10 s (replay: HEAPSCOPE_FUZZ_SEED=${last.seed} HEAPSCOPE_FUZZ_CASES=1)`));
      }
    }, 500);
    worker.on('message', (m: { type: string; seed?: number }) => {
      if (m.type === 'case') last = { seed: m.seed!, at: Date.now() };
      else {
        clearInterval(watchdog);
        void worker.terminate();
        resolve(m as never);
      }
    });
    worker.on('error', (e) => {
      clearInterval(watchdog);
      reject(new Error(`the fuzz worker crashed at seed ${last.seed}: ${e.stack ?? e.message}`));
    });
  });
}

describe('fuzz: corrupted dumps against a strict reader', () => {
  it('refuses cleanly or loads exactly what the strict reader reads, for every case', async () => {
    const bases = [
      join(root, 'test/fixtures/dumps/small-3.11.jsonl'),
      join(root, 'test/e2e/fixtures/two-cycle-2.7.jsonl'),
      realSlice('electron/demo-heaps/article-two-cycle-2.7.jsonl.gz', 60, 'real-2.7.jsonl'),
      realSlice('electron/demo-heaps/article-two-cycle-3.11.jsonl.gz', 60, 'real-3.11.jsonl'),
    ];
    // A fixed seed by default, so a run can be repeated; HEAPSCOPE_FUZZ_SEED explores others.
    const seed = Number(process.env.HEAPSCOPE_FUZZ_SEED ?? 20261203);
    const cases = Number(process.env.HEAPSCOPE_FUZZ_CASES ?? 10_000);
    const started = Date.now();
    const result = await run(seed, cases, bases);
    console.log(`fuzz: ${cases} cases from seed ${seed} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(result.stats)}`);
    const shown = result.failures.map((f) => `seed ${f.seed} [${f.applied.join(', ')}]: ${f.why}`).join('\n');
    expect(result.failureCount, `${result.failureCount} of ${cases} cases failed (first seed ${seed}); kept in ${dir}\n${shown}`).toBe(0);
    expect(result.stats.accepted + result.stats.rejected).toBe(cases);
    // Both outcomes must be exercised, or the mutators are too weak or too strong to mean anything.
    if (cases >= 1000) {
      expect(result.stats.accepted).toBeGreaterThan(cases / 50);
      expect(result.stats.rejected).toBeGreaterThan(cases / 10);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 600_000);
});
