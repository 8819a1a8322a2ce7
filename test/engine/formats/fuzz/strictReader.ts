/**
 * The fuzz oracle: an independent, strict reader of heapscope dumps straight from FORMAT.md,
 * with none of the loader's machinery (no streaming, no scanner, no typed arrays, no JSON.parse).
 * It decodes the whole file (gunzipSync), splits lines, parses each with strictJson.ts, checks
 * every rule FORMAT.md states (and the leniencies it grants), links addresses with a Map, and
 * recomputes the rc/x consistency. Its result is either the objects as plain records or the first
 * problem with its line.
 */
import { gunzipSync } from 'node:zlib';
import { StrictJsonError, parseStrict } from './strictJson';

export interface StrictObject {
  line: number;
  a: number;
  t: string;
  s: number;
  f: number;
  rc: number;
  x: number;
  e: number[];
  l: (string | null)[];
  ex: number;
  fin: string | null;
  w: number;
  r: string | null;
}

export interface StrictDump {
  objects: StrictObject[];
  names: { a: number; holder: string; name: string }[];
  inconsistent: number;
  droppedEdges: number;
  decodedBytes: number;
}

export interface StrictProblem {
  problem: string;
  line?: number;
}

type Rec = Record<string, unknown>;
const isObj = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

class Problem extends Error {
  constructor(
    readonly problem: string,
    readonly line?: number,
  ) {
    super(problem);
  }
}

export function readStrict(stored: Buffer): StrictDump | StrictProblem {
  try {
    return read(stored);
  } catch (e) {
    if (e instanceof Problem) return { problem: e.problem, line: e.line };
    throw e;
  }
}

function read(stored: Buffer): StrictDump {
  if (stored.length === 0) throw new Problem('empty');
  let bytes = stored;
  if (stored.length >= 2 && stored[0] === 0x1f && stored[1] === 0x8b) {
    try {
      bytes = gunzipSync(stored);
    } catch {
      throw new Problem('gzip');
    }
  }
  const raw: Buffer[] = [];
  for (let s = 0; s < bytes.length; ) {
    const nl = bytes.indexOf(10, s);
    raw.push(bytes.subarray(s, nl < 0 ? bytes.length : nl));
    s = nl < 0 ? bytes.length : nl + 1;
  }
  if (raw.length === 0) throw new Problem('empty');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const objects: StrictObject[] = [];
  let pythonVersion = '';
  let headerRec: Rec = {};
  const names: { a: number; holder: string; name: string }[] = [];
  let trailer: { line: number; objects: number; dropped: number } | undefined;
  for (let k = 0; k < raw.length; k++) {
    const line = k + 1;
    let text: string;
    try {
      text = decoder.decode(raw[k]);
    } catch {
      throw new Problem('utf-8', line);
    }
    if (trailer) {
      if (text.trim() === '') continue;
      throw new Problem('after trailer', line);
    }
    if (text.trim() === '') throw new Problem('blank', line);
    let rec: unknown;
    try {
      rec = parseStrict(text);
    } catch (e) {
      if (e instanceof StrictJsonError) throw new Problem(`json: ${e.message}`, line);
      throw e;
    }
    if (!isObj(rec)) throw new Problem('not an object', line);
    if (line === 1) {
      pythonVersion = header(rec, line);
      headerRec = rec;
      continue;
    }
    if (Object.hasOwn(rec, 'k')) {
      const kind = rec.k;
      if (typeof kind !== 'string') throw new Problem('k', line);
      if (kind === 'name') {
        if (!isInt(rec.a) || rec.a < 1 || typeof rec.holder !== 'string' || typeof rec.name !== 'string') throw new Problem('name', line);
        names.push({ a: rec.a, holder: rec.holder, name: rec.name });
      } else if (kind === 'end') {
        if (!isInt(rec.objects) || rec.objects < 0) throw new Problem('end.objects', line);
        const d = rec.droppedEdges;
        if (d !== undefined && (!isInt(d) || d < 0)) throw new Problem('end.droppedEdges', line);
        trailer = { line, objects: rec.objects, dropped: (d as number | undefined) ?? 0 };
      }
      continue;
    }
    objects.push(object(rec, line));
  }
  if (!trailer) throw new Problem('no trailer', raw.length);
  if (trailer.objects !== objects.length) throw new Problem('trailer count', trailer.line);
  const byAddress = new Map<number, StrictObject>();
  for (const o of objects) {
    if (byAddress.has(o.a)) throw new Problem('duplicate', o.line);
    byAddress.set(o.a, o);
  }
  for (const o of objects) {
    for (const t of o.e) if (!byAddress.has(t)) throw new Problem('dangling', o.line);
    if (o.w !== 0 && !byAddress.has(o.w)) throw new Problem('dangling weak', o.line);
  }
  // FORMAT.md: x = rc - references from tracked objects after their ex prefix; rc >= that count.
  const tracked = new Map<number, number>();
  for (const o of objects) {
    if ((o.f & 2) === 0) continue;
    for (const t of o.e.slice(o.ex)) tracked.set(t, (tracked.get(t) ?? 0) + 1);
  }
  // Immortal objects (flag 4) are not checked. From 3.14 the rc rule needs the header's `interned`
  // (the interned-strings dict, whose references CPython does not count); Pyodide's JsProxy
  // metaclass is not counted by its classes (consistency.ts).
  const [major, minor] = pythonVersion.split('.').map(Number);
  const modern = major > 3 || (major === 3 && minor >= 14);
  const rcRule = !modern || isInt(headerRec.interned);
  const internedDict = modern ? byAddress.get(headerRec.interned as number) : undefined;
  const uncounted = new Map<number, number>();
  if (internedDict && internedDict.f & 2) for (const t of internedDict.e.slice(internedDict.ex)) uncounted.set(t, (uncounted.get(t) ?? 0) + 1);
  const metaclass = (o: StrictObject): boolean => headerRec.platform === 'emscripten' && (o.f & 8) !== 0 && o.r === 'pyodide.ffi._JsProxyMetaClass';
  let inconsistent = 0;
  for (const o of objects) {
    if (o.f & 4) continue;
    const n = tracked.get(o.a) ?? 0;
    const xOk = trailer.dropped > 0 ? o.x <= o.rc - n : o.x === o.rc - n;
    if ((rcRule && o.rc < n - (uncounted.get(o.a) ?? 0) && !metaclass(o)) || !xOk) inconsistent++;
  }
  return { objects, names: names.filter((n) => byAddress.has(n.a)), inconsistent, droppedEdges: trailer.dropped, decodedBytes: bytes.length };
}

