/**
 * Records whose rc / x contradict the references in the file are found and named in the verdict:
 * one digit (a dict's rc 1 -> 6) would otherwise make the article's leak disappear silently.
 * Real CPython dumps pass the check exactly.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDump } from '../../../electron/engine/formats/index';
import { main } from '../../../electron/cli/index';
import { releaseLocals, writeFixtures } from '../../cli/fixtures';

const fx = writeFixtures();
afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

/** The fixture with line `line` (1-based) passed through `edit`. */
function variant(name: string, line: number, edit: (text: string) => string): string {
  const lines = readFileSync(fx.twoCycle, 'utf8').split('\n');
  lines[line - 1] = edit(lines[line - 1]);
  const path = join(fx.dir, name);
  writeFileSync(path, lines.join('\n'));
  return path;
}

async function analyze(...argv: string[]): Promise<string> {
  let out = '';
  await main(['analyze', ...argv], { out: (t) => void (out += t), err: (t) => void (out += t) });
  return out;
}

describe('rc / x consistency', () => {
  it('names the record whose rc contradicts its x and referrers, in the analyze verdict', async () => {
    // Line 5 is CGcLeakA's __dict__: rc 1, x 0 (held once, by B's dict... the cycle).
    const bad = variant('rc6.jsonl', 5, (l) => l.replace('"rc":1,', '"rc":6,'));
    const loaded = await loadDump(bad);
    expect(loaded.graph.header.inconsistent?.count).toBe(1);
    expect(loaded.graph.header.notes.join('\n')).toMatch(/rc6\.jsonl:5: dict 0x7f0000002000: x 0 contradicts rc 6/);
    const text = await analyze(bad, ...releaseLocals);
    expect(text).toMatch(/INCONSISTENT DUMP: 1 object record contradict/);
    expect(text).toMatch(/line 5: dict \d+ \(0x7f0000002000\): x 0 contradicts rc 6 and its 1 references from tracked objects/);
    const json = JSON.parse(await analyze(bad, '--json'));
    expect(json.inconsistent).toMatchObject({ count: 1, records: [{ line: 5, rc: 6, x: 0 }] });
  });

  it('flags an rc below the references from tracked objects even when x agrees with it', async () => {
    const bad = variant('rc0.jsonl', 5, (l) => l.replace('"rc":1,"x":0', '"rc":0,"x":-1'));
    const found = (await loadDump(bad)).graph.header.inconsistent;
    expect(found?.records[0]).toMatchObject({ line: 5, problem: 'rc 0 is below the 1 references to it from tracked objects in the dump' });
  });

  it('says nothing about a consistent file', async () => {
    expect((await loadDump(fx.twoCycle)).graph.header.inconsistent).toBeUndefined();
    expect(await analyze(fx.twoCycle)).not.toMatch(/INCONSISTENT/);
  });

  it('finds no inconsistency in real CPython dumps (2.7 and 3.11 demo heaps)', async () => {
    const dir = join(import.meta.dirname, '../../../electron/demo-heaps');
    for (const f of readdirSync(dir).filter((n) => n.startsWith('article-') && n.endsWith('.jsonl.gz'))) {
      expect((await loadDump(join(dir, f))).graph.header.inconsistent, f).toBeUndefined();
    }
  });
});

describe('references CPython does not count (3.14+)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'heapscope-uncounted-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** A mortal interned string held by the interned-strings dict (uncounted) and by a list: rc 1, x -1. */
  const dump = async (python: string, extra: Record<string, unknown>, platform = 'linux', metaclass = false) => {
    const head = { format: 'heapscope', version: [1, 0], python: { version: python }, platform, ...extra };
    const recs = [
      { a: 4096, t: 'dict', s: 100, f: 3, rc: 1, x: 1, e: [8192] },
      { a: 8192, t: 'str', s: 50, f: 0, rc: 1, x: -1 },
      { a: 12288, t: 'list', s: 64, f: 3, rc: 1, x: 1, e: [8192] },
      // A metaclass held by two of its classes, one of them without a counted reference (x as the
      // dumper writes it: rc minus the tracked referrers, uncounted ones included).
      { a: 16384, t: 'type', s: 900, f: 11, rc: 1, x: -1, ...(metaclass ? { r: 'pyodide.ffi._JsProxyMetaClass' } : {}) },
      { a: 20480, t: 'type', s: 900, f: 11, rc: 1, x: 1, e: [16384] },
      { a: 24576, t: 'type', s: 900, f: 11, rc: 1, x: 1, e: [16384] },
    ];
    const path = join(dir, `${python}-${Object.keys(extra).join('')}-${platform}-${metaclass}.jsonl`);
    writeFileSync(path, [head, ...recs, { k: 'end', objects: recs.length }].map((r) => JSON.stringify(r)).join('\n') + '\n');
    return (await loadDump(path)).graph.header.inconsistent;
  };

  it('leaves the interned dict (header `interned`) out of the rc rule, and keeps the rule for the rest', async () => {
    const found = await dump('3.14.2', { interned: 4096 }, 'emscripten', true);
    expect(found).toBeUndefined();
    // Named elsewhere (not in the dump), the dict's reference counts: the string is named, and so
    // is the metaclass outside Pyodide.
    const elsewhere = await dump('3.14.2', { interned: 1 }, 'linux', true);
    expect(elsewhere?.records.map((r) => r.address)).toEqual([8192, 16384]);
    expect(elsewhere?.records[0].problem).toBe('rc 1 is below the 2 references to it from tracked objects in the dump');
  });

  it('applies only the x rule to a 3.14+ dump that does not name the interned dict', async () => {
    expect(await dump('3.14.2', {})).toBeUndefined();
    expect(await dump('3.15.0', {})).toBeUndefined();
  });

  it('applies the rc rule before 3.14, where the interned dict is never in the dump', async () => {
    expect((await dump('3.13.0', { interned: 4096 }, 'emscripten', true))?.records.map((r) => r.address)).toEqual([8192]);
  });
});
