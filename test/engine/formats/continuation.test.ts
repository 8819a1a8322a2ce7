import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HeapFormatError, loadDump } from '../../../electron/engine/formats/index';
import type { HeapGraph } from '../../../electron/engine/model/HeapGraph';

// Continuation records (FORMAT.md): a big container's references split over several lines.
const dir = mkdtempSync(join(tmpdir(), 'heapscope-more-'));
let serial = 0;
function file(lines: string[]): string {
  const p = join(dir, `more${++serial}.jsonl`);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

const header = (major = 2): string =>
  JSON.stringify({ format: 'heapscope', version: [major, 0], python: { version: '3.11.7', implementation: 'cpython' }, gc: { enabled: true, threshold: [700, 10, 10], debug: 0 } });
const leaf = (a: number): string => JSON.stringify({ a, t: 'int', s: 28, f: 0, rc: 1, x: 0, r: String(a) });
const end = (n: number): string => JSON.stringify({ k: 'end', objects: n });
/** The list 1000 holds leaves 1..n, labelled "[n-1]".."[0]" as the dumper writes them. */
const ids = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i + 1);
const labels = (n: number, from: number, to: number): string[] => ids(from, to).map((i) => `[${n - i}]`);
const head = (n: number, part: number, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ a: 1000, t: 'list', s: 56 + 8 * n, f: 3, rc: 1, x: 1, e: ids(0, part), l: labels(n, 0, part), ec: n, ...extra });
const more = (n: number, from: number, to: number, a = 1000): string =>
  JSON.stringify({ k: 'more', a, o: from, e: ids(from, to), l: labels(n, from, to) });
const leaves = (n: number): string[] => ids(0, n).map(leaf);

function edgesOf(g: HeapGraph, address: number): { targets: number[]; labels: string[] } {
  const n = g.index.get(address);
  const targets: number[] = [];
  const names: string[] = [];
  for (let e = g.firstOutEdge[n]; e < g.firstOutEdge[n + 1]; e++) {
    targets.push(g.addresses[g.edgeTargets[e]]);
    names.push(g.strings.get(g.edgeLabels[e]));
  }
  return { targets, labels: names };
}

async function failure(path: string): Promise<HeapFormatError> {
  try {
    await loadDump(path);
  } catch (e) {
    expect(e).toBeInstanceOf(HeapFormatError);
    return e as HeapFormatError;
  }
  throw new Error(`expected ${path} to be rejected`);
}

describe('continuation records', () => {
  it('appends the parts to their object, in order, with labels', async () => {
    const g = (await loadDump(file([header(), head(7, 3), more(7, 3, 5), more(7, 5, 7), ...leaves(7), end(8)]))).graph;
    expect(g.nodeCount).toBe(8);
    expect(g.edgeCount).toBe(7);
    expect(edgesOf(g, 1000)).toEqual({ targets: [1, 2, 3, 4, 5, 6, 7], labels: ['[6]', '[5]', '[4]', '[3]', '[2]', '[1]', '[0]'] });
    // The node after the container starts its own edges where the container's end.
    expect(edgesOf(g, 1).targets).toEqual([]);
  });

  it('reads a 1.x dump unchanged, and "ec" equal to the line\'s count needs no continuation', async () => {
    const g = (await loadDump(file([header(1), head(3, 3), ...leaves(3), end(4)]))).graph;
    expect(edgesOf(g, 1000).targets).toEqual([1, 2, 3]);
  });

  it('lets "ex" count references that continue on later lines', async () => {
    const g = (await loadDump(file([header(), head(4, 2, { ex: 3 }), more(4, 2, 4), ...leaves(4), end(5)]))).graph;
    expect(g.hiddenEdgeCounts[g.index.get(1000)]).toBe(3);
  });

  it('refuses an orphaned continuation, naming its line', async () => {
    const e = await failure(file([header(), ...leaves(3), more(3, 0, 3), end(3)]));
    expect({ code: e.code, line: e.line }).toEqual({ code: 'FIELD', line: 5 });
    expect(e.message).toMatch(/more\d+\.jsonl:5: continuation record for address 1000 does not follow its object: no object before it announced/);
  });

  it('refuses a continuation separated from its object by another object', async () => {
    const e = await failure(file([header(), head(4, 2), leaf(1), more(4, 2, 4), ...leaves(4).slice(1), end(5)]));
    expect({ code: e.code, line: e.line }).toEqual({ code: 'FIELD', line: 4 });
    expect(e.message).toMatch(/:4: continuation record for address 1000 does not follow its object: another record came after line 2/);
  });

  it('refuses parts out of order or for another address', async () => {
    const swapped = await failure(file([header(), head(6, 2), more(6, 4, 6), more(6, 2, 4), ...leaves(6), end(7)]));
    expect({ code: swapped.code, line: swapped.line }).toEqual({ code: 'FIELD', line: 3 });
    expect(swapped.message).toMatch(/:3: continuation record starts at reference 4, expected 2: parts out of order/);
    const other = await failure(file([header(), head(4, 2), more(4, 2, 4, 1001), ...leaves(4), end(5)]));
    expect(other.message).toMatch(/:3: continuation record for address 1001 follows the object 1000 \(line 2\)/);
  });

  it('refuses a container whose continuation is short, missing or too long', async () => {
    const short = await failure(file([header(), head(6, 2), more(6, 2, 4), ...leaves(6), end(7)]));
    // The object lines after it are read by the fast path; the gap is named right after the last part.
    expect({ code: short.code, line: short.line }).toEqual({ code: 'FIELD', line: 4 });
    expect(short.message).toMatch(/:4: expected a continuation record \(\{"k":"more","a":1000\}\) of the object on line 2: it announced 6 references \("ec"\) and 4 came/);
    const atTrailer = await failure(file([header(), ...leaves(4), head(4, 2), end(5)]));
    expect({ code: atTrailer.code, line: atTrailer.line }).toEqual({ code: 'FIELD', line: 7 });
    const long = await failure(file([header(), head(4, 2), more(5, 2, 5), ...leaves(5), end(6)]));
    expect(long.message).toMatch(/:3: continuation record has 3 references, more than the 2 still announced \("ec" 4, line 2\)/);
    // A lying total reserves no more than the file could hold, and is refused as short.
    const lying = await failure(file([header(), head(4, 2, { ec: 2 ** 52 }), more(4, 2, 4), ...leaves(4), end(5)]));
    expect(lying.message).toMatch(/:4: expected a continuation record .* it announced 4503599627370496 references \("ec"\) and 4 came/);
    const less = await failure(file([header(), head(4, 2, { ec: 1 }), ...leaves(4), end(5)]));
    expect(less.message).toMatch(/:2: field "ec" \(1\) is less than the 2 references on the line/);
  });

  it('refuses a dangling reference inside a continuation at the object\'s line', async () => {
    const e = await failure(file([header(), head(4, 2), more(4, 2, 4), ...leaves(3), end(4)]));
    expect({ code: e.code, line: e.line }).toEqual({ code: 'DANGLING', line: 2 });
  });
});

