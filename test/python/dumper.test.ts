/**
 * Proves heapscope_dump.py against real CPython: every installed interpreter runs small programs
 * (test/python/dumper-programs/) that build known structures and dump their own heap; the dumps are
 * parsed here with a minimal JSONL reader (independent of the app's reader) and checked against what
 * the program measured with sys.getrefcount. Programs run in parallel, a few at a time.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpreters, missingRequired, type Interpreter } from './interpreters.js';

const root = join(import.meta.dirname, '../..');
const dumperDir = join(root, 'electron/engine/formats/heapscope');
const dumper = join(dumperDir, 'heapscope_dump.py');
const programs = join(import.meta.dirname, 'dumper-programs');

interface ObjectRecord {
  a: number;
  t: string;
  s: number;
  f: number;
  rc: number;
  x: number;
  e?: number[];
  l?: (string | null)[];
  ex?: number;
  fin?: string;
  w?: number;
  r?: string;
}
interface Dump {
  header: Record<string, unknown>;
  objects: Map<number, ObjectRecord>;
  names: { a: number; holder: string; name: string }[];
  trailer: { k: string; objects: number };
  /** FORMAT.md `weakcb` and `gen` records. */
  extras: Extra[];
  /** FORMAT.md `tpname` records. */
  tpNames: { t?: string; tp: string | null; a?: number[] }[];
}
interface Extra {
  k: 'weakcb' | 'genstate';
  a: number;
  cb?: number;
  kind?: string;
  drops?: number[];
  state?: string;
}
interface KnownRun {
  dump: Dump;
  info: { ids: Record<string, number>; expected: Record<string, number>; tracked_before: number; tracked_after: number };
}

/** Parses a dump (plain or gzip) and checks the invariants every reader relies on. */
function readDump(path: string): Dump {
  let buf = readFileSync(path);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const lines = buf.toString('utf8').split('\n');
  expect(lines.pop()).toBe('');
  const header = JSON.parse(lines[0]) as Record<string, unknown>;
  const objects = new Map<number, ObjectRecord>();
  const names: Dump['names'] = [];
  const extras: Extra[] = [];
  const tpNames: Dump['tpNames'] = [];
  for (let i = 1; i < lines.length - 1; i++) {
    const rec = JSON.parse(lines[i]) as ObjectRecord & { k?: string; holder?: string; name?: string };
    if (rec.k === 'gen') continue; // identity records: test/python/compare.test.ts
    if (rec.k === 'name') {
      names.push({ a: rec.a, holder: rec.holder!, name: rec.name! });
      continue;
    }
    if (rec.k === 'thread') continue; // the running stack (FORMAT.md "thread"), checked in dumperClean.test.ts
    if (rec.k === 'weakcb' || rec.k === 'genstate') {
      extras.push(rec as unknown as Extra);
      continue;
    }
    if (rec.k === 'tpname') {
      tpNames.push(rec as unknown as Dump['tpNames'][number]);
      continue;
    }
    expect(rec.k).toBeUndefined();
    expect(objects.has(rec.a)).toBe(false);
    objects.set(rec.a, rec);
  }
  const trailer = JSON.parse(lines[lines.length - 1]) as Dump['trailer'];
  return { header, objects, names, trailer, extras, tpNames };
}

function run(python: string, args: string[], cwd = root): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { cwd, maxBuffer: 64 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${python} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Runs jobs with at most `limit` in flight: 2 cores are shared, so keep it small. */
async function pool<T>(jobs: (() => Promise<T>)[], limit = 3): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]();
      }
    }),
  );
  return out;
}

const pythons = interpreters();
const tmp = mkdtempSync(join(tmpdir(), 'heapscope-dumper-'));
const known = new Map<string, KnownRun>();
const runMode = new Map<string, { dump: Dump; argv: string[] }>();
const signalMode = new Map<string, { dump: Dump; files: string[] }>();