/** Checks the header; returns its Python version ("3.11.4"). */
function header(rec: Rec, line: number): string {
  if (rec.format !== 'heapscope') throw new Problem('format', line);
  const v = rec.version;
  if (!Array.isArray(v) || v.length < 2 || !v.every((x) => isInt(x) && x >= 0)) throw new Problem('version', line);
  if (v[0] !== 1) throw new Problem('major', line);
  const py = rec.python;
  if (!isObj(py) || typeof py.version !== 'string' || !/^\d+\.\d+(\.\d+)?/.test(py.version)) throw new Problem('python', line);
  const version = py.version;
  // Optional strings may be null (FORMAT.md: null means absent).
  if (py.implementation != null && typeof py.implementation !== 'string') throw new Problem('implementation', line);
  if (rec.gc !== undefined) {
    const gc = rec.gc;
    if (!isObj(gc)) throw new Problem('gc', line);
    if (gc.enabled !== undefined && typeof gc.enabled !== 'boolean') throw new Problem('gc.enabled', line);
    if (gc.threshold !== undefined && (!Array.isArray(gc.threshold) || !gc.threshold.every(isInt))) throw new Problem('gc.threshold', line);
    if (gc.debug !== undefined && (!isInt(gc.debug) || gc.debug < 0)) throw new Problem('gc.debug', line);
  }
  if (rec.notes !== undefined && (!Array.isArray(rec.notes) || !rec.notes.every((n) => typeof n === 'string'))) throw new Problem('notes', line);
  for (const k of ['platform', 'time']) if (rec[k] != null && typeof rec[k] !== 'string') throw new Problem(k, line);
  return version;
}

function object(rec: Rec, line: number): StrictObject {
  const int = (key: string, min: number, required = true): number => {
    const v = rec[key];
    if (v === undefined && !required) return 0;
    if (!isInt(v) || v < min) throw new Problem(`field ${key}`, line);
    return v;
  };
  const str = (key: string): string | null => {
    const v = rec[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw new Problem(`field ${key}`, line);
    return v;
  };
  const a = int('a', 1);
  if (typeof rec.t !== 'string') throw new Problem('field t', line);
  const f = int('f', 0);
  if (f > 255) throw new Problem('field f', line);
  const o: StrictObject = {
    line,
    a,
    t: rec.t,
    s: int('s', 0),
    f,
    rc: int('rc', 0),
    x: int('x', Number.MIN_SAFE_INTEGER),
    e: [],
    l: [],
    ex: 0,
    fin: str('fin'),
    w: int('w', 0, false),
    r: str('r'),
  };
  if (o.fin !== null && !['del', 'tp_del', 'tp_finalize', 'gen'].includes(o.fin)) throw new Problem('field fin', line);
  if (rec.e !== undefined) {
    if (!Array.isArray(rec.e) || !rec.e.every((v) => isInt(v) && v > 0)) throw new Problem('field e', line);
    o.e = rec.e as number[];
  }
  if (rec.l !== undefined) {
    if (!Array.isArray(rec.l) || !rec.l.every((v) => v === null || typeof v === 'string')) throw new Problem('field l', line);
    if (rec.l.length !== o.e.length) throw new Problem('e/l length', line);
    o.l = rec.l as (string | null)[];
  } else o.l = o.e.map(() => null);
  o.ex = int('ex', 0, false);
  if (o.ex > o.e.length) throw new Problem('field ex', line);
  return o;
}
