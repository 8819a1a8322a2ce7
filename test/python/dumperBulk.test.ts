/**
 * The dumper's bulk path (issue #17: plain kinds written column-wise) writes exactly what its
 * general loop writes: one census, written by both (dump's private `_twin` option), must give the
 * same set of lines, on every interpreter. The heap has every kind the bulk path takes (ints, strs
 * with lone surrogates and astral characters, floats, instances with and without a real __dict__,
 * dicts, lists, tuples, sets) and some it leaves to the general loop (slots, weak references,
 * generators, finalizers, immortal objects on 3.12+, a container big enough for continuation records).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpreters } from './interpreters.js';

const root = join(import.meta.dirname, '../..');
const dumperDir = join(root, 'electron/engine/formats/heapscope');
const program = join(import.meta.dirname, 'dumper-programs/bulk_twin.py');
const tmp = mkdtempSync(join(tmpdir(), 'heapscope-bulk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(python: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { maxBuffer: 1 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${python} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Every line but the header (its `time` may differ by a second). A code object's size is left
 *  out: 3.8 - 3.10 give a function's code its opcache once it has run often, which the first write
 *  does for the dumper's own helpers (code objects always take the general loop). */
function body(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(1)
    .map((l) => l.replace(/^(\{"a":\d+,"t":"code","s":)\d+/, '$1?'));
}

describe.each(interpreters().map((p) => [p.short, p] as const))('CPython %s', (short, py) => {
  it('the bulk path and the general loop write the same records', async () => {
    const out = join(tmp, `bulk-${short}.jsonl`);
    const twin = join(tmp, `general-${short}.jsonl`);
    await run(py.path, [program, dumperDir, out, twin]);
    const bulk = body(out);
    const general = body(twin);
    expect(bulk.length).toBeGreaterThan(100_000);
    expect(bulk.filter((l) => l.startsWith('{"k":"more"')).length).toBeGreaterThan(0);
    // Lines differing either way (the first few: a whole-array diff of 100k lines takes minutes).
    const inGeneral = new Set(general);
    const inBulk = new Set(bulk);
    expect(bulk.filter((l) => !inGeneral.has(l)).slice(0, 5)).toEqual([]);
    expect(general.filter((l) => !inBulk.has(l)).slice(0, 5)).toEqual([]);
    expect(bulk.length).toBe(general.length);
  }, 120_000);
});
