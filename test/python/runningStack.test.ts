/**
 * The running stack (issue #12 item 6), against every real CPython: objects gc does not track (a
 * tuple and a dict of atoms, a str, an int, bytes, a float) held only by the locals of a running
 * function, in a blocked worker thread and in the dumping main thread, are in the dump with their
 * sizes, named by their local, function, file:line and thread, and `heapscope path` says so. On
 * 3.11 – 3.13 (where a running frame's locals are not an object's references) the dumper reads them
 * from the interpreter frame. On 2.7 and 3.6 – 3.13 the values a frame keeps on its evaluation stack
 * (a `for` loop's iterator, an argument of the call in progress; in the dumping thread, below the
 * operands of its dump() call) are found too, each explained by its frame.
 * In-process, by fork (whose writer keeps one thread) and in run mode.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpreters } from './interpreters.js';
import { main } from '../../electron/cli/index.js';
import { loadDump } from '../../electron/engine/formats/index.js';
import { frameSlotsOf } from '../../electron/engine/model/frameHolders.js';

const root = join(import.meta.dirname, '../..');
const dumperDir = join(root, 'electron/engine/formats/heapscope');
const program = join(import.meta.dirname, 'dumper-programs/stack_untracked.py');
const tmp = mkdtempSync(join(tmpdir(), 'heapscope-stack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const kinds = ['tup', 'dct', 's', 'big', 'raw', 'fl'] as const;
type Held = Record<(typeof kinds)[number] | 'pending' | 'iter' | 'waiter' | 'line', number> & { tracked: boolean[] };
interface Ids {
  main: Held;
  worker: Held;
}
interface Rec {
  a: number;
  t: string;
  f: number;
  s: number;
  x: number;
  k?: string;
  holder?: string;
  name?: string;
  e?: number[];
}

function run(python: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { cwd: root, maxBuffer: 64 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${python} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function parse(path: string): { objects: Map<number, Rec>; names: { a: number; holder: string; name: string }[] } {
  const objects = new Map<number, Rec>();
  const names: { a: number; holder: string; name: string }[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n').filter(Boolean).slice(1, -1)) {
    const r = JSON.parse(line) as Rec;
    if (r.k === 'name') names.push({ a: r.a, holder: r.holder!, name: r.name! });
    else if (r.k === undefined) objects.set(r.a, r);
  }
  return { objects, names };
}

async function pathText(dump: string, address: number): Promise<string> {
  let text = '';
  const code = await main(['path', dump, String(address)], { out: (t) => void (text += t), err: (t) => void (text += t) });
  expect(code).toBe(0);
  return text;
}

const types27: Record<string, string> = { tup: 'tuple', dct: 'dict', s: 'str', big: 'long', raw: 'str', fl: 'float' };
const types3: Record<string, string> = { ...types27, big: 'int', raw: 'bytes' };

describe.each(interpreters().map((p) => [p.short, p] as const))('CPython %s', (short, py) => {
  const [major, minor] = short.split('.').map(Number);
  const fromInterpreterFrame = major === 3 && minor >= 11 && minor <= 13;
  const valueStack = (major === 2 && minor === 7) || (major === 3 && minor >= 6 && minor <= 13);
  const types = major === 2 ? types27 : types3;

  /** Every untracked local of `fn` in `thread` is dumped, untracked, sized and named by its local. */
  function expectHeld(d: ReturnType<typeof parse>, held: Held, fn: string, thread: string): void {
    expect(held.tracked).toEqual([false, false]); // the program really made untracked ones
    const holder = `frame ${fn} (stack_untracked.py:${held.line}) in thread ${thread}`;
    for (const k of kinds) {
      const o = d.objects.get(held[k]);
      expect(o, `${fn}'s local ${k}`).toMatchObject({ t: types[k] });
      expect(o!.f & 2).toBe(0);
      expect(o!.s).toBeGreaterThan(0);
      expect(d.names).toContainEqual({ a: held[k], holder, name: k });
    }
  }

  /** The loop's iterator and the pending argument of `fn` are in the dump, held by its value stack only. */
  function expectOnStack(d: ReturnType<typeof parse>, held: Held, fn: string, thread: string): void {
    const holder = `frame ${fn} (stack_untracked.py:${held.line}) in thread ${thread}`;
    for (const [k, t] of [['iter', major === 2 ? 'tupleiterator' : 'tuple_iterator'], ['pending', 'str']] as const) {
      const o = d.objects.get(held[k]);
      expect(o, `${fn}'s ${k} on its value stack`).toMatchObject({ t });
      // Its one reference is from outside the dump's objects: the frame's stack slot, named.
      expect(o!.x).toBe(1);
      expect(d.names.filter((n) => n.a === held[k])).toEqual([{ a: held[k], holder, name: '<value stack>' }]);
    }
    expect(d.objects.get(held.pending)!.f & 2).toBe(0); // untracked: found through the stack only
  }

  it('in-process: the untracked locals of both threads are in the dump, named, and `path` names their holder', async () => {
    const out = join(tmp, `inproc-${short}.jsonl`);
    const ids = JSON.parse((await run(py.path, [program, dumperDir, out, 'inprocess'])).trim()) as Ids;
    const d = parse(out);
    expectHeld(d, ids.worker, 'serve', 'Worker-1');
    expectHeld(d, ids.main, 'handle', 'MainThread');
    // The engine names those holders for the inspector and root names, on every version.
    const { graph } = await loadDump(out);
    expect(frameSlotsOf(graph, graph.index.get(ids.worker.raw))).toContain(`local \`raw\` of serve() (stack_untracked.py:${ids.worker.line}) in thread Worker-1`);
    expect(frameSlotsOf(graph, graph.index.get(ids.main.dct))).toContain(`local \`dct\` of handle() (stack_untracked.py:${ids.main.line}) in thread MainThread`);
    const worker = await pathText(out, ids.worker.tup);
    const mainText = await pathText(out, ids.main.s);
    if (fromInterpreterFrame) {
      expect(worker).toContain(`root: ${ids.worker.tup} (`);
      expect(worker).toMatch(new RegExp(`— held by local \`tup\` of serve\\(\\) \\(stack_untracked\\.py:${ids.worker.line}\\) in thread Worker-1$`, 'm'));
      expect(mainText).toMatch(new RegExp(`— held by local \`s\` of handle\\(\\) \\(stack_untracked\\.py:${ids.main.line}\\) in thread MainThread$`, 'm'));
      // One reference from outside the dump: the interpreter frame's slot.
      expect(d.objects.get(ids.worker.tup)!.x).toBe(1);
    } else {
      // The running frame is an object here: it is the root and the local its edge.
      expect(worker).toMatch(new RegExp(`^root: .* frame serve \\(stack_untracked\\.py:${ids.worker.line}\\) — a running frame in thread Worker-1$`, 'm'));
      expect(worker).toMatch(new RegExp(`└─ tup → .* tuple — held by local \`tup\` of serve\\(\\) \\(stack_untracked\\.py:${ids.worker.line}\\) in thread Worker-1$`, 'm'));
      expect(mainText).toMatch(/^root: .* frame handle \(stack_untracked\.py:\d+\) — a running frame in thread MainThread$/m);
      expect(mainText).toMatch(/└─ s → .* — held by local `s` of handle\(\) \(stack_untracked\.py:\d+\) in thread MainThread$/m);
    }
    if (valueStack) {
      // The str being passed to hold() while block() runs, and the loop's iterator, live on
      // serve()'s value stack only; in the dumping thread, below the operands of dump().
      expectOnStack(d, ids.worker, 'serve', 'Worker-1');
      expectOnStack(d, ids.main, 'handle', 'MainThread');
      expect(await pathText(out, ids.worker.pending)).toMatch(/— held on the value stack of serve\(\) \(stack_untracked\.py:\d+\) in thread Worker-1 /);
      expect(await pathText(out, ids.main.iter)).toMatch(/— held on the value stack of handle\(\) \(stack_untracked\.py:\d+\) in thread MainThread /);
      // serve() calls a bound method `wait` from a local: 3.6/3.7 put its self in the callable's
      // slot with a reference of the stack's own; 3.8 - 3.10 lend the slot (no reference: not
      // named); 3.11+ move the arguments into the callee's frame. 2.7 reads no call's operands (its
      // call_function may have popped them) and so does not name that self either.
      const lent = d.names.filter((n) => n.a === ids.worker.waiter && n.name === '<value stack>');
      expect(lent).toHaveLength(major === 3 && minor <= 7 ? 1 : 0);
      expect(d.names).toContainEqual({ a: ids.worker.waiter, holder: `frame serve (stack_untracked.py:${ids.worker.line}) in thread Worker-1`, name: 'waiter' });
    } else {
      expect(d.names.filter((n) => n.a === ids.worker.pending || n.a === ids.worker.iter)).toEqual([]);
    }
  }, 120_000);

  it.runIf(valueStack && minor <= 10)('the static value-stack depth equals the interpreter\'s at every traced instruction', async () => {
    const depths = join(import.meta.dirname, major === 2 ? 'dumper-programs/value_stack_depths27.py' : 'dumper-programs/value_stack_depths.py');
    const got = JSON.parse((await run(py.path, [depths, dumperDir])).trim()) as { checked: number; deep?: number; unknown: number; mismatches: unknown[] };
    expect(got.mismatches).toEqual([]);
    // 2.7 and 3.6 trace lines only; 3.7+ every instruction (try/finally and with exits are left out
    // on 2.7 - 3.8). 2.7's program splits expressions over lines: many checks at a depth above 0.
    expect(got.checked).toBeGreaterThan(minor === 6 ? 200 : 1500);
    if (major === 2) expect(got.deep).toBeGreaterThan(500);
  }, 120_000);

  it('fork capture: the other thread\'s stack is looked at before the fork (the writer has one thread)', async () => {
    const out = join(tmp, `fork-${short}.jsonl`);
    const ids = JSON.parse((await run(py.path, [program, dumperDir, out, 'fork'])).trim()) as Ids;
    const d = parse(out);
    expectHeld(d, ids.worker, 'serve', 'Worker-1');
    expectHeld(d, ids.main, 'handle', 'MainThread');
    if (fromInterpreterFrame) expect(await pathText(out, ids.worker.dct)).toMatch(/— held by local `dct` of serve\(\) \(stack_untracked\.py:\d+\) in thread Worker-1$/m);
    if (valueStack) {
      expectOnStack(d, ids.worker, 'serve', 'Worker-1');
      expectOnStack(d, ids.main, 'handle', 'MainThread');
    }
  }, 120_000);

  it('run mode: the blocked worker\'s untracked locals are in the dump written at exit', async () => {
    const out = join(tmp, `run-${short}.jsonl`);
    const ids = JSON.parse((await run(py.path, [join(dumperDir, 'heapscope_dump.py'), 'run', program, dumperDir, 'x', 'run', '--out', out])).trim().split('\n').pop()!) as Ids;
    const d = parse(out);
    expectHeld(d, ids.worker, 'serve', 'Worker-1');
    if (valueStack) expectOnStack(d, ids.worker, 'serve', 'Worker-1');
    if (fromInterpreterFrame) expect(await pathText(out, ids.worker.big)).toMatch(/— held by local `big` of serve\(\) \(stack_untracked\.py:\d+\) in thread Worker-1$/m);
  }, 120_000);
});
