/**
 * ObjectScanner: the fast path for object records. It reads one line's bytes in place and fills
 * reusable scalar fields and scratch arrays, interning strings straight from the bytes, so a
 * well-formed object line costs no JS string, no object and no array.
 *
 * It accepts a strict subset of JSON: a flat object whose keys are the known object-record keys,
 * each at most once, with integer (<= 15 digits), string, int-array or label-array values. On
 * anything else (an unknown key, an escape it cannot decode, a float, a null, a bad value, a
 * syntax error) `scan()` returns false and the caller re-reads the line with JSON.parse and
 * `objectRecord.ts`, which owns every error message. So the scanner never decides that input is
 * bad; it only decides that input is plainly good. `objectScanner.test.ts` checks both paths agree.
 */
import { FNV_OFFSET, FNV_PRIME, type StringTable } from '../../model/StringTable.js';
import type { HeapGraphBuilder } from '../../model/HeapGraphBuilder.js';
import { Finalizer } from '../../model/HeapGraph.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;

/** How str() keeps a string: interned (types), stored as is (reprs), or as an edge label. */
const enum StrMode {
  Intern,
  Store,
  Label,
}

/** Bit per key, so "seen twice" and "required present" are one mask test each. */
const K = { a: 1, t: 2, s: 4, f: 8, rc: 16, x: 32, e: 64, l: 128, ex: 256, fin: 512, w: 1024, r: 2048 } as const;
const REQUIRED = K.a | K.t | K.s | K.f | K.rc | K.x;

/** One parsed object record; reused line after line. Filled by the scanner or by objectRecord.ts. */
export class ObjectFields {
  address = 0;
  typeId = 0;
  size = 0;
  flags = 0;
  refcount = 0;
  external = 0;
  hidden = 0;
  finalizer = 0;
  weak = 0;
  reprId = 0;
  edgeCount = 0;
  /** -1 when the record has no `l`. */
  labelCount = -1;
  edges = new Float64Array(64);
  labels = new Uint32Array(64);

  reset(): void {
    this.hidden = 0;
    this.finalizer = 0;
    this.weak = 0;
    this.reprId = 0;
    this.edgeCount = 0;
    this.labelCount = -1;
  }

  pushEdge(address: number): void {
    if (this.edgeCount === this.edges.length) {
      const next = new Float64Array(this.edges.length * 2);
      next.set(this.edges);
      this.edges = next;
    }
    this.edges[this.edgeCount++] = address;
  }

  pushLabel(id: number): void {
    if (this.labelCount === this.labels.length) {
      const next = new Uint32Array(this.labels.length * 2);
      next.set(this.labels);
      this.labels = next;
    }
    this.labels[this.labelCount++] = id;
  }

  /** Appends the record to the builder; labels are known to match edges in length or be absent. */
  commit(b: HeapGraphBuilder): number {
    const n = b.addNodeFields(
      this.address,
      this.typeId,
      this.size,
      this.flags,
      this.refcount,
      this.external,
      this.finalizer,
      this.reprId,
      this.weak,
      this.hidden,
    );
    const edges = this.edges;
    const hasLabels = this.labelCount >= 0;
    const labels = this.labels;
    for (let i = 0; i < this.edgeCount; i++) b.addEdge(edges[i], hasLabels ? labels[i] : 0);
    return n;
  }
}

export class ObjectScanner {
  private p = 0;

  constructor(
    private readonly strings: StringTable,
    readonly out: ObjectFields,
  ) {}

  /** True when the line buf[start, end) was a plainly valid object record, now in `out`. */
  scan(buf: Uint8Array, start: number, end: number): boolean {
    return this.record(buf, start, end) === end;
  }

  /**
   * Scans a record at `start` whose line end is not known yet (a chunk holding many lines):
   * returns the index of the "\n" that ends it, or -1 if the record is not plainly valid or the
   * line runs past `limit`. This saves a separate newline search per line. No loop below crosses
   * a byte < 0x20, so a scan never runs from one line into the next.
   */
  scanToNewline(buf: Uint8Array, start: number, limit: number): number {
    const p = this.record(buf, start, limit);
    return p >= 0 && p < limit && buf[p] === 0x0a ? p : -1;
  }

