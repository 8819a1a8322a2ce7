/**
 * Scale benchmark (issue 17): a synthetic dump of 10M and 50M objects (scaleDump.ts, cached in
 * os.tmpdir()/heapscope-bench-scale, uncompressed) is loaded and explored as the app does, each
 * size in a fresh Node process so its peak RSS is its own. Per size: load, peak RSS, bytes per
 * object, every analysis the app runs on open (simulation and verdict, cycles, dominators and
 * retained sizes, suspects, the overview's aggregates), the Objects table sorted by retained size
 * (page 1 and a deep page), a Graph neighbourhood, one what-if edit (break a reference, then the
 * overview the app shows after it) and its undo. Goals: <= 120 bytes per object at peak, one edit
 * <= 1 s at 50M.
 *
 * With HEAPSCOPE_SCALE_SERVE=1 each size is then opened once more through `heapscope serve` and
 * its HTTP API (scaleServe.ts; needs `npm run build`).
 *
 * Sizes: HEAPSCOPE_SCALE_SIZES (default "10M,50M"; "2M" or "300000" work too). The child gets the
 * engine worker's heap cap (EngineHost: maxOldGenerationSizeMb 4096) so what fits here fits there.
 * Also runnable alone: `node --import tsx test/bench/scale.bench.ts --child FILE`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import type { BenchContext } from './run.js';
import { withHugePages } from '../../scripts/hugepages.mjs';
import { ensureScaleDump } from './scaleDump.js';
import { serveScale } from './scaleServe.js';

const self = fileURLToPath(import.meta.url);
/** The engine worker's old-generation cap (electron/host/EngineHost.ts). */
const WORKER_HEAP_MB = 4096;

interface Step {
  name: string;
  ms: number;
  /** CPU time of the process (all threads): steadier than wall time on a shared machine. */
  cpuMs: number;
  /** RSS right after the step. */
  rss: number;
  /** V8 heap in use right after the step (the worker's cap applies to this, not to typed arrays). */
  heapUsed: number;
  note?: string;
}

interface ChildResult {
  objects: number;
  edges: number;
  baselineRss: number;
  peakRss: number;
  /** Peak RSS when loading ended (before any analysis). */
  loadPeakRss: number;
  steps: Step[];
}

function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`HEAPSCOPE_SCALE_SIZES: "${s}" is not a size (e.g. 10M, 500k, 300000)`);
  return Math.round(Number(m[1]) * (m[2].toLowerCase() === 'm' ? 1e6 : m[2].toLowerCase() === 'k' ? 1e3 : 1));
}

/** VmHWM (peak resident set) of this process in bytes; maxRSS where /proc is missing. */
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}

function runChild(file: string): ChildResult {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${WORKER_HEAP_MB}`, '--import', 'tsx', self, '--child', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: withHugePages(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error(`scale child failed (status ${r.status}, signal ${r.signal})`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ChildResult;
}

function memory(): { rss: number; heapUsed: number } {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

const mb = (b: number): string => `${(b / 1e6).toFixed(0)} MB`;

export default async function (ctx: BenchContext): Promise<void> {
  const sizes = (process.env.HEAPSCOPE_SCALE_SIZES ?? '10M,50M').split(',').map(parseSize);
  const results: { target: number; bytes: number; r: ChildResult }[] = [];
  for (const target of sizes) {
    const dump = ensureScaleDump(target);
    const bytes = statSync(dump.file).size;
    ctx.report(`dump ~${target.toLocaleString('en-US')}`, `${dump.file} (${mb(bytes)}${dump.made ? `, written in ${(dump.ms / 1000).toFixed(1)} s` : ', cached'})`);
    const r = runChild(dump.file);
    results.push({ target, bytes, r });
    ctx.report(`  objects, edges`, `${r.objects.toLocaleString('en-US')}, ${r.edges.toLocaleString('en-US')}`);
    for (const s of r.steps) ctx.report(`  ${s.name}`, `${s.ms.toFixed(0)} ms wall, ${s.cpuMs.toFixed(0)} ms CPU (RSS ${mb(s.rss)})${s.note ? ` — ${s.note}` : ''}`);
    ctx.report('  peak RSS after loading', mb(r.loadPeakRss));
    ctx.report('  peak RSS', mb(r.peakRss));
    ctx.report('  most V8 heap in use after a step', `${mb(Math.max(...r.steps.map((s) => s.heapUsed)))} (the worker's cap: ${WORKER_HEAP_MB} MB)`);
    ctx.report('  bytes per object at peak', Math.round(r.peakRss / r.objects), '(goal <= 120)');
    ctx.report('  bytes per object at peak, less the empty process', Math.round((r.peakRss - r.baselineRss) / r.objects));
    if (process.env.HEAPSCOPE_SCALE_SERVE === '1') {
      const served = await serveScale(dump.file);
      for (const s of served.steps) ctx.report(`  serve: ${s.name}`, `${s.ms.toFixed(0)} ms${s.note ? ` — ${s.note}` : ''}`);
      ctx.report('  serve: peak RSS of the server (host + worker)', mb(served.peakRss));
    }
  }
  // One table, a column per size.
  const names = results[0]?.r.steps.map((s) => s.name) ?? [];
  const head = ['', ...results.map((x) => `${(x.r.objects / 1e6).toFixed(1)}M objects`)];
  const rows: string[][] = [
    ['dump file', ...results.map((x) => mb(x.bytes))],
    ...names.map((n) => [
      `${n} (ms wall / CPU)`,
      ...results.map((x) => {
        const s = x.r.steps.find((st) => st.name === n);
        return s ? `${s.ms.toFixed(0)} / ${s.cpuMs.toFixed(0)}` : '';
      }),
    ]),
    ['peak RSS after load', ...results.map((x) => mb(x.r.loadPeakRss))],
    ['peak RSS', ...results.map((x) => mb(x.r.peakRss))],
    ['bytes/object at peak', ...results.map((x) => String(Math.round(x.r.peakRss / x.r.objects)))],
  ];
  const width = [Math.max(...[head, ...rows].map((r) => r[0].length)), ...head.slice(1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i + 1].length)))];
  console.log(`\n  load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs (wall times inflate above that)`);
  for (const r of [head, ...rows]) console.log(`  ${r.map((c, i) => (i === 0 ? c.padEnd(width[0]) : c.padStart(width[i]))).join('  ')}`);
}

