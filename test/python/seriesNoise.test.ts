/**
 * A process compared with itself shows no growth (issues #14, #11): a sleeping CPython target
 * captured by attach three times (fork, the default, and in place), and a program that dumps
 * itself three times with nothing changing in between. `diff` (the engine's compareDumps) of dump
 * 1 → 2 and of 2 → 3 must report no new object of any type, but for the few named in `explained`.
 * The dumper's leftovers this catches: its code's co_localsplusnames (3.11+), its classes'
 * ht_slots and subclass-table keys, the attach stub (code, parser arena, __warningregistry__), the
 * boot file's globals and status file, and its own imports read as the program's from dump 2 on.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
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

interface Rec {
  a: number;
  t: string;
  e?: number[];
  l?: (string | null)[];
  r?: string;
  mk?: number;
}

function records(path: string): Map<number, Rec> {
  const text = (path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path)).toString('utf8');
  const out = new Map<number, Rec>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('{"a":')) continue;
    const r = JSON.parse(line) as Rec;
    out.set(r.a, r);
  }
  return out;
}

/** The named exceptions, fork capture only, by address in the later dump: the dump is taken in a
 *  child after the at-fork handlers ran there, so (3.7+) threading's handler has given the child
 *  fresh locks, the values of threading's `_active_limbo_lock` and `_shutdown_locks_lock`, and
 *  (3.11+) the frame object the dump makes to record the main thread's stack (flag `mk`) is made
 *  in the child, a new one each time (captured in place it is made once and stays). */
function explained(recs: Map<number, Rec>, mode: 'fork' | 'in place' | 'in-process'): Set<number> {
  const out = new Set<number>();
  if (mode !== 'fork') return out;
  for (const r of recs.values()) {
    if (r.t === 'frame' && r.mk === 1) out.add(r.a);
    if (r.t !== 'dict' || !r.e) continue;
    const name = r.e[(r.l ?? []).indexOf("['__name__']")];
    if (recs.get(name)?.r !== "'threading'") continue;
    r.e.forEach((e, i) => {
      if (/^\['_(active_limbo_lock|shutdown_locks_lock)'\]$/.test(r.l?.[i] ?? '') && /^_thread\./.test(recs.get(e)?.t ?? '')) out.add(e);
    });
  }
  return out;
}

/** The new objects from each dump to the next (after a simulated collection, as `diff`) that
 *  `explained` does not name, as "COUNT × TYPE: SIGNATURE" lines. */
async function unexplained(files: string[], mode: 'fork' | 'in place' | 'in-process'): Promise<string[][]> {
  const dumps = await Promise.all(files.map(open));
  const out: string[][] = [];
  for (let i = 0; i + 1 < dumps.length; i++) {
    const c = compareDumps(dumps[i], dumps[i + 1]);
    expect(c.relation.kind).toBe('identity');
    // Every new object is in one signature group: the groups account for the type table's `new`.
    expect(c.leaks.reduce((n, g) => n + g.count, 0)).toBe(c.types.reduce((n, t) => n + t.new, 0));
    const ok = explained(records(files[i + 1]), mode);
    out.push(
      c.leaks
        .map((g) => ({ g, n: g.objects.filter((a) => !ok.has(a)).length }))
        .filter((x) => x.n > 0)
        .map((x) => `${x.n} × ${x.g.type}: ${x.g.signature}`),
    );
  }
  return out;
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
          expect(await unexplained(files, mode)).toEqual([[], []]);
          expect(t.stderr()).toBe('');
        } finally {
          t.stop();
        }
      }, 180_000);
    }

    it('in-process: a program dumping itself three times, no new object 1 → 2 nor 2 → 3', async () => {
      const got = JSON.parse(await run(py.path, [join(import.meta.dirname, 'compare-programs/steady.py'), dumperDir, join(tmp, `inproc-${v}`)])) as { files: string[] };
      expect(await unexplained(got.files, 'in-process')).toEqual([[], []]);
    }, 120_000);
  });
}