  /** Parses one record from `start`; returns the index after it and trailing blanks, or -1. */
  private record(buf: Uint8Array, start: number, end: number): number {
    const o = this.out;
    o.reset();
    this.p = start;
    let seen = 0;
    if (buf[this.p] <= 0x20) this.ws(buf, end);
    if (buf[this.p++] !== LBRACE) return -1;
    if (buf[this.p] <= 0x20) this.ws(buf, end);
    if (buf[this.p] === RBRACE) return -1;
    for (;;) {
      if (buf[this.p++] !== QUOTE) return -1;
      const k0 = this.p;
      while (this.p < end && buf[this.p] !== QUOTE && buf[this.p] >= 0x20) this.p++;
      if (this.p >= end || buf[this.p] !== QUOTE) return -1;
      const key = keyBit(buf, k0, this.p);
      if (key === 0 || (seen & key) !== 0) return -1;
      seen |= key;
      this.p++;
      if (buf[this.p] <= 0x20) this.ws(buf, end);
      if (buf[this.p++] !== COLON) return -1;
      if (buf[this.p] <= 0x20) this.ws(buf, end);
      if (!this.value(key, buf, end)) return -1;
      if (buf[this.p] <= 0x20) this.ws(buf, end);
      const c = buf[this.p++];
      if (c === RBRACE) break;
      if (c !== COMMA) return -1;
      if (buf[this.p] <= 0x20) this.ws(buf, end);
    }
    if (buf[this.p] <= 0x20) this.ws(buf, end);
    if (this.p > end || (seen & REQUIRED) !== REQUIRED) return -1;
    if (o.labelCount >= 0 && o.labelCount !== o.edgeCount) return -1;
    if (o.hidden > o.edgeCount) return -1;
    return this.p;
  }

  private value(key: number, buf: Uint8Array, end: number): boolean {
    const o = this.out;
    switch (key) {
      case K.a:
        o.address = this.int(buf, end);
        return o.address > 0;
      case K.s:
        o.size = this.int(buf, end);
        return o.size >= 0;
      case K.f:
        o.flags = this.int(buf, end);
        return o.flags >= 0 && o.flags <= 255;
      case K.rc:
        o.refcount = this.int(buf, end);
        return o.refcount >= 0;
      case K.x:
        o.external = this.int(buf, end);
        return !Number.isNaN(o.external);
      case K.ex:
        o.hidden = this.int(buf, end);
        return o.hidden >= 0;
      case K.w:
        o.weak = this.int(buf, end);
        return o.weak >= 0;
      case K.t:
        o.typeId = this.str(buf, end);
        return o.typeId >= 0;
      case K.r:
        o.reprId = this.str(buf, end, StrMode.Store);
        return o.reprId >= 0;
      case K.fin:
        o.finalizer = this.fin(buf, end);
        return o.finalizer > 0;
      case K.e:
        return this.intArray(buf, end);
      case K.l:
        return this.labelArray(buf, end);
      default:
        return false;
    }
  }

  private ws(buf: Uint8Array, end: number): void {
    let p = this.p;
    while (p < end) {
      const c = buf[p];
      if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
      p++;
    }
    this.p = p;
  }

  /** A JSON integer of at most 15 digits (exact in a double), or NaN to fall back. */
  private int(buf: Uint8Array, end: number): number {
    let p = this.p;
    const neg = buf[p] === 0x2d;
    if (neg) p++;
    const d0 = p;
    let v = 0;
    while (p < end) {
      const c = buf[p];
      if (c < 0x30 || c > 0x39) break;
      v = v * 10 + (c - 0x30);
      p++;
    }
    const digits = p - d0;
    if (digits === 0 || digits > 15 || (digits > 1 && buf[d0] === 0x30)) return NaN;
    const c = buf[p];
    if (c === 0x2e || c === 0x65 || c === 0x45 || (neg && v === 0)) return NaN;
    this.p = p;
    return neg ? -v : v;
  }

