/**
 * The parallel reader (formats/heapscope/parallel/) against the one-thread reader: the same
 * graph, or the same error (code, line, message), for dumps cut into batches at every size from
 * one line per batch to the whole file, so every line boundary is a batch boundary at least once.
 * Batches are scanned on this thread here (threads: 0), which runs the same scanBatch as a scan
 * thread; the last test runs one through a real ScanPool thread.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HeapFormatError, loadDump, type LoadOptions } from '../../../electron/engine/formats/index';
import type { HeapGraph } from '../../../electron/engine/model/HeapGraph';
import { NodeColumns } from '../../../electron/engine/model/NodeColumns';
import { ScanPool } from '../../../electron/engine/formats/heapscope/parallel/ScanPool';
import { scanBatch } from '../../../electron/engine/formats/heapscope/parallel/scanBatch';

const dir = mkdtempSync(join(tmpdir(), 'heapscope-par-'));
let serial = 0;
function file(content: string | Buffer, name = `par${++serial}.jsonl`): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

const header = JSON.stringify({ format: 'heapscope', version: [1, 0], python: { version: '3.11.7', implementation: 'cpython' }, gc: { enabled: true, threshold: [700, 10, 10], debug: 0 } });
const obj = (a: number, extra: Record<string, unknown> = {}): string => JSON.stringify({ a, t: 'list', s: 56, f: 3, rc: 1, x: 1, ...extra });
const leaf = (a: number): string => JSON.stringify({ a, t: 'int', s: 28, f: 0, rc: 1, x: 1, r: String(a) });
const end = (n: number): string => JSON.stringify({ k: 'end', objects: n });
const more = (a: number, o: number, e: number[]): string => JSON.stringify({ k: 'more', a, o, e, l: e.map((_, i) => `[${o + i}]`) });

/** A dump with every kind of line: extra records, a big container continued over three lines, labels, reprs, a weakref. */
function richLines(): string[] {
  const leaves = Array.from({ length: 9 }, (_, i) => 2000 + 16 * i);
  return [
    header,
    obj(16, { e: [2000, 2016], l: ['[0]', 'x'], r: 'first' }),
    JSON.stringify({ k: 'name', a: 16, holder: 'module m', name: 'xs' }),
    obj(1000, { e: leaves.slice(0, 3), l: ['[0]', '[1]', '[2]'], ec: 9, t: 'dict' }),
    more(1000, 3, leaves.slice(3, 6)),
    more(1000, 6, leaves.slice(6, 9)),
    ...leaves.map(leaf),
    obj(48, { t: 'weakref', w: 16, e: [16], l: ['__callback__'] }),
    obj(64, { t: 'caf\u00e9', r: 'with "quotes" and \\ and \u00e9', fin: 'del', ex: 1, e: [48] }),
    end(13),
  ];
}

/** The graph as plain values, strings spelled out (ids differ between the readers). */
function shape(g: HeapGraph): unknown {
  const s = (id: number): string => g.strings.get(id);
  return {
    nodes: g.nodeCount,
    edges: g.edgeCount,
    addresses: Array.from(g.addresses),
    types: Array.from(g.typeIds, s),
    reprs: Array.from(g.reprIds, s),
    sizes: Array.from(g.sizes),
    flags: Array.from(g.flags),
    refcounts: Array.from(g.refcounts),
    externals: Array.from(g.externalRefs),
    finalizers: Array.from(g.finalizers),
    hidden: Array.from(g.hiddenEdgeCounts),
    weak: Array.from(g.weakTargets),
    out: Array.from(g.firstOutEdge),
    targets: Array.from(g.edgeTargets),
    labels: Array.from(g.edgeLabels, s),
    holders: g.holderNames,
    notes: g.header.notes,
  };
}

async function outcome(path: string, options: LoadOptions): Promise<unknown> {
  try {
    return shape((await loadDump(path, options)).graph);
  } catch (e) {
    if (!(e instanceof HeapFormatError)) throw e;
    return { code: e.code, line: e.line, message: e.message };
  }
}

/** Every batch size from 1 byte (a line per batch) to the whole file reads as the one-thread reader does. */
async function sameAsSerial(text: string | Buffer, options: LoadOptions = {}): Promise<unknown> {
  const path = file(text);
  const expected = await outcome(path, { ...options, parallel: false });
  const bytes = Buffer.byteLength(text);
  for (let batchBytes = 1; batchBytes <= bytes + 1; batchBytes += batchBytes < 40 ? 1 : 7) {
    expect(await outcome(path, { ...options, parallel: { threads: 0, batchBytes } }), `batches of ${batchBytes} bytes`).toEqual(expected);
  }
  return expected;
}

