/**
 * The seed article ("Memory leakage of python and analysis of GC module usage"): its two examples,
 * made print-compatible (scenarios/seed_*.py), run under real CPython with the real dumper. The
 * article's numbers must come out of both the interpreter and heapscope's simulation of the dump:
 *   2.7: self-cycle 2 unreachable / 1 in gc.garbage, two objects 4 / 2 (DEBUG_SAVEALL: 2/2, 4/4)
 *   3.4 – 3.10: 2/0 and 4/0; 3.11+: 1/0 and 2/0 (no __dict__ objects)
 *   test_code_4 (`_b._a = None` first): 0, everything freed by reference counting.
 * It also replays test_code_4 as a what-if edit on the cycle's dump, and holds the lines
 * `heapscope analyze --debug LEAK` prints against the lines CPython's gc printed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../../electron/engine/gc/simulate.js';
import { rulesForVersion } from '../../electron/engine/gc/rules.js';
import { buildOverlay } from '../../electron/engine/whatif/overlay.js';
import { typeName } from '../../electron/engine/model/HeapGraph.js';
import { debugLines, leakFlags } from '../../electron/cli/gcDebug.js';
import { type Interpreter, interpreters, missingRequired } from './interpreters.js';
import { type HarnessRun, type Mode, limited, parseGcDebug, predict, readGcStderr, readReality, releaseEdits, runHarness } from './scenarioRunner.js';

const seeds = ['seed_self_cycle', 'seed_two_cycle', 'seed_broken_cycle'];
const outRoot = mkdtempSync(join(tmpdir(), 'heapscope-seed-'));
const gate = limited<HarnessRun>(2);
const found = interpreters();
const runs = new Map(found.map((i) => [i.version, gate(() => runHarness(i, seeds, outRoot))]));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

/** [gc.collect(), len(gc.garbage)] the article's scripts give on this interpreter. */
function expected(i: Interpreter, scenario: string, mode: Mode): [number, number] {
  const [major, minor] = i.short.split('.').map(Number);
  if (scenario === 'seed_broken_cycle') return [0, 0];
  const perObject = major === 3 && minor >= 11 ? 1 : 2;
  const n = (scenario === 'seed_self_cycle' ? 1 : 2) * perObject;
  if (mode === 'saveall') return [n, n];
  return [n, major < 3 ? n / 2 : 0];
}

it('has CPython 2.7, 3.8 and 3.11 to check the article against', () => {
  expect(missingRequired()).toEqual([]);
});

for (const interp of found) {
  describe(`the seed article on CPython ${interp.version}`, () => {
    for (const scenario of seeds) {
      for (const mode of ['normal', 'saveall'] as const) {
        const [collect, garbage] = expected(interp, scenario, mode);
        it(`${scenario} [${mode}]: CPython and heapscope both say ${collect}/${garbage}`, async () => {
          const run = await runs.get(interp.version)!;
          const reality = readReality(run.outDir, scenario, mode);
          expect(reality, run.log).toBeDefined();
          expect([reality!.collect, reality!.garbage.length], 'real CPython').toEqual([collect, garbage]);
          const { result, graph } = await predict(reality!);
          expect([result.collect, result.garbage.length], 'heapscope').toEqual([collect, garbage]);
          if (scenario === 'seed_broken_cycle') {
            const instances = Array.from(result.freedByRefcount).filter((n) => typeName(graph, n).startsWith('__main__.CGcLeak'));
            expect(instances).toHaveLength(2);
          }
        }, 600_000);
      }
    }

    it('prints the same gc debug lines as CPython (DEBUG_LEAK)', async () => {
      const run = await runs.get(interp.version)!;
      const reality = readReality(run.outDir, 'seed_two_cycle', 'saveall');
      expect(reality, run.log).toBeDefined();
      const { graph, result } = await predict(reality!);
      const real = parseGcDebug(readGcStderr(run.outDir, 'seed_two_cycle', 'saveall')).lines;
      const ours = debugLines(graph, result, leakFlags(graph.header.python.major));
      expect([...ours].sort()).toEqual([...real].sort());
      expect(real.length).toBeGreaterThan(0);
    }, 600_000);

    it('breaking _b._a as a what-if edit frees the cycle by reference counting (test_code_4)', async () => {
      const run = await runs.get(interp.version)!;
      const reality = readReality(run.outDir, 'seed_two_cycle', 'normal');
      expect(reality, run.log).toBeDefined();
      const { graph } = await predict(reality!);
      const [a, b] = reality!.locals.map((addr) => graph.index.get(addr));
      // _b._a lives in B's __dict__ (≤ 3.10) or inline in B (3.11+): the referrer of A that B reaches.
      const bHolds = new Set([b]);
      for (let e = graph.firstOutEdge[b]; e < graph.firstOutEdge[b + 1]; e++) bHolds.add(graph.edgeTargets[e]);
      let holder = -1;
      for (let i = graph.firstInEdge[a]; i < graph.firstInEdge[a + 1]; i++) {
        const src = graph.edgeSources[graph.inEdges[i]];
        if (bHolds.has(src) && typeName(graph, src) !== 'frame') holder = src;
      }
      expect(holder).toBeGreaterThanOrEqual(0);
      const edits = [{ kind: 'drop-ref' as const, source: graph.addresses[holder], target: graph.addresses[a] }, ...releaseEdits(graph, reality!)];
      const result = simulate(graph, { rules: rulesForVersion(graph.header.python), overlay: buildOverlay(graph, edits) });
      expect([result.collect, result.garbage.length]).toEqual([0, 0]);
      expect(Array.from(result.freedByRefcount)).toEqual(expect.arrayContaining([a, b]));
    }, 600_000);
  });
}
