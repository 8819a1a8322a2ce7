/**
 * A synthetic dump of any size in the real format (FORMAT.md 2.0, uncompressed JSON Lines) for the
 * scale benchmark, written line by line so that its text is never held: CPython 3.10 layout
 * (instances with a __dict__), made of repeating "groups" of 97 objects:
 *
 *   16 instances of one of 8 classes, each with its __dict__ holding a str (also in a tuple), an
 *   int (the tuple's other item), a list of two shared tag strings and that tuple; instances 1..15
 *   point at instance 0 (`['parent']`), whose `['children']` list holds them back: one 16-instance
 *   cycle per group; every 5th group's instance 7 also holds itself (`['self']`).
 *
 * Live groups hang from `registry`, a module-level list (a big container: hundreds of thousands
 * of items, written with continuation records), every 4th also from `cache`, a dict keyed by the
 * root's int. One group in 97 is garbage (held by nothing: a cycle the collector frees), one in 970
 * of those of class Leaky (with __del__). Roots: sys.modules (held by the interpreter), the module
 * __main__, and three running frames (untracked, as on 3.10) whose locals hold a few groups.
 *
 * Every `rc` and `x` is exact (computed from the layout), so the loader's consistency check passes.
 */
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BASE = 139_872_000_000_000;
const GROUP = 16;
const PER_GROUP = GROUP * 6 + 1;
const HEAD = 3; // sys.modules, module __main__, its __dict__
const CLASSES = 8;
const TAGS = 64;
const FRAMES = 3;
const PART = 100_000;

const addr = (k: number): number => BASE + k * 32;

interface Layout {
  groups: number;
  total: number;
  /** Ordinals of the objects after the groups. */
  registry: number;
  cache: number;
  frame0: number;
  class0: number;
  leaky: number;
  tag0: number;
}

function layout(target: number): Layout {
  const groups = Math.max(1, Math.ceil((target - HEAD) / PER_GROUP));
  const registry = HEAD + groups * PER_GROUP;
  const cache = registry + 1;
  const frame0 = cache + 1;
  const class0 = frame0 + FRAMES;
  const leaky = class0 + CLASSES;
  const tag0 = leaky + 1;
  return { groups, registry, cache, frame0, class0, leaky, tag0, total: tag0 + TAGS };
}

const isGarbage = (g: number): boolean => g % 97 === 5;
const isLeaky = (g: number): boolean => g % 970 === 5;
const isCached = (g: number): boolean => !isGarbage(g) && g % 4 === 0;
const hasSelf = (g: number): boolean => g % 5 === 0;
/** Groups whose root a frame's local holds (frame f holds group 1 + f). */
const frameLocal = (g: number): number => (g >= 1 && g <= FRAMES ? 1 : 0);