async function childMain(file: string): Promise<void> {
  const baselineRss = process.memoryUsage().rss;
  const { loadDump } = await import('../../electron/engine/formats/index.js');
  const { EngineSession } = await import('../../electron/engine/session/EngineSession.js');
  const steps: Step[] = [];
  const step = <T>(name: string, fn: () => T, note?: (r: T) => string): T => {
    const t = performance.now();
    const c = process.cpuUsage();
    const r = fn();
    steps.push({ name, ms: performance.now() - t, cpuMs: cpuSince(c), ...memory(), note: note?.(r) });
    return r;
  };
  const t = performance.now();
  const c = process.cpuUsage();
  const loaded = await loadDump(file);
  steps.push({ name: 'load', ms: performance.now() - t, cpuMs: cpuSince(c), ...memory() });
  const loadPeakRss = peakRss();
  const g = loaded.graph;
  const session = new EngineSession({ graph: g, dumpPath: file, bytes: loaded.bytes, contentHash: loaded.contentHash, format: loaded.format });
  const call = (method: string, request: unknown): unknown => {
    const r = session.handle(method, request);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };
  step('simulate (verdict)', () => session.simulation(), (s) => `collect=${s.collect}`);
  step('cycles (SCC)', () => session.cycles(), (c) => `${c.count} cycles`);
  step('dominators + retained sizes', () => session.dominators());
  step('suspects', () => call('suspects', { limit: 20 }) as { suspects: unknown[] }, (s) => `${s.suspects.length} suspects`);
  step('overview (aggregates)', () => session.overview());
  // The worker does this once the dump is shown (electron/host/worker.ts).
  step('prepare what-if (idle, after open)', () => session.prepareWhatIf());
  step('cycles page 1', () => call('cyclesPage', { start: 0, count: 50 }));
  const page = { count: 100, sort: 'retained', descending: true };
  const first = step('objects page 1 by retained (first sort)', () => call('objectsPage', { ...page, start: 0 }) as { total: number; rows: { address: number }[] });
  step('objects deep page by retained', () => call('objectsPage', { ...page, start: Math.floor(first.total / 2) }));
  step('objects page 1 by retained (again)', () => call('objectsPage', { ...page, start: 0 }));
  // The registry (module-level list of the groups' roots) and one of its items.
  const rn = g.holderNames.find((h) => h.name === 'registry')!.node;
  const registry = g.addresses[rn];
  // From its 1000th item on, the first group root held by the registry alone (no cache entry, no
  // frame): breaking that reference turns its group into a garbage cycle.
  const rFirst = g.firstOutEdge[rn];
  const rEnd = g.firstOutEdge[rn + 1];
  let pick = rFirst + Math.min(1000, rEnd - rFirst - 1);
  const referrers = (e: number): number => g.firstInEdge[g.edgeTargets[e] + 1] - g.firstInEdge[g.edgeTargets[e]];
  for (let e = pick; e < Math.min(rEnd, pick + 16); e++) if (referrers(e) < referrers(pick)) pick = e;
  const target = g.addresses[g.edgeTargets[pick]];
  step('graph neighbourhood (depth 2)', () => call('neighbourhood', { addresses: [target], depth: 2, maxNodes: 150 }), (r) => `${(r as { nodes: unknown[] }).nodes.length} nodes`);
  // Break registry -> a group root: the group becomes a garbage cycle.
  step('what-if edit (drop-ref, new verdict)', () => call('applyEdit', { edit: { kind: 'drop-ref', source: registry, target } }), (r) => (r as { delta?: { summary?: string } }).delta?.summary ?? '');
  step('overview after the edit', () => session.overview());
  step('undo', () => call('undoEdit', {}));
  step('overview after undo', () => session.overview());
  const result: ChildResult = { objects: g.nodeCount, edges: g.edgeCount, baselineRss, peakRss: peakRss(), loadPeakRss, steps };
  console.log(JSON.stringify(result));
}

if (process.argv[1] === self && process.argv[2] === '--child') await childMain(process.argv[3]);
