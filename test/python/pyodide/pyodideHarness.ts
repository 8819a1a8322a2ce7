/**
 * CPython in WebAssembly (Pyodide) as a real interpreter for the proof suite: boots one Pyodide,
 * mounts the checkout and the output folder at their own host paths (NODEFS, so the dumps it
 * writes are files `predict` reads as they are), and runs pyodide_harness.py's `run_one` once per
 * scenario and mode, letting Node's event loop run between them. Start at `runPyodideHarness`.
 *
 * Pyodide is a 32-bit Emscripten build without threads, fork or subprocesses; ctypes works (4-byte
 * pointers). `pyodideInterpreters` lists the packages installed as npm aliases.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Interpreter } from '../interpreters.js';
import { type HarnessRun, type Mode, modes, scenarioDir } from '../scenarioRunner.js';

export interface PyodideInterpreter {
  /** The npm package (an alias of a pyodide release): "pyodide314". */
  pkg: string;
  /** The CPython it embeds, as sys.version_info reports it: "3.14" (checked at boot). */
  short: string;
}

/** Installed as devDependencies (package.json): pyodide@314.0.8 = CPython 3.14.2, pyodide@315.0.0-alpha.2 = 3.15.0rc1. */
export const pyodideInterpreters: readonly PyodideInterpreter[] = [
  { pkg: 'pyodide314', short: '3.14' },
  { pkg: 'pyodide315', short: '3.15' },
];

const here = import.meta.dirname;
const repoRoot = resolve(here, '../../..');

interface Booted {
  py: Awaited<ReturnType<typeof import('pyodide314').loadPyodide>>;
  interpreter: Interpreter;
  log: string[];
}

/** Boots one Pyodide with the checkout and `outDir` mounted; the Interpreter names its real version. */
export async function bootPyodide(spec: PyodideInterpreter, outDir: string): Promise<Booted> {
  const mod = (await import(spec.pkg)) as typeof import('pyodide314');
  const log: string[] = [];
  const py = await mod.loadPyodide({
    env: { PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' },
    stdout: (s) => log.push(s),
    stderr: (s) => log.push(s),
  });
  for (const dir of [repoRoot, outDir]) {
    py.FS.mkdirTree(dir);
    py.FS.mount(py.FS.filesystems.NODEFS, { root: dir }, dir);
  }
  const version = String(py.runPython('import sys; "%d.%d.%d" % sys.version_info[:3]'));
  return { py, log, interpreter: { short: version.split('.').slice(0, 2).join('.'), version, path: `${spec.pkg} (Pyodide)` } };
}

/** Like scenarioRunner's runHarness, inside Pyodide; never rejects (a failure is in code and log). */
export async function runPyodideHarness(spec: PyodideInterpreter, scenarios: readonly string[], outRoot: string, runModes: readonly Mode[] = modes): Promise<HarnessRun> {
  const outDir = join(outRoot, spec.pkg);
  mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  let booted: Booted | undefined;
  try {
    booted = await bootPyodide(spec, outDir);
    const { py, log, interpreter } = booted;
    if (interpreter.short !== spec.short) throw new Error(`${spec.pkg} runs CPython ${interpreter.version}, expected ${spec.short}`);
    py.runPython(`import sys; sys.path[:0] = [${JSON.stringify(join(repoRoot, 'electron/engine/formats/heapscope'))}, ${JSON.stringify(here)}, ${JSON.stringify(join(here, '..'))}]`);
    const harness = py.pyimport('pyodide_harness');
    harness.warm_up(outDir);
    let failed = 0;
    for (const scenario of scenarios) {
      for (const mode of runModes) {
        const failure = String(harness.run_one(join(scenarioDir, `${scenario}.py`), outDir, mode));
        if (failure) {
          failed++;
          log.push(`FAILED ${scenario} [${mode}]\n${failure}`);
        }
        await new Promise((r) => setImmediate(r));
      }
    }
    harness.destroy();
    return { interpreter, outDir, code: failed ? 1 : 0, log: log.join('\n'), seconds: (Date.now() - started) / 1000 };
  } catch (e) {
    const interpreter = booted?.interpreter ?? { short: spec.short, version: spec.short, path: spec.pkg };
    return { interpreter, outDir, code: -1, log: `${booted?.log.join('\n') ?? ''}\n${String(e)}`, seconds: (Date.now() - started) / 1000 };
  }
}