describe('continuation records read from bytes and with JSON.parse agree', () => {
  // The dumper's compact lines are scanned from bytes; spacing or a null label sends a line to JSON.parse.
  const spaced = (line: string): string => line.replace(/,"/g, ', "');
  const nullLabel = (line: string): string => line.replace('"l":["[3]"', '"l":[null');

  it.each([
    ['compact', (l: string) => l],
    ['spaced', spaced],
    ['with a null label', nullLabel],
  ])('%s', async (_name, form) => {
    const g = (await loadDump(file([header(), head(7, 3), form(more(7, 3, 5)), form(more(7, 5, 7)), ...leaves(7), end(8)]))).graph;
    const expected = ['[6]', '[5]', '[4]', '[3]', '[2]', '[1]', '[0]'];
    if (form === nullLabel) expected[3] = '';
    expect(edgesOf(g, 1000)).toEqual({ targets: [1, 2, 3, 4, 5, 6, 7], labels: expected });
    const swapped = await failure(file([header(), head(6, 2), form(more(6, 4, 6)), form(more(6, 2, 4)), ...leaves(6), end(7)]));
    expect(swapped.message).toMatch(/:3: continuation record starts at reference 4, expected 2: parts out of order/);
    const long = await failure(file([header(), head(4, 2), form(more(5, 2, 5)), ...leaves(5), end(6)]));
    expect(long.message).toMatch(/:3: continuation record has 3 references, more than the 2 still announced/);
    const separated = await failure(file([header(), head(4, 2), leaf(1), form(more(4, 2, 4)), ...leaves(4).slice(1), end(5)]));
    expect(separated.message).toMatch(/:4: continuation record for address 1000 does not follow its object: another record came after line 2/);
  });

  it('reads labels that are not indexes, and a line number after scanned parts stays right', async () => {
    const withKeys = JSON.stringify({ k: 'more', a: 1000, o: 2, e: [3, 4], l: ["['a']", '<b>'] });
    const g = (await loadDump(file([header(), head(4, 2), withKeys, ...leaves(4), end(5)]))).graph;
    expect(edgesOf(g, 1000).labels).toEqual(['[3]', '[2]', "['a']", '<b>']);
    // A duplicate after the scanned part is named at its own line.
    const dup = await failure(file([header(), head(4, 2), more(4, 2, 4), ...leaves(4), leaf(4), end(6)]));
    expect({ code: dup.code, line: dup.line }).toEqual({ code: 'DUPLICATE', line: 8 });
  });
});
