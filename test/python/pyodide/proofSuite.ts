/**
 * The proof suite (proof.test.ts) against CPython running in Pyodide: one Pyodide per version and
 * test file, every scenario in both modes (plain and DEBUG_SAVEALL), the same comparison as
 * natively (scenarioRunner.ts `verify`). A scenario that cannot run in WebAssembly is listed in
 * `pyodideSkips` with the reason, and its tests are reported as skipped under that reason.
 * HEAPSCOPE_SCENARIOS (comma-separated names) narrows the run, as natively.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HarnessRun, describeMismatch, modes, predict, readGcStderr, readReality, scenarioNames, verify } from '../scenarioRunner.js';
import { type PyodideInterpreter, runPyodideHarness } from './pyodideHarness.js';

/** Scenarios that cannot run in Pyodide, with the reason (none so far: no scenario uses threads, fork or subprocesses). */
export const pyodideSkips: Readonly<Record<string, string>> = {};

export function describePyodideProof(spec: PyodideInterpreter): void {
  const only = process.env.HEAPSCOPE_SCENARIOS?.split(',').filter(Boolean);
  const all = scenarioNames().filter((s) => !only || only.includes(s));
  const names = all.filter((s) => !(s in pyodideSkips));
  const outRoot = mkdtempSync(join(tmpdir(), `heapscope-proof-${spec.pkg}-`));
  const tally = { pass: 0, fail: 0, failures: [] as string[], seconds: 0 };
  let run: Promise<HarnessRun> | undefined;
  const runOnce = (): Promise<HarnessRun> => (run ??= runPyodideHarness(spec, names, outRoot));

  afterAll(async () => {
    tally.seconds = (await runOnce()).seconds;
    mkdirSync('test-results', { recursive: true });
    writeFileSync(`test-results/python-proof-${spec.pkg}.json`, `${JSON.stringify({ scenarios: names.length, skipped: pyodideSkips, ...tally }, null, 2)}\n`);
    if (!process.env.HEAPSCOPE_KEEP_PROOF) rmSync(outRoot, { recursive: true, force: true });
  });

  describe(`CPython ${spec.short} in Pyodide (${spec.pkg})`, () => {
    it('boots and runs every scenario to completion', async () => {
      const r = await runOnce();
      expect(r.interpreter.short).toBe(spec.short);
      expect(r.code, r.log).toBe(0);
    }, 1_800_000);

    for (const scenario of all) {
      for (const mode of modes) {
        const title = `${scenario} [${mode}]: prediction equals gc.collect()`;
        const skip = pyodideSkips[scenario];
        if (skip) {
          it.skip(`${title} — skipped in Pyodide: ${skip}`, () => {});
          continue;
        }
        it(title, async () => {
          const r = await runOnce();
          const reality = readReality(r.outDir, scenario, mode);
          if (!reality) {
            tally.fail++;
            expect.fail(`harness produced no result for ${scenario} [${mode}]:\n${r.log}`);
            return;
          }
          const prediction = await predict(reality);
          const diffs = verify(prediction, reality, readGcStderr(r.outDir, scenario, mode));
          const message = describeMismatch(prediction, reality, diffs);
          if (diffs.length === 0) tally.pass++;
          else {
            tally.fail++;
            tally.failures.push(message);
          }
          expect(diffs, message).toEqual([]);
        }, 1_800_000);
      }
    }
  });
}