beforeAll(async () => {
  const jobs: (() => Promise<void>)[] = [];
  for (const py of pythons) {
    const dir = join(tmp, py.short);
    jobs.push(async () => {
      const out = join(tmp, `known-${py.short}.jsonl`);
      const stdout = await run(py.path, [join(programs, 'known.py'), dumperDir, out]);
      const info = JSON.parse(stdout.trim().split('\n').pop()!) as KnownRun['info'];
      known.set(py.short, { dump: readDump(out), info });
    });
    jobs.push(async () => {
      const out = join(tmp, `run-${py.short}.jsonl.gz`);
      const stdout = await run(py.path, [dumper, 'run', join(programs, 'run_mode.py'), 'one', '--two', '--out', out]);
      runMode.set(py.short, { dump: readDump(out), argv: JSON.parse(stdout.trim()) as string[] });
    });
    jobs.push(async () => {
      mkdirSync(dir, { recursive: true });
      const stdout = await run(py.path, [join(programs, 'signal_mode.py'), dumperDir, dir]);
      const files = JSON.parse(stdout.trim().split('\n').pop()!) as string[];
      signalMode.set(py.short, { dump: readDump(join(dir, files[0])), files });
    });
  }
  await pool(jobs);
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('demo heaps', () => {
  const demoDir = join(root, 'electron/demo-heaps');
  const index = JSON.parse(readFileSync(join(demoDir, 'index.json'), 'utf8')) as {
    demos: { file: string; python: string; expected: { collected: number; garbage: number } }[];
  };

  it('are listed with the numbers the article reports for CPython 2.7', () => {
    const byFile = new Map(index.demos.map((d) => [d.file, d]));
    expect(byFile.get('article-self-cycle-2.7.jsonl.gz')?.expected).toEqual({ collected: 2, garbage: 1 });
    expect(byFile.get('article-two-cycle-2.7.jsonl.gz')?.expected).toEqual({ collected: 4, garbage: 2 });
    expect(byFile.get('article-self-cycle-3.11.jsonl.gz')?.expected).toEqual({ collected: 1, garbage: 0 });
    expect(byFile.get('article-two-cycle-3.11.jsonl.gz')?.expected).toEqual({ collected: 2, garbage: 0 });
  });

  it.each(['article-self-cycle-2.7', 'article-self-cycle-3.11', 'article-two-cycle-2.7', 'article-two-cycle-3.11'])(
    '%s holds the unreachable __del__ instances with no external references',
    (name) => {
      const d = readDump(join(demoDir, `${name}.jsonl.gz`));
      const leaks = [...d.objects.values()].filter((o) => /^__main__\.CGcLeak/.test(o.t));
      expect(leaks).toHaveLength(name.includes('self') ? 1 : 2);
      for (const o of leaks) {
        expect(o.fin).toBe('del');
        expect(o.x).toBe(0);
        expect(o.rc).toBe(1);
      }
      for (const o of d.objects.values()) for (const e of o.e ?? []) expect(d.objects.has(e)).toBe(true);
    },
  );
});

it('finds every required interpreter', () => {
  expect(missingRequired()).toEqual([]);
  expect(pythons.length).toBeGreaterThanOrEqual(3);
});

const atLeast = (py: Interpreter, major: number, minor: number): boolean => {
  const [a, b] = py.short.split('.').map(Number);
  return a > major || (a === major && b >= minor);
};

/** Labels of the edges from `src` to `dst` (with multiplicity). */
function labelsTo(d: Dump, src: number, dst: number): (string | null)[] {
  const o = d.objects.get(src)!;
  const e = o.e ?? [];
  return e.flatMap((t, i) => (t === dst ? [o.l ? o.l[i] : null] : []));
}

describe.each(pythons.map((p) => [p.short, p] as const))('CPython %s', (_short, py) => {
  const k = (): KnownRun => known.get(py.short)!;
  const id = (name: string): number => k().info.ids[name];
  const obj = (name: string): ObjectRecord => k().dump.objects.get(id(name))!;

  it('records tp_name read from memory where it is not `t`: a class by its bare name, builtins not at all', () => {
    const { header, tpNames } = k().dump;
    expect(header.tpNames).toBe(true);
    const byT = new Map(tpNames.filter((r) => r.t !== undefined).map((r) => [r.t, r.tp]));
    expect(byT.get('__main__.Node')).toBe('Node');
    expect(byT.get('__main__.Slotted')).toBe('Slotted');
    for (const t of ['dict', 'list', 'tuple', 'type', 'function']) expect(byT.has(t)).toBe(false);
    for (const r of tpNames) expect(r.tp).not.toBe(r.t);
  });

  it('writes a header, typed object records and a trailer with the right count', () => {
    const { header, objects, trailer } = k().dump;
    expect(header.format).toBe('heapscope');
    expect(header.version).toEqual([1, 0]);
    const python = header.python as Record<string, unknown>;
    expect(python.version).toBe(py.version);
    expect(typeof python.hexversion).toBe('number');
    expect(python.implementation).toBe('cpython');
    expect(header.pointerSize).toBe(8);
    expect(typeof header.time).toBe('string');
    const gc = header.gc as Record<string, unknown>;
    expect(gc.enabled).toBe(false); // known.py disabled gc before dumping
    expect((gc.threshold as number[]).length).toBe(3);
    expect(typeof gc.debug).toBe('number');
    const counts = header.counts as { objects: number; tracked: number };
    expect(counts.objects).toBe(objects.size);
    expect(trailer).toMatchObject({ k: 'end', objects: objects.size });
    let tracked = 0;
    for (const o of objects.values()) {
      expect(typeof o.t).toBe('string');
      for (const key of ['a', 's', 'f', 'rc', 'x'] as const) expect(Number.isInteger(o[key])).toBe(true);
      if (o.l) expect(o.l.length).toBe(o.e!.length);
      if (o.f & 2) tracked++;
    }
    expect(tracked).toBe(counts.tracked);
  });

  it('leaves the number of tracked objects unchanged (the dump does not change what it measures)', () => {
    expect(k().info.tracked_after).toBe(k().info.tracked_before);
  });

  it('keeps the graph closed: unique addresses, every edge and weak target in the file', () => {
    const { objects } = k().dump;
    for (const o of objects.values()) {
      for (const e of o.e ?? []) expect(objects.has(e)).toBe(true);
      if (o.w) expect(objects.has(o.w)).toBe(true);
    }
  });

  it('records true refcounts: the ones the program measured, and hand-known ones', () => {
    for (const [name, rc] of Object.entries(k().info.expected)) expect([name, obj(name).rc]).toEqual([name, rc]);
    expect(obj('cyc_a').rc).toBe(2); // a global and the other half of the 2-cycle
    expect(obj('key_obj').rc).toBe(2); // a global and a dict key
    expect(obj('plain').rc).toBe(1);
    expect(obj('fin').rc).toBe(1); // the weak proxy does not count
  });

  it('computes x as refcount minus references from tracked objects', () => {
    expect(obj('held_list').x).toBe(0); // all its holders are tracked containers
    expect(obj('cyc_a').x).toBe(0);
    const { objects } = k().dump;
    let inner = 0;
    for (const o of objects.values()) {
      if (!(o.f & 2)) continue;
      for (const e of (o.e ?? []).slice(o.ex ?? 0)) if (e === id('held_list')) inner++;
    }
    expect(obj('held_list').rc - inner).toBe(obj('held_list').x);
  });

  it('labels dict values and keys, list indices, cells, slots, attributes and type fields', () => {
    const d = k().dump;
    expect(labelsTo(d, id('main_dict'), id('held_list'))).toEqual(["['held_list']"]);
    expect(labelsTo(d, id('seq'), id('held_list'))).toEqual(['[1]']);
    expect(labelsTo(d, id('keyed'), id('held_list'))).toEqual(["['k1']"]);
    expect(obj('int_keyed').l).toEqual(py.short === '2.7' ? ['<5>', '[5]'] : ['[5]', '<5>']);
    expect(labelsTo(d, id('cell'), id('held_list'))).toEqual(['cell_contents']);
    expect(labelsTo(d, id('slotted'), id('held_list'))).toEqual(['.y']);
    expect(labelsTo(d, id('holder'), id('Node'))).toEqual(['__class__']);
    if (atLeast(py, 3, 11)) {
      expect(labelsTo(d, id('holder'), id('held_list'))).toEqual(['.child']);
      expect(labelsTo(d, id('cyc_a'), id('cyc_b'))).toEqual(['.other']);
    } else {
      const dictAddr = obj('holder').e![obj('holder').l!.indexOf('__dict__')];
      expect(labelsTo(d, dictAddr, id('held_list'))).toEqual(["['child']"]);
    }
    expect(obj('Node').l).toEqual(expect.arrayContaining(['__dict__', '__mro__', '__bases__']));
  });

  it('names module globals in name records', () => {
    const n = k().dump.names.find((r) => r.a === id('held_list') && r.holder === 'module __main__');
    expect(n?.name).toBe('held_list');
  });

  it('reports finalizer kinds: __del__ classes and suspended generators', () => {
    expect(obj('fin').fin).toBe('del');
    expect(obj('gen').fin).toBe(py.short === '2.7' ? 'gen' : 'tp_finalize');
    // 2.7: a generator suspended outside any try block needs no finalizing (PyGen_NeedsFinalizing).
    expect(obj('plain_gen').fin).toBe(py.short === '2.7' ? undefined : 'tp_finalize');
    expect(obj('plain').fin).toBeUndefined();
  });

  it('flags objects whose finalizer already ran (3.4+: a resurrected __del__ instance)', () => {
    expect(obj('phoenix').fin).toBe('del');
    expect(obj('phoenix').f & 32).toBe(py.short === '2.7' ? 0 : 32);
    expect(obj('fin').f & 32).toBe(0);
  });

  it('includes untracked objects with the references the collector cannot see (ex)', () => {
    const code = obj('closure_code');
    expect(code.f & 3).toBe(0); // not a GC object
    expect(code.ex).toBeGreaterThan(0);
    expect(code.l!.slice(0, code.ex)).toContain('co_consts');
    const intType = obj('int_type');
    expect(intType.f & 2).toBe(0); // a static type: untracked
    expect(intType.l!.slice(0, intType.ex)).toContain('__mro__');
    expect(intType.r).toBe(py.short === '2.7' ? '__builtin__.int' : 'builtins.int');
  });

  it('records each weakref callback: stdlib kinds with the references they drop, user code as unknown', () => {
    const rec = (a: number, kind: string): Extra | undefined => k().dump.extras.find((r) => r.k === kind && r.a === a);
    const keyed = rec(id('keyed_ref'), 'weakcb')!;
    expect(keyed.kind).toBe('WeakValueDictionary');
    expect(obj('keyed_ref').e).toContain(keyed.cb);
    expect(keyed.drops!.slice(0, 2)).toEqual([id('cache_data'), id('keyed_ref')]);
    const user = rec(id('weak_cb'), 'weakcb')!;
    expect(user.kind).toBe('unknown');
    expect(user.drops).toBeUndefined();
    expect(rec(id('weak_plain'), 'weakcb')).toBeUndefined();
    expect(rec(id('fresh_gen'), 'genstate')?.state).toBe('created');
    expect(rec(id('plain_gen'), 'genstate')).toBeUndefined(); // started
  });

  it('records what a non-GC holder holds as hidden edges (datetime.time -> tzinfo)', () => {
    const clock = obj('clock');
    expect(clock.f & 1).toBe(0);
    expect(clock.ex).toBe(1);
    expect(clock.e![0]).toBe(id('zone'));
    expect(clock.l![0]).toBe('tzinfo');
  });

  it('records weak targets and whether a callback is set', () => {
    expect(obj('weak_plain').w).toBe(id('plain'));
    expect(obj('weak_plain').f & 16).toBe(0);
    expect(obj('weak_cb').w).toBe(id('plain'));
    expect(obj('weak_cb').f & 16).toBe(16);
    expect(obj('proxy').w).toBe(id('fin'));
    expect(obj('plain').e ?? []).not.toContain(id('weak_plain'));
  });

  it('flags type objects, and counts only heap types as GC objects (type_is_gc)', () => {
    const d = k().dump;
    const plain = obj('plain');
    const cls = d.objects.get(plain.e![plain.l!.indexOf('__class__')])!;
    expect(cls.f & 8).toBe(8);
    expect(cls.f & 1).toBe(1);
    const staticObject = [...d.objects.values()].find((o) => o.t === 'type' && /^(builtins|__builtin__)\.object$/.test(o.r ?? ''))!;
    expect(staticObject.f & 8).toBe(8);
    expect(staticObject.f & 1).toBe(0);
    expect(obj('plain').f & 8).toBe(0);
  });

  // Version-specific facts are registered only where they apply, so CI reports no skipped tests.
  if (atLeast(py, 3, 11)) {
    it('does not materialize instance __dict__ on 3.11+', () => {
      const d = k().dump;
      const targets = (obj('plain').e ?? []).map((e) => d.objects.get(e)!.t);
      expect(targets).not.toContain('dict');
      expect(obj('plain').l).toEqual(['.a', '.b', '__class__']);
    });
  }

  if (atLeast(py, 3, 12)) {
    it('flags immortal objects on 3.12+', () => {
      const none = [...k().dump.objects.values()].find((o) => o.t === 'NoneType')!;
      expect(none.f & 4).toBe(4);
    });
  }

  it('run mode: runs the script as __main__ with its arguments and dumps (gzip) when it ends', () => {
    const { dump, argv } = runMode.get(py.short)!;
    expect(argv).toEqual(['one', '--two']);
    const marker = dump.names.find((n) => n.holder === 'module __main__' && n.name === 'run_marker');
    expect(marker).toBeDefined();
    const loop = dump.names.find((n) => n.holder === 'module __main__' && n.name === 'loop')!;
    const loopObj = dump.objects.get(loop.a)!;
    expect(loopObj.t).toBe('__main__.Loop');
    expect(loopObj.rc).toBe(2); // the global and its own .me (held by its __dict__ on ≤3.10)
  });

  it('signal mode: dumps to the directory when the signal arrives', () => {
    const { dump, files } = signalMode.get(py.short)!;
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^heapscope-\d+-\d{8}T\d{6}\.jsonl\.gz$/);
    expect(dump.trailer.objects).toBe(dump.objects.size);
    const marker = dump.names.find((n) => n.name === 'signal_marker')!;
    expect(dump.objects.get(marker.a)!.rc).toBe(1);
    for (const o of dump.objects.values()) for (const e of o.e ?? []) expect(dump.objects.has(e)).toBe(true);
  });
});
