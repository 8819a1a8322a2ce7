/**
 * Runs harness.py (one process per interpreter, a forked child per scenario and mode) and holds
 * heapscope's prediction against what CPython really did. Start at `runHarness` (reality) and
 * `verify` (prediction vs reality).
 *
 * The release the harness performed is replayed as what-if edits on the dump:
 *   - `del G[name]` for a module-level name  -> drop-ref from the scenario's module dict;
 *   - `run(checkpoint)` returning             -> on <= 3.10 its frames are objects in the dump:
 *     drop every outside reference of those frames; where they are not dumped (3.11+), drop one
 *     outside reference per checkpointed local;
 *   - EFFECTS                                 -> declared finalizer effects.
 * Comparisons are over the objects the dump records as tracked (the harness can only observe
 * those): gc.collect()'s value, gc.garbage's members, the DEBUG_COLLECTABLE and
 * DEBUG_UNCOLLECTABLE sets (parsed from gc's real stderr) and the very lines gc printed (against
 * `heapscope analyze --debug`), the objects freed by reference counting on release and those freed
 * by the collector, and weakref callbacks that ran.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadDump } from '../../electron/engine/formats/index.js';
import { simulate } from '../../electron/engine/gc/simulate.js';
import { rulesForVersion } from '../../electron/engine/gc/rules.js';
import type { SimulationResult } from '../../electron/engine/gc/types.js';
import { buildOverlay, outsideReferences } from '../../electron/engine/whatif/overlay.js';
import type { Edit } from '../../electron/engine/whatif/types.js';
import { type HeapGraph, NodeFlag } from '../../electron/engine/model/HeapGraph.js';
import type { Interpreter } from './interpreters.js';
import { DebugFlag, debugLines } from '../../electron/cli/gcDebug.js';

const here = import.meta.dirname;
export const scenarioDir = join(here, 'scenarios');
export const dumperDir = join(here, '../../electron/engine/formats/heapscope');
export const modes = ['normal', 'saveall'] as const;
export type Mode = (typeof modes)[number];

export function scenarioNames(): string[] {
  return readdirSync(scenarioDir)
    .filter((f) => f.endsWith('.py'))
    .map((f) => basename(f, '.py'))
    .sort();
}

/** What harness.py recorded for one scenario and mode (NAME.MODE.json). */
export interface Reality {
  scenario: string;
  mode: Mode;
  python: string;
  dump: string;
  namespace: number;
  release: number[];
  releaseNames: string[];
  locals: number[];
  frames: number[];
  effects: [number, 'none' | 'resurrect' | 'drop-refs'][];
  collect: number;
  garbage: number[];
  freedByRefcount: number[];
  freedByCollector: number[];
  callbacks: number[] | null;
  /** Objects os.fork() itself freed in the DEBUG_SAVEALL child (left out of the comparison). */
  forkFreed: number[];
}

export interface HarnessRun {
  interpreter: Interpreter;
  outDir: string;
  code: number;
  log: string;
  seconds: number;
}

/** Runs the harness for some scenarios under one interpreter; never rejects. */
export function runHarness(interpreter: Interpreter, scenarios: readonly string[], outRoot: string, runModes: readonly Mode[] = modes, extra: readonly string[] = []): Promise<HarnessRun> {
  const outDir = join(outRoot, interpreter.version);
  mkdirSync(outDir, { recursive: true });
  const args = [join(here, 'harness.py'), '--dumper', dumperDir, '--out', outDir, '--modes', runModes.join(','), ...extra, ...scenarios.map((s) => join(scenarioDir, `${s}.py`))];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(interpreter.path, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' } });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const done = (code: number): void => resolve({ interpreter, outDir, code, log, seconds: (Date.now() - started) / 1000 });
    child.on('error', (e) => {
      log += String(e);
      done(-1);
    });
    child.on('close', (code) => done(code ?? -1));
  });
}

