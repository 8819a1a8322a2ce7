/**
 * A dump holds only the program (issue #11 items 3, 4, 2): against real CPython, a program that
 * imports nothing is dumped by `run` and the way the attach helpers inject the dumper (exec'd into
 * a private namespace), and its census is compared with census_baseline.py's count of the same
 * program without the dumper; in-process, only the dumper's own module and imports may be added.
 * No mode may leave an untracked leftover either (an object only the dumper holds, or one reached
 * only through what was left out as the dumper's: see `leftovers`).
 * Frames carry function, file and line and name their locals; fork capture writes the same heap
 * as an in-process dump and leaves no child behind.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpreters, type Interpreter } from './interpreters.js';
import { main } from '../../electron/cli/index.js';

const root = join(import.meta.dirname, '../..');
const dumperDir = join(root, 'electron/engine/formats/heapscope');
const dumper = join(dumperDir, 'heapscope_dump.py');
const programs = join(import.meta.dirname, 'dumper-programs');
const tmp = mkdtempSync(join(tmpdir(), 'heapscope-clean-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Rec {
  a: number;
  t: string;
  f: number;
  rc: number;
  e?: number[];
  l?: (string | null)[];
  w?: number;
  r?: string;
  fn?: string;
  file?: string;
  line?: number;
}
interface Parsed {
  header: Record<string, unknown>;
  objects: Map<number, Rec>;
  names: { a: number; holder: string; name: string }[];
}

function run(python: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { cwd: root, maxBuffer: 64 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${python} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function parse(path: string): Parsed {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const objects = new Map<number, Rec>();
  const names: Parsed['names'] = [];
  for (const line of lines.slice(1, -1)) {
    const r = JSON.parse(line) as Rec & { k?: string; holder?: string; name?: string };
    if (r.k === 'name') names.push({ a: r.a, holder: r.holder!, name: r.name! });
    else if (r.k === undefined) objects.set(r.a, r);
  }
  return { header: JSON.parse(lines[0]) as Record<string, unknown>, objects, names };
}

interface Census {
  types: Map<string, number>;
  modules: Set<string>;
}

/** Tracked objects per type and the module names (`r` of module records). Tuples are counted as
 *  `tuple-tracked`, those holding a tracked object: a tuple of atoms stays tracked only until a
 *  collection looks at it, and the automatic collections come at other moments with the dumper. */
function census(d: Parsed): Census {
  const types = new Map<string, number>();
  const modules = new Set<string>();
  for (const o of d.objects.values()) {
    if (!(o.f & 2)) continue;
    const holding = o.t === 'tuple' && (o.e ?? []).some((e) => ((d.objects.get(e)?.f ?? 0) & 2) !== 0);
    const key = o.t !== 'tuple' ? o.t : holding ? 'tuple-tracked' : undefined;
    if (key) types.set(key, (types.get(key) ?? 0) + 1);
  }
  for (const o of d.objects.values()) {
    if (o.t === 'module' && o.r) modules.add(JSON.parse(`"${o.r.replace(/^'|'$/g, '')}"`) as string);
  }
  return { types, modules };
}

/** What a dump holds only because of the dumper, tracked or not (the census above counts tracked
 *  objects only), by type: a record whose refcount is all the dumper's (rc 0 once its references
 *  are subtracted: nothing of the program's holds it, e.g. the dumper's co_linetable bytes), and
 *  an untracked object no record refers to or weakly targets. The census reaches untracked objects
 *  only as referents, so such a one was reached through objects left out as the dumper's alone
 *  (e.g. the names in its code's co_localsplusnames). Running frames are reached from the stacks. */
function leftovers(d: Parsed): Record<string, number> {
  const referenced = new Set<number>();
  for (const o of d.objects.values()) {
    for (const e of o.e ?? []) referenced.add(e);
    if (o.w) referenced.add(o.w);
  }
  const out: Record<string, number> = {};
  for (const o of d.objects.values()) {
    const rcZero = o.rc <= 0 && !(o.f & 4);
    const unreferenced = !(o.f & 2) && o.t !== 'frame' && !referenced.has(o.a);
    if (rcZero) out[`${o.t} rc 0`] = (out[`${o.t} rc 0`] ?? 0) + 1;
    if (unreferenced) out[`${o.t} untracked, unreferenced`] = (out[`${o.t} untracked, unreferenced`] ?? 0) + 1;
  }
  return out;
}

async function baseline(py: Interpreter): Promise<Census> {
  const out = await run(py.path, [join(programs, 'census_baseline.py'), join(programs, 'census_bare.py')]);
  const types = new Map<string, number>();
  const modules = new Set<string>();
  for (const line of out.split('\n')) {
    const [kind, name, count] = line.split(' ');
    if (kind === 'T' && name !== 'tuple') types.set(name, Number(count));
    if (kind === 'X') types.set(name, Number(count));
    if (kind === 'M') modules.add(name);
  }
  return { types, modules };
}

/** Types a dump has more of than the baseline (2.7 readies static types lazily: their dicts and
 *  descriptors stay for good once the dumper touched them, which the header notes say). */