describe('the parallel reader reads as the one-thread reader does', () => {
  it('reads every kind of line at every batch boundary, continuations across batches included', async () => {
    const g = (await sameAsSerial(richLines().join('\n') + '\n')) as { nodes: number; labels: string[] };
    expect(g.nodes).toBe(13);
    expect(g.labels).toContain('[8]');
  });

  it('cuts a batch exactly at a line end', async () => {
    const lines = richLines();
    const text = lines.join('\n') + '\n';
    const path = file(text);
    const expected = await outcome(path, { parallel: false });
    // Batches end exactly after lines 1-2, 3-4, ...: the cut falls on the newline itself.
    for (let k = 1; k < lines.length; k++) {
      const batchBytes = Buffer.byteLength(lines.slice(0, k).join('\n') + '\n');
      expect(await outcome(path, { parallel: { threads: 0, batchBytes } })).toEqual(expected);
    }
  });

  it('reads CRLF line ends', async () => {
    await sameAsSerial(richLines().join('\r\n') + '\r\n');
  });

  it('names the line of a malformed record in a later batch', async () => {
    const lines = richLines();
    lines.splice(9, 0, '{"a":4000,"t":"int",');
    const e = (await sameAsSerial(lines.join('\n') + '\n')) as { code: string; line: number; message: string };
    expect(e).toMatchObject({ code: 'JSON', line: 10 });
    expect(e.message).toMatch(/:10: invalid JSON/);
  });

  it('names the line of a bad field, a dangling reference and a duplicate', async () => {
    const bad = richLines();
    bad[8] = obj(2032, { rc: '1' });
    expect(await sameAsSerial(bad.join('\n') + '\n')).toMatchObject({ code: 'FIELD', line: 9 });
    const dangling = richLines();
    dangling[10] = obj(2064, { e: [999] });
    expect(await sameAsSerial(dangling.join('\n') + '\n')).toMatchObject({ code: 'DANGLING', line: 11 });
    const dup = richLines();
    dup[11] = leaf(2000);
    expect(await sameAsSerial(dup.join('\n') + '\n')).toMatchObject({ code: 'DUPLICATE', line: 12 });
  });

  it('refuses a continuation out of place and an object after the trailer, at their lines', async () => {
    const lines = richLines();
    [lines[4], lines[5]] = [lines[5], lines[4]];
    expect(await sameAsSerial(lines.join('\n') + '\n')).toMatchObject({ code: 'FIELD', line: 5 });
    const after = [...richLines(), obj(5000)];
    expect(await sameAsSerial(after.join('\n') + '\n')).toMatchObject({ code: 'FIELD', line: 19 });
  });

  it('reads a last line without a newline, and refuses a truncated one', async () => {
    const lines = richLines();
    expect(await sameAsSerial(lines.join('\n'))).toMatchObject({ nodes: 13 });
    const text = lines.join('\n') + '\n';
    expect(await sameAsSerial(text.slice(0, text.length - 9))).toMatchObject({ code: 'TRUNCATED', line: 18 });
    expect(await sameAsSerial(lines.slice(0, -1).join('\n') + '\n')).toMatchObject({ code: 'TRUNCATED', line: 17 });
  });

  it('refuses an over-long line by its line number', async () => {
    const lines = richLines();
    lines[7] = obj(2000, { r: 'x'.repeat(300) });
    expect(await sameAsSerial(lines.join('\n') + '\n', { maxLineBytes: 200 })).toMatchObject({ code: 'TOO_LARGE', line: 8 });
  });

  it('reports progress by phase, objects counted as batches merge', async () => {
    const path = file(richLines().join('\n') + '\n');
    const seen: { phase: string; objects: number }[] = [];
    await loadDump(path, { parallel: { threads: 0, batchBytes: 64 }, onProgress: (p) => seen.push({ phase: p.phase, objects: p.objects }) });
    expect([...new Set(seen.map((p) => p.phase))]).toEqual(['reading', 'indexing', 'linking']);
    const reading = seen.filter((p) => p.phase === 'reading').map((p) => p.objects);
    expect(reading.at(-1)).toBe(13);
    expect(reading).toEqual([...reading].sort((a, b) => a - b));
  });

  it('reads gzip', async () => {
    await sameAsSerial(gzipSync(richLines().join('\n') + '\n'));
  });

  it('reads the fixture dump', async () => {
    await sameAsSerial(readFileSync(join(import.meta.dirname, '../../fixtures/dumps/small-3.11.jsonl')));
  });
});

describe('ScanPool', () => {
  it('scans a batch on a thread as on this one', async () => {
    const text = Buffer.from(richLines().join('\n') + '\n');
    const batch = new SharedArrayBuffer(text.length);
    new Uint8Array(batch).set(text);
    const here = scanBatch(new Uint8Array(batch), 0, text.length, true, 1 << 20, new NodeColumns());
    const pool = ScanPool.start(1);
    try {
      expect(await pool.ready()).toBe(true);
      const cols = new NodeColumns(4, 4);
      const there = await pool.scan({ claim: new SharedArrayBuffer(4), batch, start: 0, end: text.length, headerFirst: true, maxLineBytes: 1 << 20, cols: cols.buffers() })!;
      expect({ ...there, cols: undefined }).toEqual({ ...here, cols: undefined });
      // The columns outgrew their first buffers on the thread (4 nodes): the new ones came back.
      expect(there?.cols.count).toBe(12);
      expect(Array.from(there!.cols.address.subarray(0, 3))).toEqual([16, 2000, 2016]);
      // A batch claimed back by the loading thread is skipped.
      const claimed = new SharedArrayBuffer(4);
      new Int32Array(claimed)[0] = 2;
      expect(await pool.scan({ claim: claimed, batch, start: 0, end: text.length, headerFirst: true, maxLineBytes: 1 << 20, cols: cols.buffers() })).toBeUndefined();
    } finally {
      pool.close();
    }
  });
});
