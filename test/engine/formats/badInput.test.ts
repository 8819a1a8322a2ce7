import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HeapFormatError, type HeapFormatErrorCode, loadDump, type LoadOptions } from '../../../electron/engine/formats/index';

const dir = mkdtempSync(join(tmpdir(), 'heapscope-bad-'));
let serial = 0;
function file(content: string | Buffer, name = `crash${++serial}.jsonl`): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const header = JSON.stringify({ format: 'heapscope', version: [1, 0], python: { version: '3.11.7', implementation: 'cpython' }, gc: { enabled: true, threshold: [700, 10, 10], debug: 0 } });
const obj = (a: number, extra: Record<string, unknown> = {}): string => JSON.stringify({ a, t: 'list', s: 56, f: 3, rc: 1, x: 1, ...extra });
const end = (n: number): string => JSON.stringify({ k: 'end', objects: n });
/** A dump from lines (header first); a trailing newline unless told otherwise. */
const dump = (...lines: string[]): string => lines.join('\n') + '\n';

async function failure(path: string, options?: LoadOptions): Promise<HeapFormatError> {
  try {
    await loadDump(path, options);
  } catch (e) {
    expect(e).toBeInstanceOf(HeapFormatError);
    return e as HeapFormatError;
  }
  throw new Error(`expected ${path} to be rejected`);
}

async function expectError(path: string, code: HeapFormatErrorCode, line: number | undefined, message: RegExp, options?: LoadOptions): Promise<void> {
  const e = await failure(path, options);
  expect({ code: e.code, line: e.line }).toEqual({ code, line });
  expect(e.message).toMatch(message);
}