function surplus(dump: Map<string, number>, base: Map<string, number>, py: Interpreter): Record<string, number> {
  const lazy27 = new Set(['tuple-tracked', 'dict', 'weakref', 'method_descriptor', 'wrapper_descriptor', 'member_descriptor', 'getset_descriptor']);
  const [major, minor] = py.short.split('.').map(Number);
  const out: Record<string, number> = {};
  for (const [t, n] of dump) {
    const extra = n - (base.get(t) ?? 0);
    if (extra <= 0 || (py.short === '2.7' && lazy27.has(t) && extra <= 40)) continue;
    // Known gap, kept small and visible here: up to 3.7 the program's running module frame is
    // tracked (the baseline's has finished).
    if (t === 'frame' && extra === 1 && (major === 2 || minor < 8)) continue;
    out[t] = extra;
  }
  return out;
}

const wanted = ['2.7', '3.6', '3.8', '3.10', '3.11', '3.12', '3.13'];
const pythons = interpreters().filter((p) => wanted.includes(p.short));
const dumperTypes = /_TypeLayout|_TypeInfo|_State|_Labeler|_Writer|_SharedKeys|heapscope/;
const dumperGlobals = new Set(['PY2', 'PY', '_reversed_dict', '_CO_NEWLOCALS', '_K_CODE', '_K_PLAIN', '_P', '_MEM', '_RC_SHIFT']);

