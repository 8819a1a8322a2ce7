/**
 * heapscope_dump.py inside CPython 3.14 and 3.15 (Pyodide, 32-bit WebAssembly): dumper-programs/
 * known.py builds structures whose refcounts it measures, dumps, and the dump must agree; the
 * header records the build; immortality and the finalized bit are read the 32-bit way, and so is
 * what the dumper reads from memory with ctypes there (inline attribute labels, generator state).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootPyodide, pyodideInterpreters } from './pyodideHarness.js';
import { loadDump } from '../../../electron/engine/formats/index.js';

const root = join(import.meta.dirname, '../../..');
const out = mkdtempSync(join(tmpdir(), 'heapscope-dumper-pyodide-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Rec {
  a: number;
  t: string;
  f: number;
  rc: number;
  x: number;
  e?: number[];
  l?: (string | null)[];
  fin?: string;
}

describe.each(pyodideInterpreters.map((p) => [p.short, p] as const))('CPython %s in Pyodide', (short, spec) => {
  const run = (async () => {
    const { py, log } = await bootPyodide(spec, out);
    const file = join(out, `${spec.pkg}.jsonl`);
    py.globals.set('argv', py.toPy([join(root, 'test/python/dumper-programs/known.py'), join(root, 'electron/engine/formats/heapscope'), file]));
    py.runPython('import runpy, sys\nsys.argv = list(argv)\nrunpy.run_path(sys.argv[0], run_name="__main__")');
    const info = JSON.parse(log[log.length - 1]) as { ids: Record<string, number>; expected: Record<string, number>; tracked_before: number; tracked_after: number };
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const header = JSON.parse(lines[0]) as Record<string, unknown>;
    const objects = new Map<number, Rec>();
    const created = new Set<number>();
    for (const l of lines.slice(1, -1)) {
      const r = JSON.parse(l) as Rec & { k?: string; state?: string };
      if (!r.k) objects.set(r.a, r);
      else if (r.k === 'genstate' && r.state === 'created') created.add(r.a);
    }
    return { info, header, objects, created, file };
  })();
  const obj = async (name: string): Promise<Rec> => {
    const { info, objects } = await run;
    return objects.get(info.ids[name])!;
  };

  it('records the version and the build: 32-bit Emscripten, GIL, sys._is_immortal', async () => {
    const { header } = await run;
    expect((header.python as { version: string }).version.startsWith(short)).toBe(true);
    expect(header.platform).toBe('emscripten');
    expect(header.pointerSize).toBe(4);
    expect(header.build).toMatchObject({ gilDisabled: false, gilEnabled: true, pointerSize: 4, immortal: 'sys._is_immortal', machine: 'wasm32', pthreads: false });
    expect(typeof (header.build as { emscripten: string }).emscripten).toBe('string');
  }, 120_000);

  it('records the refcounts the program measured, and leaves tracking unchanged', async () => {
    const { info } = await run;
    for (const [name, rc] of Object.entries(info.expected)) expect([name, (await obj(name)).rc]).toEqual([name, rc]);
    expect((await obj('cyc_a')).rc).toBe(2);
    expect((await obj('plain')).rc).toBe(1);
    expect(info.tracked_after).toBe(info.tracked_before);
  }, 120_000);

  it('keeps the graph closed and flags immortal objects (refcounts of 2**30 and more on 32-bit)', async () => {
    const { objects } = await run;
    let immortal = 0;
    for (const o of objects.values()) {
      for (const e of o.e ?? []) expect(objects.has(e)).toBe(true);
      if (o.f & 4) {
        immortal++;
        expect(o.rc).toBeGreaterThanOrEqual(2 ** 30);
      } else expect(o.rc).toBeLessThan(2 ** 30);
    }
    expect(immortal).toBeGreaterThan(1000);
    expect((await obj('int_type')).f & 4).toBe(4);
  }, 120_000);

  it('reads finalizer kinds and the finalized bit (the word before the object on 32-bit)', async () => {
    expect((await obj('gen')).fin).toBe('tp_finalize');
    expect((await obj('phoenix')).fin).toBe('del');
    expect((await obj('phoenix')).f & 32).toBe(32);
    expect((await obj('fin')).f & 32).toBe(0);
  }, 120_000);

  it('labels inline attributes and the class edge, read from memory with ctypes', async () => {
    expect((await obj('plain')).l).toEqual(['.a', '.b', '__class__']);
  }, 120_000);

  it('tells a never-started generator from a started one', async () => {
    const { info, created } = await run;
    expect(created.has(info.ids.fresh_gen)).toBe(true);
    expect(created.has(info.ids.plain_gen)).toBe(false);
    expect(created.has(info.ids.gen)).toBe(false);
  }, 120_000);

  it('names the interned-strings dict, and loads with no inconsistent record under both rules', async () => {
    const { header, objects, file } = await run;
    const interned = objects.get(header.interned as number)!;
    expect(interned.t).toBe('dict');
    expect(interned.f & 2).toBe(2); // tracked, as every dict from 3.14
    expect((await loadDump(file)).graph.header.inconsistent).toBeUndefined();
  }, 120_000);
});
