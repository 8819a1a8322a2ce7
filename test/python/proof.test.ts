/**
 * Proof against real CPython: every scenario in scenarios/ under every installed interpreter
 * (interpreters.ts), in both modes (plain and DEBUG_SAVEALL). For each, harness.py dumps the heap,
 * really releases the scenario's names and calls gc.collect(); heapscope replays the release as
 * what-if edits on the dump and must predict exactly what CPython did (scenarioRunner.ts `verify`).
 * Interpreters run as separate processes, two at a time. HEAPSCOPE_PYTHONS (interpreter paths) and
 * HEAPSCOPE_SCENARIOS (comma-separated names) narrow the run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Interpreter, interpreters, missingRequired, requiredVersions } from './interpreters.js';
import { loadDump } from '../../electron/engine/formats/index.js';
import type { HeapGraph } from '../../electron/engine/model/HeapGraph.js';
import { replayMismatches } from './replayCheck.js';
import { type HarnessRun, describeMismatch, limited, modes, predict, readGcStderr, readReality, runHarness, scenarioNames, verify } from './scenarioRunner.js';

const only = process.env.HEAPSCOPE_SCENARIOS?.split(',').filter(Boolean);
const names = scenarioNames().filter((s) => !only || only.includes(s));
const found = interpreters();
const outRoot = mkdtempSync(join(tmpdir(), 'heapscope-proof-'));
const gate = limited<HarnessRun>(2);
const runs = new Map<string, Promise<HarnessRun>>();
// Both modes of a scenario share one dump: load it once (the [normal] test runs first).
const graphs = new Map<string, Promise<HeapGraph>>();
const loadShared = (path: string): Promise<HeapGraph> => {
  let g = graphs.get(path);
  if (!g) {
    g = loadDump(path).then((d) => d.graph);
    graphs.set(path, g);
  } else graphs.delete(path);
  return g;
};
const tally = new Map<string, { pass: number; fail: number; failures: string[]; seconds: number }>();

function runFor(interp: Interpreter): Promise<HarnessRun> {
  let run = runs.get(interp.version);
  if (!run) {
    run = gate(() => runHarness(interp, names, outRoot));
    runs.set(interp.version, run);
  }
  return run;
}

// Start every interpreter now (two at a time); each test waits only for its own.
for (const interp of found) void runFor(interp);

const started = Date.now();

function record(interp: Interpreter, ok: boolean, failure?: string): void {
  const t = tally.get(interp.version) ?? { pass: 0, fail: 0, failures: [], seconds: 0 };
  if (ok) t.pass++;
  else {
    t.fail++;
    if (failure) t.failures.push(failure);
  }
  tally.set(interp.version, t);
  writeSummary();
}

function writeSummary(): void {
  const summary = {
    seconds: (Date.now() - started) / 1000,
    scenarios: names.length,
    missingRequired: missingRequired(),
    interpreters: Object.fromEntries(tally),
  };
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/python-proof.json', `${JSON.stringify(summary, null, 2)}\n`);
}

afterAll(async () => {
  for (const interp of found) {
    const t = tally.get(interp.version);
    if (t) t.seconds = (await runFor(interp)).seconds;
  }
  writeSummary();
  if (!process.env.HEAPSCOPE_KEEP_PROOF) rmSync(outRoot, { recursive: true, force: true });
});

describe('interpreters', () => {
  it(`has every required CPython (${requiredVersions.join(', ')}) installed`, () => {
    expect(missingRequired(), `missing interpreters: ${missingRequired().join(', ')} (install them with pyenv)`).toEqual([]);
  });

  it('has at least 30 scenario programs', () => {
    expect(scenarioNames().length).toBeGreaterThanOrEqual(30);
  });
});

for (const interp of found) {
  describe(`CPython ${interp.version}`, () => {
    it('runs every scenario to completion', async () => {
      const run = await runFor(interp);
      const t = tally.get(interp.version) ?? { pass: 0, fail: 0, failures: [], seconds: 0 };
      t.seconds = run.seconds;
      tally.set(interp.version, t);
      expect(run.code, run.log).toBe(0);
    }, 900_000);

    for (const scenario of names) {
      for (const mode of modes) {
        it(`${scenario} [${mode}]: prediction equals gc.collect()`, async () => {
          const run = await runFor(interp);
          const reality = readReality(run.outDir, scenario, mode);
          if (!reality) {
            record(interp, false, `${scenario} [${mode}]: harness produced no result`);
            expect.fail(`harness produced no result for ${scenario} [${mode}]:\n${run.log}`);
            return;
          }
          const prediction = await predict(reality, loadShared);
          const diffs = verify(prediction, reality, readGcStderr(run.outDir, scenario, mode));
          const message = describeMismatch(prediction, reality, diffs);
          record(interp, diffs.length === 0, diffs.length === 0 ? undefined : message);
          expect(diffs, message).toEqual([]);
          expect(replayMismatches(prediction, reality), 'step-by-step replay').toEqual([]);
        }, 900_000);
      }
    }
  });
}