/** Runs tasks with at most `limit` at a time (2 cores are shared). */
export function limited<T>(limit: number): (task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active >= limit) await new Promise<void>((r) => waiting.push(r));
    active++;
    try {
      return await task();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

export function readReality(outDir: string, scenario: string, mode: Mode): Reality | undefined {
  const file = join(outDir, `${scenario}.${mode}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Reality) : undefined;
}

export function readGcStderr(outDir: string, scenario: string, mode: Mode): string {
  const file = join(outDir, `${scenario}.${mode}.stderr`);
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** gc's own DEBUG_COLLECTABLE / DEBUG_UNCOLLECTABLE lines: "gc: collectable <dict 0x7f…>". */
export function parseGcDebug(stderr: string): { collectable: number[]; uncollectable: number[]; lines: string[] } {
  const collectable: number[] = [];
  const uncollectable: number[] = [];
  const lines: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^gc: (collectable|uncollectable) <.* (?:at )?(0x[0-9a-f]+)>$/.exec(line);
    if (!m) continue;
    lines.push(line);
    (m[1] === 'collectable' ? collectable : uncollectable).push(Number.parseInt(m[2].slice(2), 16));
  }
  return { collectable, uncollectable, lines };
}

/** The harness's release as what-if edits on the dump (see the file header). */
export function releaseEdits(graph: HeapGraph, reality: Reality): Edit[] {
  const edits: Edit[] = [];
  const dumpedFrames = reality.frames.filter((a) => graph.index.get(a) >= 0);
  if (dumpedFrames.length > 0) {
    for (const a of dumpedFrames) {
      const count = outsideReferences(graph, graph.index.get(a));
      if (count > 0) edits.push({ kind: 'drop-external', address: a, count });
    }
  } else {
    for (const a of reality.locals) edits.push({ kind: 'drop-external', address: a, count: 1 });
  }
  for (const target of reality.release) edits.push({ kind: 'drop-ref', source: reality.namespace, target });
  for (const [address, effect] of reality.effects) edits.push({ kind: 'finalizer-effect', address, effect });
  return edits;
}

export interface Prediction {
  graph: HeapGraph;
  result: SimulationResult;
  edits: Edit[];
}

/** Loads a dump's graph; pass a caching one to share a dump between its two modes. */
export type GraphLoader = (path: string) => Promise<HeapGraph>;
const loadGraph: GraphLoader = async (path) => (await loadDump(path)).graph;

export async function predict(reality: Reality, load: GraphLoader = loadGraph): Promise<Prediction> {
  const graph = await load(reality.dump);
  const edits = releaseEdits(graph, reality);
  const result = simulate(graph, { rules: rulesForVersion(graph.header.python), saveAll: reality.mode === 'saveall', overlay: buildOverlay(graph, edits) });
  return { graph, result, edits };
}

/** One side-by-side comparison; `verify` returns the ones that differ. */
export interface Check {
  what: string;
  predicted: unknown;
  real: unknown;
}

const sorted = (xs: Iterable<number>): number[] => Array.from(xs).sort((a, b) => a - b);

/** Prediction vs reality; an empty list means heapscope was right on every count. */
export function verify(p: Prediction, reality: Reality, stderr: string): Check[] {
  const { graph, result } = p;
  const tracked = new Set<number>();
  for (let n = 0; n < graph.nodeCount; n++) if (graph.flags[n] & NodeFlag.Tracked) tracked.add(graph.addresses[n]);
  for (const a of reality.forkFreed ?? []) tracked.delete(a);
  const addrs = (nodes: ArrayLike<number>): number[] => sorted(Array.from(nodes, (n) => graph.addresses[n]));
  const onlyTracked = (xs: Iterable<number>): number[] => sorted(Array.from(xs).filter((a) => tracked.has(a)));
  const debug = parseGcDebug(stderr);
  const checks: Check[] = [
    { what: 'gc.collect()', predicted: result.collect, real: reality.collect },
    { what: 'gc.garbage', predicted: addrs(result.garbage), real: sorted(reality.garbage) },
    { what: 'DEBUG_COLLECTABLE', predicted: addrs(result.collectable), real: sorted(debug.collectable) },
    { what: 'DEBUG_UNCOLLECTABLE', predicted: addrs(result.uncollectable), real: sorted(debug.uncollectable) },
    { what: 'freed by refcount (tracked)', predicted: onlyTracked(addrs(result.freedByRefcount)), real: onlyTracked(reality.freedByRefcount) },
    { what: 'freed by the collector (tracked)', predicted: onlyTracked(addrs(result.freedByCollector)), real: onlyTracked(reality.freedByCollector) },
  ];
  // The lines `heapscope analyze --debug` prints must be the ones CPython printed (the harness's flags).
  const flags = DebugFlag.COLLECTABLE | DebugFlag.UNCOLLECTABLE | (graph.header.python.major < 3 ? DebugFlag.INSTANCES | DebugFlag.OBJECTS : 0);
  checks.push({ what: 'gc debug lines', predicted: debugLines(graph, result, flags).sort(), real: [...debug.lines].sort() });
  if (reality.callbacks) checks.push({ what: 'weakref callbacks', predicted: addrs(result.weakrefCallbacks), real: sorted(reality.callbacks) });
  return checks.filter((c) => JSON.stringify(c.predicted) !== JSON.stringify(c.real));
}

/** A readable account of the differences, with object types, for a failing test's message. */
export function describeMismatch(p: Prediction, reality: Reality, diffs: Check[]): string {
  const { graph } = p;
  const name = (a: number): string => {
    const n = graph.index.get(a);
    return n < 0 ? `0x${a.toString(16)}(not in dump)` : `${graph.strings.get(graph.typeIds[n])}@0x${a.toString(16)}`;
  };
  const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map((a: number) => name(a)).join(', ')}]` : String(v));
  const lines = [`${reality.scenario} [${reality.mode}] on CPython ${reality.python}:`];
  for (const d of diffs) {
    if (d.what === 'gc debug lines') {
      const pr = new Set(d.predicted as string[]);
      const re = new Set(d.real as string[]);
      lines.push(`  ${d.what}: not predicted ${JSON.stringify((d.real as string[]).filter((l) => !pr.has(l)))}; predicted wrongly ${JSON.stringify((d.predicted as string[]).filter((l) => !re.has(l)))}`);
    } else if (Array.isArray(d.predicted) && Array.isArray(d.real)) {
      const pr = new Set(d.predicted as number[]);
      const re = new Set(d.real as number[]);
      const missing = (d.real as number[]).filter((a) => !pr.has(a));
      const extra = (d.predicted as number[]).filter((a) => !re.has(a));
      lines.push(`  ${d.what}: predicted ${pr.size}, real ${re.size}; not predicted ${show(missing)}; predicted wrongly ${show(extra)}`);
    } else lines.push(`  ${d.what}: predicted ${show(d.predicted)}, real ${show(d.real)}`);
  }
  return lines.join('\n');
}