describe.each(pythons.map((p) => [p.short, p] as const))('CPython %s', (short, py) => {
  it('run mode: no module, class or object the program did not create beyond the bare interpreter', async () => {
    const out = join(tmp, `run-${short}.jsonl`);
    await run(py.path, [dumper, 'run', join(programs, 'census_bare.py'), '--out', out]);
    const d = parse(out);
    const got = census(d);
    const base = await baseline(py);
    expect([...got.modules].filter((m) => !base.modules.has(m))).toEqual([]);
    expect(surplus(got.types, base.types, py)).toEqual({});
    expect(leftovers(d)).toEqual({});
    expect([...d.objects.values()].filter((o) => dumperTypes.test(o.t) || (o.t === 'code' && (o.r ?? '').includes('heapscope_dump.py'))).map((o) => o.t)).toEqual([]);
    expect(d.names.filter((n) => n.holder === 'module heapscope_dump')).toEqual([]);
  }, 120_000);

  it('attach-style exec into a private namespace: the dumper, its imports and its bootstrap are left out', async () => {
    const out = join(tmp, `attach-${short}.jsonl`);
    await run(py.path, [join(programs, 'census_attach.py'), dumper, out]);
    const d = parse(out);
    const got = census(d);
    const base = await baseline(py);
    expect([...got.modules].filter((m) => !base.modules.has(m))).toEqual([]);
    expect(surplus(got.types, base.types, py)).toEqual({});
    expect(leftovers(d)).toEqual({});
    expect([...d.objects.values()].filter((o) => dumperTypes.test(o.t) || (o.t === 'code' && (o.r ?? '').includes('heapscope_dump.py')))).toEqual([]);
    expect(d.header.capture).toMatchObject({ method: 'attach-test' });
  }, 120_000);

  it('in-process: only the dumper module and its own imports are added, never ctypes or json', async () => {
    const out = join(tmp, `inproc-${short}.jsonl`);
    await run(py.path, [join(programs, 'census_inprocess.py'), dumperDir, out, 'all']);
    const d = parse(out);
    const base = await baseline(py);
    const added = [...census(d).modules].filter((m) => !base.modules.has(m)).sort();
    // _opcode: 3.6 - 3.10 read a running frame's value-stack depth with its stack_effect (a C module).
    const allowed = new Set(['heapscope_dump', 'gc', 'zlib', '_json', 'itertools', '_collections', 'collections.abc', 'array', 'time', '_opcode']);
    expect(added.filter((m) => !allowed.has(m))).toEqual([]);
    expect(leftovers(d)).toEqual({});
    expect([...d.objects.values()].filter((o) => o.t.startsWith('_ctypes') || o.t.startsWith('ctypes'))).toEqual([]);
    expect(d.header.capture).toMatchObject({ method: 'in-process' });
  }, 120_000);

  it('never names False, True or small ints after the dumper globals (names="user" and "all")', async () => {
    for (const mode of ['user', 'all']) {
      const out = join(tmp, `names-${short}-${mode}.jsonl`);
      await run(py.path, [join(programs, 'census_inprocess.py'), dumperDir, out, mode]);
      const d = parse(out);
      const bad = d.names.filter((n) => n.holder === 'module heapscope_dump' || (dumperGlobals.has(n.name) && ['bool', 'int'].includes(d.objects.get(n.a)?.t ?? '')));
      expect(bad).toEqual([]);
    }
  }, 120_000);

  it('frames carry function, file and line; locals, tb_frame and f_back are labelled by name', async () => {
    const out = join(tmp, `frames-${short}.jsonl`);
    const ids = JSON.parse((await run(py.path, [join(programs, 'frames.py'), dumperDir, out])).trim()) as Record<string, number>;
    const d = parse(out);
    const frame = d.objects.get(ids.frame)!;
    expect(frame).toMatchObject({ t: 'frame', fn: 'handle_job', line: ids.line, r: `handle_job (frames.py:${ids.line})` });
    expect(frame.file).toMatch(/frames\.py$/);
    const label = (src: Rec, dst: number): (string | null)[] => (src.e ?? []).flatMap((e, i) => (e === dst ? [src.l?.[i] ?? null] : []));
    expect(label(frame, ids.payload)).toEqual(['payload']);
    expect(label(frame, ids.other)).toEqual(['other']);
    expect(frame.l).toContain('f_back');
    expect(label(d.objects.get(ids.tb)!, ids.frame)).toEqual(['tb_frame']);
    expect(d.names).toContainEqual({ a: ids.payload, holder: `frame handle_job (frames.py:${ids.line})`, name: 'payload' });
    const modulesDict = d.names.find((n) => n.holder === 'interpreter' && n.name === 'sys.modules');
    expect(d.objects.get(modulesDict!.a)?.t).toBe('dict');
    // `heapscope path` names the frame and the interpreter's root the way a user reads them.
    let text = '';
    const code = await main(['path', out, String(ids.payload)], { out: (t) => void (text += t), err: (t) => void (text += t) });
    expect(code).toBe(0);
    expect(text).toMatch(/^root: (sys\.modules|__main__\.__dict__|sys\.modules\['__main__'\]) — .*, held by the interpreter$/m);
    let viaFrame = '';
    await main(['path', out, String(ids.frame)], { out: (t) => void (viaFrame += t), err: () => undefined });
    expect(viaFrame).toContain(`frame handle_job (frames.py:${ids.line})`);
  }, 120_000);

  it('records every thread\'s running stack: frames, their locals by name, held as roots', async () => {
    const out = join(tmp, `stack-${short}.jsonl`);
    const ids = JSON.parse((await run(py.path, [join(programs, 'stack.py'), dumperDir, out])).trim()) as Record<string, number>;
    const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const threads = lines.filter((l) => l.k === 'thread') as unknown as { name: string; frames: number[] }[];
    const d = parse(out);
    const titles = (name: string): (string | undefined)[] => (threads.find((t) => t.name === name)?.frames ?? []).map((a) => d.objects.get(a)?.r);
    expect(titles('Worker-1')[0]).toMatch(/^worker \(stack\.py:\d+\)$/);
    expect(titles('MainThread')[0]).toBe(`handle (stack.py:${ids.line})`);
    expect(titles('MainThread').join()).not.toContain('heapscope_dump');
    expect(d.names).toContainEqual({ a: ids.req, holder: `frame handle (stack.py:${ids.line}) in thread MainThread`, name: 'req' });
    expect(d.names.find((n) => n.a === ids.job)?.holder).toMatch(/^frame worker \(stack\.py:\d+\) in thread Worker-1$/);
    const worker = d.objects.get(threads.find((t) => t.name === 'Worker-1')!.frames[0])!;
    const [major, minor] = short.split('.').map(Number);
    if (major === 3 && minor >= 11) expect((worker as Rec & { mk?: number }).mk).toBe(1); // made for the dump
    let text = '';
    await main(['path', out, String(ids.job)], { out: (t) => void (text += t), err: (t) => void (text += t) });
    // <= 3.10 the frame object is the root and `job` its edge; 3.11+ the object is held by the
    // interpreter frame's slot, named by its local.
    if (major === 3 && minor >= 11) expect(text).toMatch(/^root: .* __main__\.Job — held by local `job` of worker\(\) \(stack\.py:\d+\) in thread Worker-1$/m);
    else {
      expect(text).toMatch(/^root: .* frame worker \(stack\.py:\d+\) — a running frame in thread Worker-1$/m);
      expect(text).toMatch(/└─ job → /);
    }
  }, 120_000);

  it('fork capture: the same refcounts as an in-process dump, no child left, the parent pid in the header', async () => {
    const out = join(tmp, `fork-${short}`);
    const report = JSON.parse((await run(py.path, [join(programs, 'fork_capture.py'), dumperDir, out])).trim()) as {
      count: number;
      children: string;
      pid: number;
    };
    expect(report.children).toBe('none');
    const inproc = parse(`${out}.inproc.jsonl`);
    const forked = parse(`${out}.fork.jsonl`);
    expect(forked.header.capture).toEqual({ method: 'fork', pid: report.pid, via: 'test' });
    expect(forked.header.pid).toBe(report.pid);
    expect(report.count).toBe(forked.objects.size);
    // Every object of the program's heap (the ones both dumps hold) has the same refcount.
    const differ: string[] = [];
    for (const [a, o] of inproc.objects) {
      const f = forked.objects.get(a);
      // The stdlib's own at-fork handlers (threading._after_fork) reset threading's locks in the
      // child: those objects are the one known difference.
      if (f && f.rc !== o.rc && (o.f & 2) !== 0 && !o.t.startsWith('_thread.')) differ.push(`${o.t}@${a}: ${o.rc} vs ${f.rc}`);
    }
    expect(differ).toEqual([]);
  }, 120_000);
});