/** Buffered synchronous writer: ~1 MB strings go to the file, nothing else is kept. */
class LineWriter {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  line(s: string): void {
    this.parts.push(s, '\n');
    this.size += s.length + 1;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/** Writes the dump of about `target` objects to `file`; returns the exact object count. */
export function writeScaleDump(file: string, target: number): number {
  const L = layout(target);
  const fd = openSync(file, 'w');
  const w = new LineWriter(fd);
  try {
    writeAll(w, L);
    w.flush();
  } finally {
    closeSync(fd);
  }
  return L.total;
}

function writeAll(w: LineWriter, L: Layout): void {
  const live = L.groups - Math.floor((L.groups + 91) / 97);
  const tagRefs = new Float64Array(TAGS);
  const classRefs = new Float64Array(CLASSES + 1);
  w.line(
    JSON.stringify({
      format: 'heapscope',
      version: [2, 0],
      python: { version: '3.10.12', hexversion: 0x030a0cf0, implementation: 'cpython' },
      platform: 'linux',
      pointerSize: 8,
      time: new Date(0).toISOString(),
      pid: 4242,
      gc: { enabled: true, threshold: [700, 10, 10], debug: 0 },
      counts: { objects: L.total, tracked: L.total - L.groups * GROUP * 2 - TAGS - FRAMES },
      notes: [`synthetic scale dump (test/bench/scaleDump.ts), ${L.groups} groups of ${PER_GROUP} objects`],
    }),
  );
  // sys.modules -> module __main__ -> its __dict__ -> registry, cache, the classes.
  w.line(`{"a":${addr(0)},"t":"dict","s":4696,"f":3,"rc":1,"x":1,"e":[${addr(1)}],"l":["['__main__']"]}`);
  w.line(`{"a":${addr(1)},"t":"module","s":72,"f":3,"rc":1,"x":0,"e":[${addr(2)}],"l":["__dict__"],"r":"<module '__main__'>"}`);
  const names = ['registry', 'cache', ...Array.from({ length: CLASSES }, (_, c) => `Cls${c}`), 'Leaky'];
  const targets = [L.registry, L.cache, ...Array.from({ length: CLASSES }, (_, c) => L.class0 + c), L.leaky];
  w.line(`{"a":${addr(2)},"t":"dict","s":1200,"f":3,"rc":1,"x":0,"e":[${targets.map(addr).join(',')}],"l":[${names.map((n) => `"['${n}']"`).join(',')}]}`);
  for (const c of targets.slice(2)) classRefs[c - L.class0]++;

  for (let g = 0; g < L.groups; g++) {
    const o = HEAD + g * PER_GROUP;
    const cls = isLeaky(g) ? CLASSES : g % CLASSES;
    const type = cls === CLASSES ? '__main__.Leaky' : `__main__.Cls${cls}`;
    const fin = cls === CLASSES ? ',"fin":"del"' : '';
    const clist = o + GROUP * 6;
    for (let j = 0; j < GROUP; j++) {
      const k = o + j * 6;
      const self = hasSelf(g) && j === 7;
      const frames = j === 0 ? frameLocal(g) : 0;
      const rc = j === 0 ? GROUP - 1 + (isGarbage(g) ? 0 : 1) + (isCached(g) ? 1 : 0) + frames : 1 + (self ? 1 : 0);
      w.line(`{"a":${addr(k)},"t":"${type}","s":48,"f":3,"rc":${rc},"x":${frames},"e":[${addr(k + 1)},${addr(L.class0 + cls)}],"l":["__dict__","__class__"]${fin}}`);
      classRefs[cls]++;
      const n = g * GROUP + j;
      const t1 = n % TAGS;
      const t2 = (n * 7 + 3) % TAGS;
      tagRefs[t1]++;
      tagRefs[t2]++;
      let de = `${addr(k + 2)},${addr(k + 3)},${addr(k + 4)},${addr(k + 5)}`;
      let dl = `"['name']","['id']","['tags']","['pos']"`;
      if (j > 0) {
        de += `,${addr(o)}`;
        dl += `,"['parent']"`;
      } else {
        de += `,${addr(clist)}`;
        dl += `,"['children']"`;
      }
      if (self) {
        de += `,${addr(k)}`;
        dl += `,"['self']"`;
      }
      w.line(`{"a":${addr(k + 1)},"t":"dict","s":232,"f":3,"rc":1,"x":0,"e":[${de}],"l":[${dl}]}`);
      const name = `node-${n.toString(36)}`;
      w.line(`{"a":${addr(k + 2)},"t":"str","s":${49 + name.length},"f":0,"rc":2,"x":0,"r":"'${name}'"}`);
      w.line(`{"a":${addr(k + 3)},"t":"int","s":28,"f":0,"rc":${j === 0 && isCached(g) ? 3 : 2},"x":0,"r":"${n * 7 + 1_000_003}"}`);
      w.line(`{"a":${addr(k + 4)},"t":"list","s":88,"f":3,"rc":1,"x":0,"e":[${addr(L.tag0 + t2)},${addr(L.tag0 + t1)}],"l":["[1]","[0]"]}`);
      w.line(`{"a":${addr(k + 5)},"t":"tuple","s":56,"f":3,"rc":1,"x":0,"e":[${addr(k + 3)},${addr(k + 2)}],"l":["[1]","[0]"]}`);
    }
    const kids: string[] = [];
    const kidLabels: string[] = [];
    for (let j = GROUP - 1; j >= 1; j--) {
      kids.push(String(addr(o + j * 6)));
      kidLabels.push(`"[${j - 1}]"`);
    }
    w.line(`{"a":${addr(clist)},"t":"list","s":${56 + 8 * (GROUP - 1)},"f":3,"rc":1,"x":0,"e":[${kids.join(',')}],"l":[${kidLabels.join(',')}]}`);
  }

  // registry: the live groups' roots, last first (list_traverse order), in parts of PART.
  const liveRoots = function* (): Generator<number> {
    for (let g = L.groups - 1; g >= 0; g--) if (!isGarbage(g)) yield g;
  };
  writeBig(w, L.registry, 'list', 56 + 8 * live, live, liveRoots(), (g, i) => [[HEAD + g * PER_GROUP, `[${live - 1 - i}]`]]);
  let cached = 0;
  for (let g = 0; g < L.groups; g++) if (isCached(g)) cached++;
  const cachedGroups = function* (): Generator<number> {
    for (let g = 0; g < L.groups; g++) if (isCached(g)) yield g;
  };
  writeBig(w, L.cache, 'dict', 64 + 40 * cached, cached * 2, cachedGroups(), (g) => {
    const key = (g * GROUP) * 7 + 1_000_003;
    const o = HEAD + g * PER_GROUP;
    return [
      [o + 3, `<${key}>`],
      [o, `[${key}]`],
    ];
  });

  // Running frames (untracked on 3.10): f_back chain, one local each holding a group's root.
  for (let f = 0; f < FRAMES; f++) {
    const k = L.frame0 + f;
    const back = f + 1 < FRAMES ? `${addr(k + 1)},` : '';
    const backLabel = f + 1 < FRAMES ? '"f_back",' : '';
    const fn = ['handle', 'serve', 'main'][f];
    w.line(
      `{"a":${addr(k)},"t":"frame","s":432,"f":1,"rc":${f === 0 ? 1 : 2},"x":${f === 0 ? 1 : 2},"e":[${back}${addr(HEAD + (1 + f) * PER_GROUP)}],"l":[${backLabel}"node"],"r":"${fn} (app.py:${10 + f})","fn":"${fn}","file":"app.py","line":${10 + f}}`,
    );
  }
  for (let c = 0; c <= CLASSES; c++) {
    const name = c === CLASSES ? 'Leaky' : `Cls${c}`;
    w.line(`{"a":${addr(L.class0 + c)},"t":"type","s":1072,"f":11,"rc":${classRefs[c] + 3},"x":3,"r":"__main__.${name}"}`);
  }
  for (let t = 0; t < TAGS; t++) w.line(`{"a":${addr(L.tag0 + t)},"t":"str","s":54,"f":0,"rc":${tagRefs[t] + 1},"x":1,"r":"'tag-${t}'"}`);

  w.line(`{"k":"name","a":${addr(0)},"holder":"interpreter","name":"sys.modules"}`);
  w.line(`{"k":"name","a":${addr(L.registry)},"holder":"module __main__","name":"registry"}`);
  w.line(`{"k":"name","a":${addr(L.cache)},"holder":"module __main__","name":"cache"}`);
  for (let f = 0; f < FRAMES; f++) {
    const fn = ['handle', 'serve', 'main'][f];
    w.line(`{"k":"name","a":${addr(HEAD + (1 + f) * PER_GROUP)},"holder":"frame ${fn} (app.py:${10 + f}) in thread MainThread","name":"node"}`);
  }
  w.line(`{"k":"thread","ident":140001,"name":"MainThread","frames":[${Array.from({ length: FRAMES }, (_, f) => addr(L.frame0 + f)).join(',')}]}`);
  w.line(`{"k":"end","objects":${L.total}}`);
}

/** A container with `count` referents: its record with the first PART, then "more" records. */
function writeBig(
  w: LineWriter,
  k: number,
  type: string,
  size: number,
  count: number,
  items: Iterator<number>,
  refs: (item: number, i: number) => [number, string][],
): void {
  let written = 0;
  let i = 0;
  let first = true;
  let pending: [number, string][] = [];
  while (written < count || first) {
    while (pending.length < PART) {
      const next = items.next();
      if (next.done) break;
      pending.push(...refs(next.value, i++));
    }
    const part = pending.slice(0, PART);
    pending = pending.slice(PART);
    const e = part.map((r) => addr(r[0])).join(',');
    const l = part.map((r) => JSON.stringify(r[1])).join(',');
    if (first) {
      const more = count > part.length ? `,"ec":${count}` : '';
      w.line(`{"a":${addr(k)},"t":"${type}","s":${size},"f":3,"rc":1,"x":0${part.length ? `,"e":[${e}],"l":[${l}]` : ''}${more}}`);
      first = false;
    } else {
      w.line(`{"k":"more","a":${addr(k)},"o":${written},"e":[${e}],"l":[${l}]}`);
    }
    written += part.length;
    if (part.length === 0) break;
  }
}

/** The cache folder: os.tmpdir()/heapscope-bench-scale (HEAPSCOPE_SCALE_DIR overrides). */
export function scaleDir(): string {
  return process.env.HEAPSCOPE_SCALE_DIR ?? join(tmpdir(), 'heapscope-bench-scale');
}

/** Path of the cached dump of about `target` objects, written on first use. */
export function ensureScaleDump(target: number): { file: string; made: boolean; ms: number } {
  const dir = scaleDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `scale-${target}.jsonl`);
  if (existsSync(file) && statSync(file).size > 0) return { file, made: false, ms: 0 };
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const t = performance.now();
  writeScaleDump(partial, target);
  renameSync(partial, file);
  return { file, made: true, ms: performance.now() - t };
}
