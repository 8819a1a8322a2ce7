/**
 * The running stack in CPython 3.14 and 3.15 (Pyodide, 32-bit WebAssembly, no threads; issue #12
 * item 6): dumper-programs/stack_locals.py's handle() holds objects gc does not track (a tuple of
 * atoms, a str, an int, bytes) in its locals only, and a str on its value stack, while it calls
 * dump(). The interpreter frame's slots are _PyStackRef words there (tagged); the dumper reads
 * them with ctypes, so those objects are in the dump, named by their local and frame, and
 * `heapscope path` says which local holds them.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bootPyodide, pyodideInterpreters } from './pyodideHarness.js';
import { main } from '../../../electron/cli/index.js';
import { loadDump } from '../../../electron/engine/formats/index.js';
import { frameSlotsOf } from '../../../electron/engine/model/frameHolders.js';

const root = join(import.meta.dirname, '../../..');
const out = mkdtempSync(join(tmpdir(), 'heapscope-stack-pyodide-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Rec {
  a: number;
  t: string;
  f: number;
  s: number;
  x: number;
  k?: string;
  holder?: string;
  name?: string;
}
type Ids = Record<'tup' | 's' | 'big' | 'raw' | 'pending' | 'line', number> & { tracked: boolean };
const types = { tup: 'tuple', s: 'str', big: 'int', raw: 'bytes' } as const;

async function pathText(dump: string, address: number): Promise<string> {
  let text = '';
  const code = await main(['path', dump, String(address)], { out: (t) => void (text += t), err: (t) => void (text += t) });
  expect(code).toBe(0);
  return text;
}

describe.each(pyodideInterpreters.map((p) => [p.short, p] as const))('CPython %s in Pyodide', (short, spec) => {
  it('dumps the untracked objects a running function holds in its locals and on its value stack, named by local and frame', async () => {
    const { py, log } = await bootPyodide(spec, out);
    const file = join(out, `stack-${spec.pkg}.jsonl`);
    py.globals.set('argv', py.toPy([join(root, 'test/python/dumper-programs/stack_locals.py'), join(root, 'electron/engine/formats/heapscope'), file]));
    py.runPython('import runpy, sys\nsys.argv = list(argv)\nrunpy.run_path(sys.argv[0], run_name="__main__")');
    expect(String(py.runPython('import sys; "%d.%d" % sys.version_info[:2]'))).toBe(short);
    const ids = JSON.parse(log[log.length - 1]) as Ids;
    expect(ids.tracked).toBe(false); // the program really made an untracked tuple
    const objects = new Map<number, Rec>();
    const names: { a: number; holder: string; name: string }[] = [];
    for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1, -1)) {
      const r = JSON.parse(line) as Rec;
      if (r.k === 'name') names.push({ a: r.a, holder: r.holder!, name: r.name! });
      else if (r.k === undefined) objects.set(r.a, r);
    }
    const holder = `frame handle (stack_locals.py:${ids.line}) in thread MainThread`;
    for (const [local, t] of Object.entries(types) as [keyof typeof types, string][]) {
      const o = objects.get(ids[local]);
      expect(o, `handle()'s local ${local}`).toMatchObject({ t, x: 1 }); // x: the interpreter frame's slot
      expect(o!.f & 2).toBe(0);
      expect(o!.s).toBeGreaterThan(0);
      expect(names).toContainEqual({ a: ids[local], holder, name: local });
    }
    expect(objects.get(ids.pending)).toMatchObject({ t: 'str' });
    expect(names).toContainEqual({ a: ids.pending, holder, name: '<value stack>' });
    const { graph } = await loadDump(file);
    expect(graph.header.inconsistent).toBeUndefined();
    expect(frameSlotsOf(graph, graph.index.get(ids.raw))).toContain(`local \`raw\` of handle() (stack_locals.py:${ids.line}) in thread MainThread`);
    expect(await pathText(file, ids.tup)).toMatch(new RegExp(`— held by local \`tup\` of handle\\(\\) \\(stack_locals\\.py:${ids.line}\\) in thread MainThread$`, 'm'));
    expect(await pathText(file, ids.pending)).toMatch(/— held on the value stack of handle\(\) \(stack_locals\.py:\d+\) in thread MainThread /);
  }, 120_000);
});
