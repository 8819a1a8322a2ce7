/**
 * Fork capture against the proof suite (issue #11 item 2): harness.py dumps every scenario's heap
 * twice at the same checkpoint, in-process and by fork (dump(fork=True, wait=True)); the tracked
 * objects of the two dumps must have the same refcounts, and heapscope's prediction of gc.collect()
 * from the fork dump must equal the one from the in-process dump (which proof.test.ts holds against
 * real CPython). Normal mode only, one interpreter per supported line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDump } from '../../electron/engine/formats/index.js';
import { NodeFlag } from '../../electron/engine/model/HeapGraph.js';
import { type Interpreter, interpreters } from './interpreters.js';
import { type HarnessRun, limited, predict, readReality, runHarness, scenarioNames } from './scenarioRunner.js';

const names = scenarioNames();
const pythons = interpreters().filter((p) => ['2.7', '3.8', '3.11', '3.13'].includes(p.short));
const outRoot = mkdtempSync(join(tmpdir(), 'heapscope-fork-proof-'));
const gate = limited<HarnessRun>(2);
const runs = new Map<string, Promise<HarnessRun>>();
const runFor = (py: Interpreter): Promise<HarnessRun> => {
  let r = runs.get(py.version);
  if (!r) {
    r = gate(() => runHarness(py, names, outRoot, ['normal'], ['--fork-dumps']));
    runs.set(py.version, r);
  }
  return r;
};
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe.each(pythons.map((p) => [p.short, p] as const))('CPython %s', (_short, py) => {
  it('runs every scenario with both dumps', async () => {
    const run = await runFor(py);
    expect(run.code, run.log).toBe(0);
  }, 900_000);

  it.each(names)('%s: the fork dump has the in-process refcounts and the same prediction', async (scenario) => {
    const run = await runFor(py);
    const reality = readReality(run.outDir, scenario, 'normal')!;
    const inproc = await loadDump(reality.dump);
    const forked = await loadDump(join(run.outDir, `${scenario}.fork.jsonl`));
    expect((forked.graph.header.raw as { capture?: unknown }).capture).toMatchObject({ method: 'fork' });
    const gi = inproc.graph;
    const gf = forked.graph;
    const differ: string[] = [];
    for (let n = 0; n < gi.nodeCount; n++) {
      const m = gf.index.get(gi.addresses[n]);
      const type = gi.strings.get(gi.typeIds[n]);
      // threading's own at-fork handler resets its locks in the child (README: fork capture).
      // Tracked objects only: the at-fork handlers of the stdlib also move a few references to
      // interned strings and None in the child; the verdicts below do not depend on those.
      if (m < 0 || type.startsWith('_thread.') || (gi.flags[n] & NodeFlag.Tracked) === 0) continue;
      if (gi.refcounts[n] !== gf.refcounts[m]) differ.push(`${type}@0x${gi.addresses[n].toString(16)}: ${gi.refcounts[n]} vs ${gf.refcounts[m]}`);
    }
    // 2.7's threading locks are Python objects (threading._RLock): its at-fork handler rebuilds
    // the ones logging holds, moving references to their class and methods in the child.
    if (!(py.short === '2.7' && scenario === 'logging_handler_cycle')) expect(differ).toEqual([]);
    const a = await predict(reality, async () => gi);
    const b = await predict({ ...reality, dump: join(run.outDir, `${scenario}.fork.jsonl`) }, async () => gf);
    expect(b.result.collect).toBe(a.result.collect);
    const addrs = (g: typeof gi, nodes: ArrayLike<number>): number[] => Array.from(nodes, (n) => g.addresses[n]).sort((x, y) => x - y);
    expect(addrs(gf, b.result.garbage)).toEqual(addrs(gi, a.result.garbage));
    expect(addrs(gf, b.result.collectable)).toEqual(addrs(gi, a.result.collectable));
    expect(addrs(gf, b.result.uncollectable)).toEqual(addrs(gi, a.result.uncollectable));
    expect(addrs(gf, b.result.freedByRefcount)).toEqual(addrs(gi, a.result.freedByRefcount));
  }, 900_000);
});
