/**
 * The running stack against a collection in another thread (issue #12 item 6), on CPython 3.11 –
 * 3.13, where the dumper points a private list at a running frame's slots with writes to
 * /proc/self/mem that release the GIL (dumper-programs/stack_gc_race.py).
 * - "split": each write lands one word at a time with a gc.collect() after each word, a
 *   collection at every point another thread could run. The one 16-byte write the dumper made
 *   before segfaulted here (list_traverse read a size with no items) on 3.11, 3.12 and 3.13.
 * - "threads": a real collector thread loops gc.collect() while the carrier is pointed at a
 *   worker's frame 100 times and 5 dumps are made; each must find the worker's untracked locals.
 *   This one never crashed, before the fix or after: the torn state lasts nanoseconds.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpreters } from './interpreters.js';

const root = join(import.meta.dirname, '../..');
const dumperDir = join(root, 'electron/engine/formats/heapscope');
const program = join(import.meta.dirname, 'dumper-programs/stack_gc_race.py');
const tmp = mkdtempSync(join(tmpdir(), 'heapscope-gcrace-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Result {
  dumps: number;
  found: Record<string, string>;
  tracked: boolean;
  collections: number;
  words: number;
  rounds: number;
  complete: number;
}

function run(python: string, args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    execFile(python, [program, dumperDir, ...args], { cwd: root, timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${python} ${args.join(' ')}: ${err.message} (signal ${String(err.signal)})\n${stderr}`));
      else resolve(JSON.parse(stdout.trim()) as Result);
    });
  });
}

/** serve()'s untracked locals and the str on its value stack: dumped and named. */
const everything = {
  tup: 'tup', s: 's', big: 'big', raw: 'raw', pending: '<value stack>',
  'tup:object': 'tuple', 's:object': 'str', 'big:object': 'int', 'raw:object': 'bytes', 'pending:object': 'str',
};

const versions = interpreters().filter((p) => ['3.11', '3.12', '3.13'].includes(p.short));

describe.each(versions.map((p) => [p.short, p] as const))('CPython %s', (short, py) => {
  it('a collection after every word the dumper writes finds the carrier consistent', async () => {
    const r = await run(py.path, [join(tmp, `split-${short}.jsonl`), 'split']);
    expect(r.tracked).toBe(false);
    expect(r.words).toBe(4); // two words pointing the carrier at serve()'s slots, two emptying it
    expect(r.collections).toBe(4);
    expect(r.found).toEqual(everything);
  }, 300_000);

  it('a thread collecting in a loop while the carrier is used 100 times and 5 dumps are made', async () => {
    const r = await run(py.path, [join(tmp, `threads-${short}.jsonl`), 'threads', '5']);
    expect(r.rounds).toBe(100);
    expect(r.complete).toBe(100);
    expect(r.collections).toBeGreaterThan(0);
    expect(r.found).toEqual(everything);
  }, 300_000);
});

it('runs on the interpreters whose carrier it tests', () => {
  expect(versions.map((p) => p.short)).toEqual(['3.11', '3.12', '3.13']);
});
