/**
 * A process compared with itself shows no growth (issues #14, #11): a sleeping CPython target
 * captured by attach three times (fork, the default, and in place), and a program that dumps
 * itself three times with nothing changing in between. `diff` (the engine's compareDumps) of dump
 * 1 → 2 and of 2 → 3 must report no new object of any type, but for the few named in `expected`.
 * The dumper's leftovers this catches: its code's co_localsplusnames (3.11+), its classes'
 * ht_slots and subclass-table keys, the attach stub (code, parser arena, __warningregistry__), the
 * boot file's globals and status file, and its own imports read as the program's from dump 2 on.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpreter } from './interpreters.js';
import { loadDump } from '../../electron/engine/formats/index.js';
import { compareDumps } from '../../electron/engine/compare/compareDumps.js';
import type { ComparedDump } from '../../electron/engine/compare/relation.js';
import { captureProcess } from '../../electron/capture/capture.js';
import { startTarget } from '../capture/targets.js';

const root = join(import.meta.dirname, '../..');
const dumperDir = join(root, 'electron/engine/formats/heapscope');
const dumperSource = readFileSync(join(dumperDir, 'heapscope_dump.py'), 'utf8');
const versions = ['2.7', '3.8', '3.11', '3.13'];
const tmp = mkdtempSync(join(tmpdir(), 'heapscope-series-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function open(path: string): Promise<ComparedDump> {
  const d = await loadDump(path);
  return { graph: d.graph, name: path, contentHash: d.contentHash };
}

/** Types with new objects from one dump to the next (after a simulated collection, as `diff`). */
async function newTypes(files: string[]): Promise<Record<string, number>[]> {
  const dumps = await Promise.all(files.map(open));
  const out: Record<string, number>[] = [];
  for (let i = 0; i + 1 < dumps.length; i++) {
    const c = compareDumps(dumps[i], dumps[i + 1]);
    expect(c.relation.kind).toBe('identity');
    out.push(Object.fromEntries(c.types.filter((t) => t.new > 0).map((t) => [t.type, t.new])));
  }
  return out;
}

/** The named exceptions. Fork capture: the dump is taken in a child, after the at-fork handlers
 *  ran there, so (3.7+) threading's handler has given the child fresh locks (`_active_limbo_lock`,
 *  `_shutdown_locks_lock`), and (3.13) the frame object the dump makes to record the main thread's
 *  stack (flag `mk`) is made in the child, a new one each time (in place it is made once and stays;
 *  3.11 and 3.12 already made it in the parent on the first dump). Nothing else, in any mode. */
function expected(v: string, mode: 'fork' | 'in place' | 'in-process'): Record<string, number> {
  const [major, minor] = v.split('.').map(Number);
  if (mode !== 'fork' || major === 2) return {};
  const locks = minor >= 7 ? { '_thread.RLock': 1, '_thread.lock': 1 } : {};
  return minor >= 13 ? { ...locks, frame: 1 } : locks;
}

function run(python: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { maxBuffer: 16 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${python} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

for (const v of versions) {
  const py = interpreter(v);
  describe(`CPython ${v} compared with itself`, () => {
    it('is installed', () => expect(py, `CPython ${v} is missing`).toBeDefined());
    if (!py) return;
    for (const mode of ['fork', 'in place'] as const) {
      it(`attach (${mode}): three captures of a sleeping target, no new object 1 → 2 nor 2 → 3`, async () => {
        const t = await startTarget(py.path, 'sleep');
        try {
          const files: string[] = [];
          for (let n = 1; n <= 3; n++) {
            const out = join(tmp, `attach-${v}-${mode === 'fork' ? 'fork' : 'inplace'}-${n}.jsonl.gz`);
            await captureProcess(t.child.pid ?? 0, { out, dumperSource, fork: mode === 'fork', safePointTimeoutMs: 30_000 });
            files.push(out);
          }
          expect(await newTypes(files)).toEqual([expected(v, mode), expected(v, mode)]);
          expect(t.stderr()).toBe('');
        } finally {
          t.stop();
        }
      }, 180_000);
    }

    it('in-process: a program dumping itself three times, no new object 1 → 2 nor 2 → 3', async () => {
      const got = JSON.parse(await run(py.path, [join(import.meta.dirname, 'compare-programs/steady.py'), dumperDir, join(tmp, `inproc-${v}`)])) as { files: string[] };
      expect(await newTypes(got.files)).toEqual([expected(v, 'in-process'), expected(v, 'in-process')]);
    }, 120_000);
  });
}
