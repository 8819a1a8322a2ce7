/**
 * Engine benchmark (issue 4, "Speed"): on the 1M-instance heap, times each phase a session runs —
 * simulate() (refcount cascade + one gc.collect()), findCycles, computeDominators, histogram — and
 * one what-if edit to a new verdict. Targets: simulation + SCC + dominators <= 1.5 s; one edit
 * <= 100 ms. Numbers are printed, not asserted.
 *
 * The heap: the real 1M-instance dump (`ensureMillionDump` in fixtures.ts, read by `loadDump`) when
 * fixtures.ts exists and ENGINE_BENCH_SYNTHETIC is not 1; otherwise a synthetic graph of the same shape built directly with HeapGraphBuilder and
 * labelled as such in the output: CPython 3.10 layout, 1M instances each with its __dict__, held by
 * one list in __main__; 100k of them form one deep chain (dict -> next instance), every 50th holds
 * itself through its dict (a live cycle), and 10k are leaked two-instance cycles, one in ten with
 * __del__. Each phase runs cold, warm, and warm reusing an AnalysisScratch; wall-clock and CPU time are both
 * reported, since eight engineers share two cores here and wall time then measures the neighbours.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchContext } from './run.js';
import { type HeapGraph, NodeFlag, Finalizer } from '../../electron/engine/model/HeapGraph.js';
import { HeapGraphBuilder } from '../../electron/engine/model/HeapGraphBuilder.js';
import { syntheticHeader } from '../../electron/engine/model/header.js';
import { findCycles, cycleSummaries } from '../../electron/engine/analysis/scc.js';
import { computeDominators } from '../../electron/engine/analysis/dominators.js';
import { histogram } from '../../electron/engine/analysis/histogram.js';
import { shortestRetainerPath } from '../../electron/engine/analysis/retainerPaths.js';
import { minimumCut } from '../../electron/engine/analysis/minimumCut.js';
import { AnalysisScratch } from '../../electron/engine/analysis/AnalysisScratch.js';
import { simulate } from '../../electron/engine/gc/simulate.js';
import { EditHistory } from '../../electron/engine/whatif/EditHistory.js';
import { loadDump } from '../../electron/engine/formats/index.js';
import type { Edit } from '../../electron/engine/whatif/types.js';

const INSTANCES = 1_000_000;
const CHAIN = 100_000;
const LEAKED = 10_000;
const BASE = 139_872_000_000_000;

/** Address of object k of the synthetic heap: 0 module dict, 1 list, 2 class, then instance/dict pairs. */
const addr = (k: number): number => BASE + k * 16;
const inst = (i: number): number => 3 + 2 * i;
const dict = (i: number): number => 4 + 2 * i;

export function syntheticMillionHeap(): HeapGraph {
  const total = 3 + 2 * INSTANCES;
  const live = INSTANCES - LEAKED;
  const refs: number[][] = Array.from({ length: total }, () => []);
  const labels: string[][] = Array.from({ length: total }, () => []);
  const add = (from: number, to: number, label: string): void => {
    refs[from].push(to);
    labels[from].push(label);
  };
  add(0, 1, "['points']");
  for (let i = 0; i < live; i++) add(1, inst(i), `[${i}]`);
  for (let i = 0; i < INSTANCES; i++) {
    add(inst(i), dict(i), '__dict__');
    add(inst(i), 2, '__class__');
    if (i < CHAIN - 1) add(dict(i), inst(i + 1), "['next']");
    if (i % 50 === 0 && i < live) add(dict(i), inst(i), "['self']");
  }
  // Leaked pairs: a.__dict__['peer'] = b, b.__dict__['peer'] = a, then both names deleted.
  for (let i = live; i + 1 < INSTANCES; i += 2) {
    add(dict(i), inst(i + 1), "['peer']");
    add(dict(i + 1), inst(i), "['peer']");
  }
  const rc = new Float64Array(total);
  for (const r of refs) for (const t of r) rc[t]++;
  const ext = new Float64Array(total);
  ext[0] = 1; // the module holds its dict
  ext[2] = 3; // the class: its module's dict is not dumped, plus the interpreter's type cache
  const b = new HeapGraphBuilder(total);
  for (let k = 0; k < total; k++) {
    const isInst = k >= 3 && (k - 3) % 2 === 0;
    const i = Math.floor((k - 3) / 2);
    const leakedDel = isInst && i >= live && (i - live) % 20 === 0;
    b.addNode({
      address: addr(k),
      type: k === 0 ? 'dict' : k === 1 ? 'list' : k === 2 ? 'type' : isInst ? (leakedDel ? '__main__.Leaky' : '__main__.Point') : 'dict',
      size: k === 1 ? 8 * live + 56 : k === 2 ? 1072 : isInst ? 48 : 104,
      flags: NodeFlag.Gc | NodeFlag.Tracked | (k === 2 ? NodeFlag.IsType : 0),
      refcount: rc[k] + ext[k],
      external: ext[k],
      finalizer: leakedDel ? Finalizer.Del : Finalizer.None,
      edges: refs[k].map(addr),
      labels: labels[k],
    });
  }
  return b.finish(syntheticHeader('3.10.12'));
}

