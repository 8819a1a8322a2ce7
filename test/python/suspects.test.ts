/**
 * Leak suspects against real CPython: programs with live leaks (test/python/leak-programs/) run
 * under 2.7, 3.8, 3.11 and 3.13 (those installed; the required ones must be), dumped at exit by
 * heapscope_dump.py's `run` mode. The leaking owner must be among the first three suspects, named
 * by its path, with the right count of the right type and at least the bytes the program made it
 * keep; the program without a leak must give no live suspect above the default 64 KiB.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDump } from '../../electron/engine/formats/index.js';
import { computeDominators } from '../../electron/engine/analysis/dominators.js';
import { simulate } from '../../electron/engine/gc/simulate.js';
import { rulesForVersion } from '../../electron/engine/gc/rules.js';
import { findSuspects } from '../../electron/engine/analysis/suspects/findSuspects.js';
import { pythonContext } from '../../electron/engine/analysis/suspects/pythonContext.js';
import { rootTree } from '../../electron/engine/analysis/suspects/rootTree.js';
import { mergedPaths } from '../../electron/engine/analysis/suspects/mergedPaths.js';
import { resolveType } from '../../electron/engine/analysis/suspects/typeNames.js';
import type { Suspect } from '../../electron/engine/analysis/suspects/types.js';
import type { HeapGraph } from '../../electron/engine/model/HeapGraph.js';
import { interpreter, missingRequired } from './interpreters.js';

const root = join(import.meta.dirname, '../..');
const dumper = join(root, 'electron/engine/formats/heapscope/heapscope_dump.py');
const programs = join(import.meta.dirname, 'leak-programs');
const versions = ['2.7', '3.8', '3.11', '3.13'];

interface Expectation {
  program: string;
  /** The owner's path ends with this (or matches it). */
  path: string | RegExp;
  kind: string;
  /** The top held group. */
  type: string | RegExp;
  count: number;
  minBytes: number;
  /** Oldest CPython the program runs on, [major, minor]. */
  since?: [number, number];
}

const KiB = 1024;
const expectations: Expectation[] = [
  { program: 'handler_tracebacks', path: '.recent.records', kind: 'traceback', type: 'logging.LogRecord', count: 11, minBytes: 11 * 64 * KiB },
  { program: 'lru_method_cache', path: '.Service.lookup', kind: 'cache', type: '__main__.Service', count: 30, minBytes: 30 * 32 * KiB, since: [3, 2] },
  { program: 'unbounded_method_cache', path: /\.Report\.render( → dict)?$/, kind: 'cache', type: '__main__.Report', count: 30, minBytes: 30 * 32 * KiB, since: [3, 2] },
  { program: 'callback_registry', path: '.bus.callbacks', kind: 'registry', type: /^(method|instancemethod)$/, count: 40, minBytes: 40 * 16 * KiB },
  { program: 'finished_threads', path: '.pool.workers', kind: 'registry', type: '__main__.Worker', count: 25, minBytes: 25 * 16 * KiB },
  { program: 'finished_tasks', path: '.scheduler.tasks', kind: 'registry', type: /Task$/, count: 30, minBytes: 30 * 16 * KiB, since: [3, 7] },
  { program: 'job_server', path: '.recent.records', kind: 'traceback', type: 'logging.LogRecord', count: 11, minBytes: 11 * 64 * KiB, since: [3, 2] },
  { program: 'job_server', path: '.Service.price', kind: 'cache', type: '__main__.Service', count: 33, minBytes: 33 * 16 * KiB, since: [3, 2] },
  { program: 'dict_of_lists', path: '.recorder.history', kind: 'accumulation', type: '__main__.Sample', count: 400, minBytes: 400 * 2 * KiB },
];

