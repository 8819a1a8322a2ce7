/**
 * Random corruptions of real dumps: whatever the damage, loadDump either loads the file or
 * throws HeapFormatError, and does so within a bounded time. Base dumps: the hand-made fixture,
 * and, when CPython 3.11 and the dumper are present, a dump of a small real program.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HeapFormatError, loadDump } from '../../../electron/engine/formats/index';
import { interpreters } from '../../python/interpreters';

const root = join(import.meta.dirname, '../../..');
const fixture = readFileSync(join(root, 'test/fixtures/dumps/small-3.11.jsonl'));
const dumper = join(root, 'electron/engine/formats/heapscope/heapscope_dump.py');
const dir = mkdtempSync(join(tmpdir(), 'heapscope-fuzz-'));

type Corruption =
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'deleteLine'; line: number }
  | { kind: 'duplicateLine'; line: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'swapFields'; line: number; from: string; to: string }
  | { kind: 'insert'; at: number; bytes: Uint8Array };

const fields = ['"a"', '"t"', '"s"', '"f"', '"rc"', '"x"', '"e"', '"l"', '"ex"', '"fin"', '"w"', '"r"', '"k"', '"objects"', '"version"', '"__proto__"'];
const unit = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  unit.map((at) => ({ kind: 'truncate' as const, at })),
  fc.record({ kind: fc.constant('flip' as const), at: unit, byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('deleteLine' as const), line: unit }),
  fc.record({ kind: fc.constant('duplicateLine' as const), line: unit }),
  fc.record({ kind: fc.constant('swapLines' as const), a: unit, b: unit }),
  fc.record({ kind: fc.constant('swapFields' as const), line: unit, from: fc.constantFrom(...fields), to: fc.constantFrom(...fields) }),
  fc.record({ kind: fc.constant('insert' as const), at: unit, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);

function apply(data: Buffer, c: Corruption): Buffer {
  const pos = (u: number): number => Math.floor(u * data.length);
  const lines = (): Buffer[] => {
    const out: Buffer[] = [];
    for (let s = 0; s < data.length; ) {
      const nl = data.indexOf(10, s);
      const e = nl < 0 ? data.length : nl + 1;
      out.push(data.subarray(s, e));
      s = e;
    }
    return out;
  };
  if (data.length === 0) return data;
  switch (c.kind) {
    case 'truncate':
      return data.subarray(0, pos(c.at));
    case 'flip': {
      const out = Buffer.from(data);
      out[pos(c.at)] = c.byte;
      return out;
    }
    case 'insert':
      return Buffer.concat([data.subarray(0, pos(c.at)), c.bytes, data.subarray(pos(c.at))]);
    case 'deleteLine':
    case 'duplicateLine': {
      const ls = lines();
      const i = Math.floor(c.line * ls.length);
      ls.splice(i, c.kind === 'deleteLine' ? 1 : 0, ...(c.kind === 'duplicateLine' ? [ls[i]] : []));
      return Buffer.concat(ls);
    }
    case 'swapLines': {
      const ls = lines();
      const a = Math.floor(c.a * ls.length);
      const b = Math.floor(c.b * ls.length);
      [ls[a], ls[b]] = [ls[b], ls[a]];
      return Buffer.concat(ls);
    }
    case 'swapFields': {
      const ls = lines();
      const i = Math.floor(c.line * ls.length);
      ls[i] = Buffer.from(ls[i].toString('latin1').replace(c.from, c.to), 'latin1');
      return Buffer.concat(ls);
    }
  }
}

let serial = 0;
async function loadsOrRejectsCleanly(data: Buffer, corruptions: Corruption[], gzip: boolean, limitMs: number): Promise<void> {
  let bytes = data;
  for (const c of corruptions) bytes = apply(bytes, c);
  if (gzip) bytes = gzipSync(bytes);
  const path = join(dir, `case${++serial}.jsonl${gzip ? '.gz' : ''}`);
  writeFileSync(path, bytes);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${limitMs} ms`)), limitMs);
  });
  try {
    const loaded = await Promise.race([loadDump(path), timeout]);
    expect(loaded.graph.nodeCount).toBeGreaterThanOrEqual(0);
  } catch (e) {
    if (!(e instanceof HeapFormatError)) throw e;
    expect(e.message).toMatch(/^case\d+\.jsonl/);
  } finally {
    clearTimeout(timer);
  }
  expect(Date.now() - started).toBeLessThan(limitMs);
}

const cases = fc.tuple(fc.array(corruption, { minLength: 1, maxLength: 4 }), fc.boolean());

describe('loadDump on randomly corrupted dumps', () => {
  it('loads or throws HeapFormatError for corruptions of the fixture', async () => {
    await fc.assert(
      fc.asyncProperty(cases, ([cs, gzip]) => loadsOrRejectsCleanly(fixture, cs, gzip, 5_000)),
      { numRuns: Number(process.env.HEAPSCOPE_FUZZ_RUNS ?? 300) },
    );
  });

  it('still loads the uncorrupted gzip and plain fixture', async () => {
    await loadsOrRejectsCleanly(fixture, [], true, 5_000);
    expect((await loadDump(join(root, 'test/fixtures/dumps/small-3.11.jsonl'))).graph.nodeCount).toBe(18);
  });

  describe('with a dump of a real CPython 3.11 program', () => {
    let real: Buffer | undefined;
    beforeAll(() => {
      const py = interpreters().find((i) => i.short === '3.11');
      if (!py || !existsSync(dumper)) return;
      const out = join(dir, 'real.jsonl');
      const program = [
        'import sys, weakref',
        `sys.path.insert(0, ${JSON.stringify(join(root, 'electron/engine/formats/heapscope'))})`,
        'import heapscope_dump',
        'class Node(object):',
        '    def __init__(self): self.other = None',
        'a, b = Node(), Node()',
        'a.other, b.other = b, a',
        'w = weakref.ref(a)',
        'del a, b',
        `heapscope_dump.dump(${JSON.stringify(out)})`,
      ].join('\n');
      execFileSync(py.path, ['-c', program], { timeout: 60_000 });
      real = readFileSync(out);
    });

    it('loads or throws HeapFormatError for corruptions of it', async (ctx) => {
      if (!real) ctx.skip();
      await loadDump(join(dir, 'real.jsonl'));
      await fc.assert(
        fc.asyncProperty(cases, ([cs, gzip]) => loadsOrRejectsCleanly(real!, cs, gzip, 20_000)),
        { numRuns: 12 },
      );
    });
  });
});