describe('loadDump rejects bad input with a HeapFormatError naming file and line', () => {
  it('accepts the minimal valid dump these cases corrupt', async () => {
    const g = (await loadDump(file(dump(header, obj(16, { e: [32], l: ['[0]'] }), obj(32), end(2))))).graph;
    expect(g.nodeCount).toBe(2);
  });

  it('rejects an empty file', async () => {
    await expectError(file(''), 'EMPTY', undefined, /^crash\d+\.jsonl: the file is empty$/);
  });

  it('rejects a missing file as IO', async () => {
    await expectError(join(dir, 'nope.jsonl'), 'IO', undefined, /nope\.jsonl: cannot read/);
  });

  it('rejects a file without trailer as truncated, at its last line', async () => {
    await expectError(file(dump(header, obj(16), obj(32))), 'TRUNCATED', 3, /:3: no trailer/);
    await expectError(file(dump(header)), 'TRUNCATED', 1, /:1: no trailer/);
  });

  it('rejects a cut-off last line as truncated', async () => {
    const text = dump(header, obj(16), obj(32), end(2));
    await expectError(file(text.slice(0, text.indexOf(obj(32)) + 20)), 'TRUNCATED', 3, /:3: the last line is cut off/);
  });

  it('accepts a trailer without a final newline', async () => {
    expect((await loadDump(file(dump(header, obj(16), end(1)).trimEnd()))).graph.nodeCount).toBe(1);
  });

  it('rejects invalid JSON and blank lines', async () => {
    await expectError(file(dump(header, obj(16), '{"a":32,"t":"list",', end(2))), 'JSON', 3, /:3: invalid JSON/);
    await expectError(file(dump(header, obj(16), '', end(1))), 'JSON', 3, /:3: empty line/);
  });

  it('names the field with the wrong type', async () => {
    const p = file(dump(header, obj(16), obj(32, { rc: '1' }), end(2)), 'types.jsonl');
    await expectError(p, 'FIELD', 3, /^types\.jsonl:3: field "rc" must be an integer$/);
    await expectError(file(dump(header, obj(16, { s: 1.5 }), end(1))), 'FIELD', 2, /field "s" must be an integer/);
    await expectError(file(dump(header, obj(16, { t: 7 }), end(1))), 'FIELD', 2, /field "t" must be a string/);
    await expectError(file(dump(header, obj(16, { e: 'x' }), end(1))), 'FIELD', 2, /field "e" must be an array/);
    await expectError(file(dump(header, obj(16, { e: [16], l: [3] }), end(1))), 'FIELD', 2, /field "l"\[0\] must be a string or null/);
    await expectError(file(dump(header, obj(16, { f: 1000 }), end(1))), 'FIELD', 2, /field "f" must be a flag set/);
    await expectError(file(dump(header, obj(16, { fin: 'evil' }), end(1))), 'FIELD', 2, /field "fin" must be one of/);
    await expectError(file(dump(header, '[1,2,3]', end(0))), 'FIELD', 2, /a record must be a JSON object/);
  });

  it('rejects missing fields, bad addresses and inconsistent edge fields', async () => {
    await expectError(file(dump(header, JSON.stringify({ a: 16, s: 1, f: 0, rc: 1, x: 1 }), end(1))), 'FIELD', 2, /missing field "t"/);
    await expectError(file(dump(header, obj(0), end(1))), 'FIELD', 2, /field "a" must be at least 1/);
    await expectError(file(dump(header, obj(16, { e: [16, -5] }), end(1))), 'FIELD', 2, /field "e"\[1\] must be a positive integer address/);
    await expectError(file(dump(header, obj(16, { e: [16], l: [] }), end(1))), 'FIELD', 2, /"e" and "l" must have the same length \(1 and 0\)/);
    await expectError(file(dump(header, obj(16, { e: [16], ex: 2 }), end(1))), 'FIELD', 2, /field "ex" \(2\) exceeds/);
    await expectError(file(dump(header, obj(16, { a: 2 ** 60 }), end(1))), 'FIELD', 2, /field "a" must be an integer/);
  });

  it('rejects a dangling reference at the line of the referring object', async () => {
    await expectError(file(dump(header, obj(16), obj(32, { e: [16, 48] }), end(2))), 'DANGLING', 3, /:3: reference to unknown address 48/);
    await expectError(file(dump(header, obj(16, { t: 'weakref', w: 99 }), end(1))), 'DANGLING', 2, /weak reference to unknown address 99/);
    const name = (a: number): string => JSON.stringify({ k: 'name', a, holder: 'module m', name: 'x' });
    const mixed = dump(header, name(16), obj(16), name(16), '{"k":"later"}', obj(32), obj(64, { e: [16, 48] }), name(32), obj(80), end(4));
    await expectError(file(mixed), 'DANGLING', 7, /:7: reference to unknown address 48/);
    const dup = dump(header, name(16), obj(16), name(16), obj(32), name(1), obj(16), end(3));
    await expectError(file(dup), 'DUPLICATE', 7, /:7: duplicate address 16 \(first on line 3\)/);
  });

  it('rejects a duplicate address at its second line, naming the first', async () => {
    await expectError(file(dump(header, obj(16), obj(32), obj(16), end(3))), 'DUPLICATE', 4, /:4: duplicate address 16 \(first on line 2\)/);
  });

  it('rejects an unknown major version, naming both versions', async () => {
    const v3 = header.replace('"version":[1,0]', '"version":[3,3]');
    await expectError(file(dump(v3, obj(16), end(1))), 'VERSION', 1, /:1: dump format version 3\.3 is not supported: this reader knows versions 1\.x to 2\.x/);
  });

  it('reads any minor of major 1 and ignores unknown fields and record kinds', async () => {
    const v19 = header.replace('"version":[1,0]', '"version":[1,9]');
    const g = (await loadDump(file(dump(v19, obj(16, { future: { deep: [1] } }), '{"k":"later","x":[1]}', end(1))))).graph;
    expect(g.header.version).toEqual([1, 9]);
  });

  it("turns the trailer's droppedEdges into a header note", async () => {
    const g = (await loadDump(file(dump(header, obj(16), '{"k":"end","objects":1,"droppedEdges":3}')))).graph;
    expect(g.header.notes).toEqual(['the dumper left out 3 references whose targets changed while it wrote the file']);
  });

  it('rejects content that is not a heapscope dump', async () => {
    await expectError(file('hello world\nthis is text\n'), 'FORMAT', 1, /not a heapscope dump/);
    await expectError(file(Buffer.from([0, 1, 2, 3, 255, 254, 10, 9])), 'FORMAT', 1, /not a heapscope dump/);
    await expectError(file('PK\x03\x04garbage', 'dump.jsonl.gz'), 'FORMAT', 1, /the name ends in \.gz but the content is not gzip/);
  });

  it('rejects gzip magic that does not inflate, and a truncated gzip', async () => {
    await expectError(file(Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really deflate data at all')]), 'x.jsonl.gz'), 'NOT_GZIP', undefined, /does not inflate/);
    const gz = gzipSync(dump(header, obj(16), obj(32), end(2)));
    await expectError(file(gz.subarray(0, gz.length - 12), 'cut.jsonl.gz'), 'TRUNCATED', undefined, /gzip stream ends early/);
  });

  it('refuses a line longer than the cap, even one that never ends', async () => {
    const big = obj(16, { r: 'x'.repeat(5000) });
    await expectError(file(dump(header, big, end(1))), 'TOO_LARGE', 2, /:2: line is longer than/, { maxLineBytes: 4096 });
    const endless = file(Buffer.concat([Buffer.from('{"format":"heapscope","pad":"'), Buffer.alloc(3 * 1024 * 1024, 0x61)]));
    await expectError(endless, 'TOO_LARGE', 1, /line is longer than 1 MiB/, { maxLineBytes: 1024 * 1024 });
  });

  it('loads a gigantic string below the cap intact', async () => {
    const huge = 'é'.repeat(4 * 1024 * 1024);
    const g = (await loadDump(file(dump(header, obj(16, { r: huge, l: [huge], e: [16] }), end(1))))).graph;
    expect(g.strings.get(g.reprIds[0])).toBe(huge);
    expect(g.strings.get(g.edgeLabels[0])).toBe(huge);
  });

  it('checks the trailer count and refuses data after the trailer', async () => {
    await expectError(file(dump(header, obj(16), end(2))), 'FIELD', 3, /:3: the trailer counts 2 objects but the file has 1/);
    await expectError(file(dump(header, obj(16), end(1), obj(32))), 'FIELD', 4, /data after the trailer \(line 3\)/);
    await expectError(file(dump(header, obj(16), JSON.stringify({ k: 5 }), end(1))), 'FIELD', 3, /field "k" must be a string/);
  });

  it('treats hostile keys as inert data', async () => {
    const hostile = '{"__proto__":{"a":16,"t":"x","polluted":true},"constructor":{"prototype":{"polluted":true}},"s":1,"f":0,"rc":1,"x":1}';
    await expectError(file(dump(header, hostile, end(1))), 'FIELD', 2, /missing field "a"/);
    const ok = '{"a":16,"t":"__proto__","s":1,"f":0,"rc":1,"x":1,"__proto__":{"rc":99},"e":[16],"l":["__proto__"],"r":"constructor"}';
    const hdr = header.replace('{', '{"__proto__":{"polluted":true},');
    const g = (await loadDump(file(dump(hdr, ok, '{"k":"name","a":16,"holder":"__proto__","name":"constructor"}', end(1))))).graph;
    expect(g.refcounts[0]).toBe(1);
    expect(g.strings.get(g.typeIds[0])).toBe('__proto__');
    expect(g.holderNames[0]).toEqual({ node: 0, holder: '__proto__', name: 'constructor' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('stops with ABORTED when the signal fires, before or during the load', async () => {
    const lines = [header];
    for (let i = 1; i <= 200_000; i++) lines.push(obj(i * 16));
    lines.push(end(200_000));
    const p = file(lines.join('\n') + '\n');
    const early = new AbortController();
    early.abort();
    await expectError(p, 'ABORTED', undefined, /cancelled/, { signal: early.signal });
    const mid = new AbortController();
    await expectError(p, 'ABORTED', undefined, /cancelled/, {
      signal: mid.signal,
      onProgress: (pr) => {
        if (pr.bytesRead > 0) mid.abort();
      },
    });
  });
});