async function obtainGraph(workDir: string): Promise<{ graph: HeapGraph; source: string; loadMs?: number }> {
  const fixtures = join(import.meta.dirname, 'fixtures.ts');
  if (process.env.ENGINE_BENCH_SYNTHETIC === '1') return { graph: syntheticMillionHeap(), source: 'SYNTHETIC graph (ENGINE_BENCH_SYNTHETIC=1): 3.10 layout, instance + __dict__, cycles, 10k leaked pairs' };
  if (existsSync(fixtures)) {
    const fx = (await import(pathToFileURL(fixtures).href)) as { ensureMillionDump?: (dir: string) => Promise<string> | string };
    if (fx.ensureMillionDump) {
      const file = await fx.ensureMillionDump(workDir);
      const t = performance.now();
      const { graph } = await loadDump(file);
      return { graph, source: `${file} (ensureMillionDump + loadDump)`, loadMs: performance.now() - t };
    }
  }
  return { graph: syntheticMillionHeap(), source: 'SYNTHETIC graph built with HeapGraphBuilder (test/bench/fixtures.ts with ensureMillionDump not available)' };
}

/** Wall-clock and CPU milliseconds of one call (CPU time shows what the code costs when the machine is shared). */
function time<T>(fn: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const t = performance.now();
  const r = fn();
  const wall = performance.now() - t;
  const c = process.cpuUsage(c0);
  return [r, wall, (c.user + c.system) / 1000];
}

/**
 * An edit that turns live objects into garbage: the biggest container's reference to an element
 * that sits on a cycle (it holds something that holds it back), so the collector, not refcounting,
 * frees it. Falls back to the container's first reference.
 */
function typicalEdit(g: HeapGraph): Edit {
  let list = 0;
  for (let v = 1; v < g.nodeCount; v++) {
    if (g.firstOutEdge[v + 1] - g.firstOutEdge[v] > g.firstOutEdge[list + 1] - g.firstOutEdge[list]) list = v;
  }
  const end = g.firstOutEdge[list + 1];
  for (let e = Math.min(g.firstOutEdge[list] + 500, end - 1); e < end; e++) {
    const t = g.edgeTargets[e];
    if (g.firstInEdge[t + 1] - g.firstInEdge[t] !== 2) continue;
    for (let i = g.firstInEdge[t]; i < g.firstInEdge[t + 1]; i++) {
      const holder = g.edgeSources[g.inEdges[i]];
      for (let f = g.firstOutEdge[t]; f < g.firstOutEdge[t + 1]; f++) {
        if (g.edgeTargets[f] === holder) return { kind: 'drop-ref', source: g.addresses[list], target: g.addresses[t] };
      }
    }
  }
  return { kind: 'drop-ref', source: g.addresses[list], target: g.addresses[g.edgeTargets[g.firstOutEdge[list]]] };
}