  /**
   * Id of a string value, or -1 to fall back. `intern` false stores without deduplication (reprs:
   * see StringTable.add). Escapes are decoded by JSON.parse.
   */
  private str(buf: Uint8Array, end: number, mode: StrMode = StrMode.Intern): number {
    if (buf[this.p] !== QUOTE) return -1;
    const s0 = ++this.p;
    let p = s0;
    let escaped = false;
    // Hash while looking for the closing quote: one pass over the bytes instead of two.
    let h = FNV_OFFSET;
    while (p < end) {
      const c = buf[p];
      if (c === QUOTE) break;
      if (c < 0x20) return -1;
      if (c === BACKSLASH) {
        escaped = true;
        p++;
      }
      h = Math.imul(h ^ c, FNV_PRIME);
      p++;
    }
    if (p >= end) return -1;
    this.p = p + 1;
    if (p === s0) return 0;
    if (!escaped) {
      if (mode === StrMode.Intern) return this.strings.internHashed(buf, s0, p, h);
      return mode === StrMode.Label ? this.strings.internLabel(buf, s0, p, h) : this.strings.addBytes(buf, s0, p);
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + s0 - 1, p - s0 + 2).toString('utf8'));
    } catch {
      return -1;
    }
    if (typeof decoded !== 'string') return -1;
    if (mode === StrMode.Intern) return this.strings.intern(decoded);
    return mode === StrMode.Label ? this.strings.labelId(decoded) : this.strings.add(decoded);
  }

  private fin(buf: Uint8Array, end: number): number {
    const id = this.str(buf, end);
    if (id < 0) return 0;
    return finalizerCode(this.strings.get(id));
  }

  private intArray(buf: Uint8Array, end: number): boolean {
    const o = this.out;
    if (buf[this.p++] !== LBRACKET) return false;
    if (buf[this.p] <= 0x20) this.ws(buf, end);
    if (buf[this.p] === RBRACKET) {
      this.p++;
      return true;
    }
    for (;;) {
      const v = this.int(buf, end);
      if (!(v > 0)) return false;
      o.pushEdge(v);
      if (buf[this.p] <= 0x20) this.ws(buf, end);
      const c = buf[this.p++];
      if (c === RBRACKET) return true;
      if (c !== COMMA) return false;
      if (buf[this.p] <= 0x20) this.ws(buf, end);
    }
  }

  private labelArray(buf: Uint8Array, end: number): boolean {
    const o = this.out;
    o.labelCount = 0;
    if (buf[this.p++] !== LBRACKET) return false;
    if (buf[this.p] <= 0x20) this.ws(buf, end);
    if (buf[this.p] === RBRACKET) {
      this.p++;
      return true;
    }
    for (;;) {
      const p = this.p;
      if (buf[p] === 0x6e) {
        if (buf[p + 1] !== 0x75 || buf[p + 2] !== 0x6c || buf[p + 3] !== 0x6c) return false;
        this.p = p + 4;
        o.pushLabel(0);
      } else {
        const id = this.str(buf, end, StrMode.Label);
        if (id < 0) return false;
        o.pushLabel(id);
      }
      if (buf[this.p] <= 0x20) this.ws(buf, end);
      const c = buf[this.p++];
      if (c === RBRACKET) return true;
      if (c !== COMMA) return false;
      if (buf[this.p] <= 0x20) this.ws(buf, end);
    }
  }
}

export function finalizerCode(name: string): number {
  switch (name) {
    case 'del':
      return Finalizer.Del;
    case 'tp_del':
      return Finalizer.TpDel;
    case 'tp_finalize':
      return Finalizer.TpFinalize;
    case 'gen':
      return Finalizer.Gen;
    default:
      return 0;
  }
}

function keyBit(buf: Uint8Array, s: number, e: number): number {
  const len = e - s;
  const c0 = buf[s];
  if (len === 1) {
    switch (c0) {
      case 0x61: return K.a;
      case 0x74: return K.t;
      case 0x73: return K.s;
      case 0x66: return K.f;
      case 0x78: return K.x;
      case 0x65: return K.e;
      case 0x6c: return K.l;
      case 0x77: return K.w;
      case 0x72: return K.r;
      default: return 0;
    }
  }
  if (len === 2) {
    if (c0 === 0x72 && buf[s + 1] === 0x63) return K.rc;
    if (c0 === 0x65 && buf[s + 1] === 0x78) return K.ex;
    return 0;
  }
  if (len === 3 && c0 === 0x66 && buf[s + 1] === 0x69 && buf[s + 2] === 0x6e) return K.fin;
  return 0;
}