function run(python: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { cwd: root, timeout: 120_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } }, (err, _out, stderr) => {
      if (err) reject(new Error(`${python} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve();
    });
  });
}

function runsOn(since: [number, number] | undefined, version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return !since || major > since[0] || (major === since[0] && minor >= since[1]);
}

interface Analysed {
  graph: HeapGraph;
  suspects: Suspect[];
}

const tmp = mkdtempSync(join(tmpdir(), 'heapscope-suspects-'));
const results = new Map<string, Analysed>();
const installed = versions.filter((v) => interpreter(v));
const runs = installed.flatMap((v) =>
  [...new Set([...expectations.map((e) => e.program), 'no_leak'])].filter((p) => runsOn(expectations.find((e) => e.program === p)?.since, v)).map((p) => ({ v, p })),
);

async function analyse(v: string, program: string): Promise<void> {
  const out = join(tmp, `${program}-${v}.jsonl`);
  await run(interpreter(v)!.path, [dumper, 'run', join(programs, `${program}.py`), '--out', out]);
  const { graph } = await loadDump(out);
  const dominators = computeDominators(graph);
  const simulation = simulate(graph, { rules: rulesForVersion(graph.header.python) });
  results.set(`${program}@${v}`, { graph, suspects: findSuspects({ graph, dominators, simulation }) });
}

beforeAll(async () => {
  // Two at a time: the machine's two cores are shared.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < runs.length) {
      const { v, p } = runs[next++];
      await analyse(v, p);
    }
  };
  await Promise.all([worker(), worker()]);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('leak suspects on real CPython', () => {
  it('has the required interpreters', () => {
    expect(missingRequired()).toEqual([]);
  });

  const cases = runs.flatMap((r) => expectations.filter((e) => e.program === r.p).map((e) => ({ ...r, e, owner: String(e.path) })));
  it.each(cases)('$p on $v: the leaking owner $owner is among the first suspects with its count and bytes', ({ v, p, e }) => {
    const { suspects } = results.get(`${p}@${v}`)!;
    const found = suspects.slice(0, 3).find((s) => (typeof e.path === 'string' ? s.path?.endsWith(e.path) : e.path.test(s.path ?? '')));
    expect(found, `suspects: ${suspects.map((s) => `${s.kind} ${s.path}`).join('; ')}`).toBeDefined();
    expect(found!.path).toMatch(/^sys\.modules\['__main__'\]\./);
    expect(found!.kind).toBe(e.kind);
    const top = found!.holds[0];
    if (typeof e.type === 'string') expect(top.type).toBe(e.type);
    else expect(top.type).toMatch(e.type);
    expect(top.count).toBe(e.count);
    expect(top.bytes).toBeGreaterThanOrEqual(e.minBytes);
    expect(found!.retainedBytes).toBeGreaterThanOrEqual(top.bytes);
    expect(found!.held.length).toBe(e.count);
  });

  it.each(installed)('no_leak on %s: no live suspect above 64 KiB', (v) => {
    const { suspects } = results.get(`no_leak@${v}`)!;
    const live = suspects.filter((s) => s.kind !== 'uncollectable' && s.kind !== 'pending-garbage');
    expect(live.map((s) => `${s.kind} ${s.path} ${s.retainedBytes}`)).toEqual([]);
  });

  it.each(installed.filter((v) => runsOn([3, 2], v)))('job_server on %s: both leaks are the first two suspects and the headline counts them', (v) => {
    const { suspects } = results.get(`job_server@${v}`)!;
    expect(suspects.slice(0, 2).map((s) => s.kind).sort()).toEqual(['cache', 'traceback']);
  });

  it.each(installed)('handler_tracebacks on %s: the payloads merge into one path through the frames and the handler', (v) => {
    const { graph } = results.get(`handler_tracebacks@${v}`)!;
    const payload = resolveType(graph, 'Payload');
    if ('error' in payload) throw new Error(payload.error);
    expect(payload.nodes.length).toBe(11);
    const merged = mergedPaths(pythonContext(graph), rootTree(graph), computeDominators(graph), payload.nodes);
    expect(merged.branches).toHaveLength(1);
    const [branch] = merged.branches;
    expect(branch.count).toBe(11);
    expect(branch.retainedBytes).toBeGreaterThanOrEqual(11 * 64 * KiB);
    expect(branch.text).toMatch(/^11 × __main__\.Payload ← frame \(handle_job\)\.payload ← /);
    expect(branch.text).toContain('traceback');
    expect(branch.text).toContain('__main__.RecentErrorsHandler');
    expect(branch.text).toMatch(/sys\.modules\['__main__'\]$/);
  });
});