export default async function (ctx: BenchContext): Promise<void> {
  const t0 = performance.now();
  const { graph: g, source, loadMs } = await obtainGraph(ctx.workDir);
  ctx.report('heap', source);
  ctx.report(loadMs !== undefined ? 'load' : 'build', loadMs ?? performance.now() - t0, 'ms');
  ctx.report('objects, edges', `${g.nodeCount.toLocaleString('en-US')}, ${g.edgeCount.toLocaleString('en-US')}`);
  const load = (await import('node:os')).loadavg()[0];
  ctx.report('load average (1 min) on this machine', load.toFixed(1), `(${(await import('node:os')).cpus().length} CPUs; wall times inflate when it exceeds that)`);

  let sim: ReturnType<typeof simulate> | undefined;
  let dom: ReturnType<typeof computeDominators> | undefined;
  let cycles: ReturnType<typeof findCycles> | undefined;
  // Rounds: cold (first call), warm (again, fresh work arrays), and warm with an AnalysisScratch
  // (work arrays reused, as a session does when it recomputes after an edit).
  let scratch: AnalysisScratch | undefined;
  const phases: [string, () => unknown][] = [
    ['simulate', () => (sim = simulate(g))],
    ['findCycles', () => (cycles = findCycles(g, undefined, scratch))],
    ['computeDominators', () => (dom = computeDominators(g, undefined, scratch))],
    ['histogram', () => histogram(g, { dominators: dom, scratch })],
  ];
  const warm = new Map<string, [number, number]>();
  for (const round of ['cold', 'warm', 'warm+scratch', 'warm+scratch']) {
    if (round === 'warm+scratch') scratch ??= new AnalysisScratch();
    for (const [name, fn] of phases) {
      const [, wall, cpu] = time(fn);
      if (round === 'warm') warm.set(name, [wall, cpu]);
      if (round === 'warm+scratch') warm.set(`${name}+scratch`, [wall, cpu]);
      ctx.report(`${name} (${round})`, `${wall.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU`);
    }
  }
  const sum = (names: string[], k: 0 | 1): number => names.reduce((a, n) => a + (warm.get(n)?.[k] ?? 0), 0);
  const core = ['simulate', 'findCycles', 'computeDominators'];
  ctx.report('TOTAL simulate + findCycles + computeDominators (warm)', `${sum(core, 0).toFixed(1)} ms wall, ${sum(core, 1).toFixed(1)} ms CPU (target <= 1500)`);
  const coreScratch = ['simulate', 'findCycles+scratch', 'computeDominators+scratch'];
  ctx.report('TOTAL simulate + findCycles + computeDominators (warm, scratch)', `${sum(coreScratch, 0).toFixed(1)} ms wall, ${sum(coreScratch, 1).toFixed(1)} ms CPU (target <= 1500)`);
  const mine = ['findCycles', 'computeDominators', 'histogram'];
  ctx.report('analyses: findCycles + computeDominators + histogram (warm)', `${sum(mine, 0).toFixed(1)} ms wall, ${sum(mine, 1).toFixed(1)} ms CPU`);
  const mineScratch = mine.map((m) => `${m}+scratch`);
  ctx.report('analyses with scratch (warm)', `${sum(mineScratch, 0).toFixed(1)} ms wall, ${sum(mineScratch, 1).toFixed(1)} ms CPU`);
  if (sim) ctx.report('verdict', `collect=${sim.collect} garbage=${sim.garbage.length} uncollectable=${sim.uncollectable.length}`);
  if (cycles) ctx.report('cycles', cycles.count);
  if (dom) ctx.report('reachable from roots', dom.reachableCount ?? 0);
  if (cycles && dom) {
    const [, wall] = time(() => cycleSummaries(g, cycles!, { dominators: dom, fates: sim?.fates, count: 1000 }));
    ctx.report('cycleSummaries (first 1,000)', wall, 'ms');
  }

  // Queries on the deepest object of the dominator forest.
  const deep = dom ? deepestNode(dom.treeParent ?? dom.idom) : 0;
  const [path, pathMs] = time(() => shortestRetainerPath(g, deep));
  ctx.report(`shortestRetainerPath (path length ${path ? path.edges.length : 'none'})`, pathMs, 'ms');
  const [cut, cutMs] = time(() => minimumCut(g, deep));
  ctx.report(`minimumCut (${cut.status}, size ${cut.size}, ${cut.ancestors} ancestors)`, cutMs, 'ms');

  const history = new EditHistory(g);
  history.result(); // the baseline simulation, computed once when a session opens
  const edit = typicalEdit(g);
  try {
    const [delta, editWall, editCpu] = time(() => history.apply(edit));
    ctx.report('one what-if edit (EditHistory.apply)', `${editWall.toFixed(1)} ms wall, ${editCpu.toFixed(1)} ms CPU (target <= 100)`);
    ctx.report('  its delta', delta.summary);
    const o = history.overlay();
    scratch ??= new AnalysisScratch();
    const [, cyWall, cyCpu] = time(() => findCycles(g, o, scratch));
    const [, doWall, doCpu] = time(() => computeDominators(g, o, scratch));
    ctx.report('  analyses after the edit: findCycles + computeDominators (overlay, scratch)', `${(cyWall + doWall).toFixed(1)} ms wall, ${(cyCpu + doCpu).toFixed(1)} ms CPU`);
    const [, undoWall] = time(() => history.undo());
    ctx.report('undo', undoWall, 'ms');
  } catch (err) {
    ctx.report('one what-if edit (EditHistory.apply)', `failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The node with the most dominator-tree ancestors (O(n) with a depth array in parent order). */
function deepestNode(parent: Int32Array): number {
  const n = parent.length;
  const depth = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  let best = 0;
  for (let v = 0; v < n; v++) {
    let sp = 0;
    let x = v;
    while (x >= 0 && depth[x] < 0) {
      stack[sp++] = x;
      x = parent[x];
    }
    let d = x >= 0 ? depth[x] : -1;
    while (sp > 0) depth[stack[--sp]] = ++d;
    if (depth[v] > depth[best]) best = v;
  }
  return best;
}
