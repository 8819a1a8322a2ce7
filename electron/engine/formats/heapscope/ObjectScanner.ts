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
import { isUtf8 } from 'node:buffer';
import { FNV_PRIME, type StringTable } from '../../model/StringTable.js';
import type { NodeSink } from '../../model/NodeColumns.js';
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

/** How a gen record the dumper wrote starts (see genRecord). */
const GEN_PREFIX = Buffer.from('{"k":"gen","seq":');

/** Longest middle of a line (after the address, through `x`) and label list canonical() keeps. */
const MID_BYTES = 128;
const LABELS_BYTES = 256;
const MID_BASE = 0;
const LABELS_BASE = MID_BYTES;
/** Most labels in a kept list. */
const KEPT_LABELS = 32;

/** Memo slots: 0 for the type name, then one per label position (the last one shared). */
const MEMO_SLOTS = 8;
/** Longest string remembered. */
const MEMO_BYTES = 48;

/** Bit per key, so "seen twice" and "required present" are one mask test each. */
const K = { a: 1, t: 2, s: 4, f: 8, rc: 16, x: 32, e: 64, l: 128, ex: 256, fin: 512, w: 1024, r: 2048, ec: 4096 } as const;
const REQUIRED = K.a | K.t | K.s | K.f | K.rc | K.x;

/** One parsed object record; reused line after line. Filled by the scanner or by objectRecord.ts. */
export class ObjectFields {
  // NaN, not 0, for fields that may exceed a small integer (2**30): a field that starts small
  // changes representation at the first big value (a 15-digit address, an immortal refcount),
  // which deoptimizes every compiled function that reads it (seen with --trace-deopt).
  address = NaN;
  typeId = 0;
  size = NaN;
  flags = 0;
  refcount = NaN;
  external = NaN;
  hidden = 0;
  finalizer = 0;
  /** A weakref's target address (see `address` on NaN). */
  weak = NaN;
  reprId = 0;
  edgeCount = 0;
  /** -1 when the record has no `l`. */
  labelCount = -1;
  /** The fast path's `ec` (all references, continuations included: continuation.ts), -1 when absent. */
  announced = -1;
  edges = new Float64Array(64);
  labels = new Uint32Array(64);

  reset(): void {
    this.hidden = 0;
    this.finalizer = 0;
    this.weak = 0;
    this.reprId = 0;
    this.edgeCount = 0;
    this.labelCount = -1;
    this.announced = -1;
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

  /** Appends the record to the builder (or a batch's columns); labels are known to match edges in length or be absent. */
  commit(b: NodeSink): number {
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
  // Positions travel through locals and return values (a field store per byte costs); the value
  // a helper read goes to one of these two fields.
  /** The number the last int() read, NaN when it declined. */
  private num = NaN;
  // The last type name and the last label at each position, as bytes: lines of one type repeat
  // them, and comparing bytes is cheaper than hashing them and probing the string table.
  private readonly memoBytes = new Uint8Array(MEMO_SLOTS * MEMO_BYTES);
  private readonly memoView = new DataView(this.memoBytes.buffer);
  private readonly memoLength = new Int32Array(MEMO_SLOTS);
  private readonly memoId = new Float64Array(MEMO_SLOTS);
  /** The string id the last str() read (NaN to start: index-label ids exceed 2**30, see ObjectFields). */
  private sid = NaN;

  /** The string table's seeded hash start (StringTable.hashOffset), kept here for the hot loop. */
  private readonly hashOffset: number;

  constructor(
    private readonly strings: StringTable,
    readonly out: ObjectFields,
    /** False: scanToNewline() reads with the general path alone (tests compare the two). */
    private readonly canonicalFirst = true,
  ) {
    this.hashOffset = strings.hashOffset | 0;
  }

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
    if (this.canonicalFirst) {
      const q = this.canonical(buf, start, limit);
      if (q >= 0) return q;
    }
    const p = this.record(buf, start, limit);
    return p >= 0 && p < limit && buf[p] === 0x0a ? p : -1;
  }

  private genList = new Float64Array(1024);

  /**
   * A `{"k":"gen"}` record spelled as the dumper writes it (`{"k":"gen","seq":N,"a":[…]}`, no
   * blanks, canonical integers) filling buf[start, end) exactly: its addresses, with `seq` in
   * `genSeq`; undefined leaves the line to JSON.parse, whose reading this matches. These lines
   * hold every object's address once (a 2M-object dump: 16 MB of them), too much to parse twice.
   */
  genRecord(buf: Uint8Array, start: number, end: number): Float64Array | undefined {
    for (let i = 0; i < GEN_PREFIX.length; i++) if (buf[start + i] !== GEN_PREFIX[i]) return undefined;
    let p = this.digits(buf, start + GEN_PREFIX.length);
    const seq = this.num;
    if (!(seq >= 1)) return undefined;
    if (buf[p] !== COMMA || buf[p + 1] !== QUOTE || buf[p + 2] !== 0x61 || buf[p + 3] !== QUOTE || buf[p + 4] !== COLON || buf[p + 5] !== LBRACKET) return undefined;
    p += 6;
    let n = 0;
    if (buf[p] === RBRACKET) p++;
    else {
      for (;;) {
        p = this.digits(buf, p);
        if (!(this.num >= 1)) return undefined;
        if (n === this.genList.length) {
          const next = new Float64Array(n * 2);
          next.set(this.genList);
          this.genList = next;
        }
        this.genList[n++] = this.num;
        const c = buf[p++];
        if (c === COMMA) continue;
        if (c !== RBRACKET) return undefined;
        break;
      }
    }
    if (buf[p] !== RBRACE || p + 1 !== end) return undefined;
    this.genSeq = seq;
    return this.genList.slice(0, n);
  }

  /** The `seq` of the record genRecord() last read. */
  genSeq = 0;

  /**
   * The dumper's own spelling of an object line, read straight through: no blanks, keys in the
   * order heapscope_dump.py writes them (`a t s f rc x`, then `e`, `l`, `ec`, `r` as present), plain
   * ASCII strings, non-negative integers, and the newline right after the `}`. Returns the index of
   * that newline, or -1 to leave the line to record() (which then reads it from the start).
   *
   * It accepts a subset of what record() accepts and fills `out` as record() would. Strings are
   * interned in the same order record() interns them, and the repr (stored, not interned: a second
   * store would be a second id) only once the whole line is known good, so a line declined halfway
   * leaves the string table as record() alone would.
   */
  private canonical(buf: Uint8Array, start: number, limit: number): number {
    const o = this.out;
    o.reset();
    // {"a":
    if (buf[start] !== LBRACE || buf[start + 1] !== QUOTE || buf[start + 2] !== 0x61 || buf[start + 3] !== QUOTE || buf[start + 4] !== COLON) return -1;
    let p = this.digits(buf, start + 5);
    if (!(this.num > 0)) return -1;
    o.address = this.num;
    // Lines of one type mostly repeat what follows the address (type, size, flags, refcount,
    // external count) byte for byte: compare with the last line's, else read and remember it.
    const m0 = p;
    if (this.midLength > 0 && this.sameAsKept(buf, p, limit, MID_BASE, this.midLength)) {
      o.typeId = this.midType;
      o.size = this.midSize;
      o.flags = this.midFlags;
      o.refcount = this.midRefcount;
      o.external = this.midExternal;
      p += this.midLength;
    } else {
      p = this.middle(buf, p, limit);
      if (p < 0) return -1;
      this.keepMiddle(buf, m0, p);
    }
    // ,"e":[…]
    if (buf[p] === COMMA && buf[p + 1] === QUOTE && buf[p + 2] === 0x65 && buf[p + 3] === QUOTE && buf[p + 4] === COLON && buf[p + 5] === LBRACKET) {
      p += 6;
      if (buf[p] === RBRACKET) p++;
      else {
        for (;;) {
          p = this.digits(buf, p);
          if (!(this.num > 0)) return -1;
          o.pushEdge(this.num);
          const c = buf[p++];
          if (c === COMMA) continue;
          if (c !== RBRACKET) return -1;
          break;
        }
      }
      // ,"l":[…], as often the same as the last line's when the references are.
      if (buf[p] === COMMA && buf[p + 1] === QUOTE && buf[p + 2] === 0x6c && buf[p + 3] === QUOTE && buf[p + 4] === COLON && buf[p + 5] === LBRACKET) {
        const l0 = p;
        if (this.labelsLength > 0 && this.keptLabelCount === o.edgeCount && this.sameAsKept(buf, p, limit, LABELS_BASE, this.labelsLength)) {
          o.labelCount = 0;
          for (let i = 0; i < this.keptLabelCount; i++) o.pushLabel(this.keptLabels[i]);
          p += this.labelsLength;
        } else {
          p = this.labelList(buf, p + 6, limit);
          if (p < 0) return -1;
          this.keepLabels(buf, l0, p);
        }
      }
      // ,"ec": (a big container whose references continue on later lines, continuation.ts)
      if (buf[p] === COMMA && buf[p + 1] === QUOTE && buf[p + 2] === 0x65 && buf[p + 3] === 0x63 && buf[p + 4] === QUOTE && buf[p + 5] === COLON) {
        p = this.digits(buf, p + 6);
        // Fewer than on the line is an error, for the careful path to word.
        if (!(this.num >= o.edgeCount)) return -1;
        o.announced = this.num;
      }
    }
    // ,"r":"…"
    let r0 = -1;
    let r1 = -1;
    if (buf[p] === COMMA && buf[p + 1] === QUOTE && buf[p + 2] === 0x72 && buf[p + 3] === QUOTE && buf[p + 4] === COLON) {
      p = this.plainString(buf, p + 5, limit, -1);
      if (p < 0) return -1;
      r0 = this.s0;
      r1 = p - 1;
    }
    if (buf[p] !== RBRACE || p + 1 >= limit || buf[p + 1] !== 0x0a) return -1;
    if (r1 > r0) o.reprId = this.strings.addBytes(buf, r0, r1);
    return p + 1;
  }

  /** `,"t":…` through the digits of `x` at p into `out` (see canonical); the position after, or -1. */
  private middle(buf: Uint8Array, p: number, limit: number): number {
    const o = this.out;
    // ,"t":"
    if (buf[p] !== COMMA || buf[p + 1] !== QUOTE || buf[p + 2] !== 0x74 || buf[p + 3] !== QUOTE || buf[p + 4] !== COLON) return -1;
    p = this.plainString(buf, p + 5, limit, 0);
    if (p < 0) return -1;
    if (this.recalled) o.typeId = this.sid;
    else if (this.s0 === p - 1) o.typeId = 0;
    else {
      o.typeId = this.strings.internHashed(buf, this.s0, p - 1, this.hash);
      if (p - 1 - this.s0 <= MEMO_BYTES) {
        this.sid = o.typeId;
        this.remember(0, buf, this.s0, p - 1);
      }
    }
    // ,"s":
    if (buf[p] !== COMMA || buf[p + 1] !== QUOTE || buf[p + 2] !== 0x73 || buf[p + 3] !== QUOTE || buf[p + 4] !== COLON) return -1;
    p = this.digits(buf, p + 5);
    if (!(this.num >= 0)) return -1;
    o.size = this.num;
    // ,"f":
    if (buf[p] !== COMMA || buf[p + 1] !== QUOTE || buf[p + 2] !== 0x66 || buf[p + 3] !== QUOTE || buf[p + 4] !== COLON) return -1;
    p = this.digits(buf, p + 5);
    if (!(this.num >= 0 && this.num <= 255)) return -1;
    o.flags = this.num;
    // ,"rc":
    if (buf[p] !== COMMA || buf[p + 1] !== QUOTE || buf[p + 2] !== 0x72 || buf[p + 3] !== 0x63 || buf[p + 4] !== QUOTE || buf[p + 5] !== COLON) return -1;
    p = this.digits(buf, p + 6);
    if (!(this.num >= 0)) return -1;
    o.refcount = this.num;
    // ,"x":
    if (buf[p] !== COMMA || buf[p + 1] !== QUOTE || buf[p + 2] !== 0x78 || buf[p + 3] !== QUOTE || buf[p + 4] !== COLON) return -1;
    p = this.digits(buf, p + 5);
    if (!(this.num >= 0)) return -1;
    o.external = this.num;
    return p;
  }

  /** The labels of `,"l":[` from p (after the bracket) into `out`; the position after `]`, or -1. */
  private labelList(buf: Uint8Array, p: number, limit: number): number {
    const o = this.out;
    o.labelCount = 0;
    if (buf[p] === RBRACKET) p++;
    else {
      for (;;) {
        if (buf[p] === 0x6e) {
          if (buf[p + 1] !== 0x75 || buf[p + 2] !== 0x6c || buf[p + 3] !== 0x6c) return -1;
          p += 4;
          o.pushLabel(0);
        } else {
          const slot = 1 + Math.min(o.labelCount, MEMO_SLOTS - 2);
          p = this.plainString(buf, p, limit, slot);
          if (p < 0) return -1;
          const s0 = this.s0;
          const e = p - 1;
          let id: number;
          if (this.recalled) id = this.sid;
          else if (s0 === e) id = 0;
          else {
            id = this.strings.internLabel(buf, s0, e, this.hash);
            if (e - s0 <= MEMO_BYTES) {
              this.sid = id;
              this.remember(slot, buf, s0, e);
            }
          }
          o.pushLabel(id);
        }
        const c = buf[p++];
        if (c === COMMA) continue;
        if (c !== RBRACKET) return -1;
        break;
      }
    }
    return o.labelCount === o.edgeCount ? p : -1;
  }

  // The last line's middle (canonical) and label list, as bytes in `kept` and as values.
  private readonly kept = new Uint8Array(MID_BYTES + LABELS_BYTES);
  private readonly keptView = new DataView(this.kept.buffer);
  private midLength = 0;
  private midType = 0;
  private midSize = NaN;
  private midFlags = 0;
  private midRefcount = NaN;
  private midExternal = NaN;
  private labelsLength = 0;
  private keptLabelCount = 0;
  private readonly keptLabels = new Float64Array(KEPT_LABELS);

  private keepMiddle(buf: Uint8Array, from: number, to: number): void {
    const n = to - from;
    this.midLength = 0;
    if (n > MID_BYTES) return;
    for (let i = 0; i < n; i++) this.kept[MID_BASE + i] = buf[from + i];
    const o = this.out;
    this.midType = o.typeId;
    this.midSize = o.size;
    this.midFlags = o.flags;
    this.midRefcount = o.refcount;
    this.midExternal = o.external;
    this.midLength = n;
  }

  private keepLabels(buf: Uint8Array, from: number, to: number): void {
    const n = to - from;
    const o = this.out;
    this.labelsLength = 0;
    if (n > LABELS_BYTES || o.labelCount > KEPT_LABELS) return;
    for (let i = 0; i < n; i++) this.kept[LABELS_BASE + i] = buf[from + i];
    for (let i = 0; i < o.labelCount; i++) this.keptLabels[i] = o.labels[i];
    this.keptLabelCount = o.labelCount;
    this.labelsLength = n;
  }

  /** True when buf[p, p + n) equals kept[base, base + n) and ends before `limit`. */
  private sameAsKept(buf: Uint8Array, p: number, limit: number, base: number, n: number): boolean {
    if (p + n >= limit) return false;
    const view = this.view(buf);
    const kept = this.keptView;
    let i = 0;
    for (; i + 4 <= n; i += 4) if (view.getInt32(p + i, true) !== kept.getInt32(base + i, true)) return false;
    for (; i < n; i++) if (buf[p + i] !== this.kept[base + i]) return false;
    return true;
  }

  /** Start of the string plainString() read; its FNV hash (from hashOffset); whether it came from a memo slot (id in `sid`). */
  private s0 = 0;
  private hash = 0;
  private recalled = false;

  /**
   * A string of printable ASCII with no escape, at p (its opening quote), ending before `limit`:
   * returns the position after its closing quote (its bytes: [s0, that - 1)), or -1. With a memo
   * slot, a string equal to the slot's sets `recalled` and `sid` and is not hashed.
   */
  private plainString(buf: Uint8Array, p: number, limit: number, memo: number): number {
    if (buf[p] !== QUOTE) return -1;
    const s0 = ++p;
    this.s0 = s0;
    this.recalled = false;
    if (memo >= 0) {
      const after = this.recall(buf, s0, limit, memo);
      if (after >= 0) {
        this.recalled = true;
        return after;
      }
    }
    let h = this.hashOffset;
    for (;;) {
      const c = buf[p];
      if (c === QUOTE) break;
      // Control bytes, escapes, non-ASCII and the end of the buffer (undefined) all go to record().
      if (!(c >= 0x20 && c < 0x7f) || c === BACKSLASH) return -1;
      h = Math.imul(h ^ c, FNV_PRIME);
      p++;
    }
    if (p >= limit) return -1;
    this.hash = h;
    return p + 1;
  }

  /**
   * Canonical non-negative decimal digits at p (1-15 of them, no leading zero) into `num`, NaN
   * when there are none, too many or a leading zero; returns the position after them. The caller
   * checks the byte after (a comma, bracket or brace, so never a fraction or exponent).
   * Addresses have 14-15 digits: four at a time (swar4) is a third of the dependent arithmetic.
   */
  private digits(buf: Uint8Array, p: number): number {
    const d0 = p;
    const view = this.view(buf);
    const len = buf.length;
    let v = 0;
    for (; p + 4 <= len; p += 4) {
      const x = view.getInt32(p, true);
      // All four bytes digits: each in 0x30-0x3f, and still so with 6 added (so at most 0x39).
      if ((x & 0xf0f0f0f0) !== 0x30303030 || ((x + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) break;
      v = v * 10000 + swar4(x);
    }
    let c = buf[p];
    while (c >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30);
      c = buf[++p];
    }
    const n = p - d0;
    this.num = n === 0 || n > 15 || (n > 1 && buf[d0] === 0x30) ? NaN : v;
    return p;
  }

  private viewOf: Uint8Array | undefined;
  private dataView: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  /** A DataView of `buf` (made once per chunk), for reading four bytes at a time. */
  private view(buf: Uint8Array): DataView<ArrayBufferLike> {
    if (buf !== this.viewOf) {
      this.viewOf = buf;
      this.dataView = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    return this.dataView;
  }

  /**
   * Parses one record from `start`; returns the index after it and trailing blanks, or -1.
   * Helpers may look a few bytes past `end` (they stop at any byte < 0x20 or past the buffer),
   * but positions only grow, so the final `p > end` test refuses whatever did.
   */
  private record(buf: Uint8Array, start: number, end: number): number {
    const o = this.out;
    o.reset();
    let p = start;
    let seen = 0;
    if (buf[p] <= 0x20) p = ws(buf, p, end);
    if (buf[p] !== LBRACE) return -1;
    p++;
    if (buf[p] <= 0x20) p = ws(buf, p, end);
    for (;;) {
      if (buf[p] !== QUOTE) return -1;
      // Keys are one to three ASCII letters: read them in place, no search for the quote.
      const c1 = buf[p + 1];
      const c2 = buf[p + 2];
      let key: number;
      if (c2 === QUOTE) {
        key = key1(c1);
        p += 3;
      } else if (buf[p + 3] === QUOTE) {
        key = key2(c1, c2);
        p += 4;
      } else {
        key = c1 === 0x66 && c2 === 0x69 && buf[p + 3] === 0x6e && buf[p + 4] === QUOTE ? K.fin : 0;
        p += 5;
      }
      if (key === 0 || (seen & key) !== 0) return -1;
      seen |= key;
      if (buf[p] !== COLON) {
        p = ws(buf, p, end);
        if (buf[p] !== COLON) return -1;
      }
      p++;
      if (buf[p] <= 0x20) p = ws(buf, p, end);
      p = this.value(key, buf, p, end);
      if (p < 0) return -1;
      let c = buf[p];
      if (c <= 0x20) {
        p = ws(buf, p, end);
        c = buf[p];
      }
      p++;
      if (c === RBRACE) break;
      if (c !== COMMA) return -1;
      if (buf[p] <= 0x20) p = ws(buf, p, end);
    }
    if (buf[p] <= 0x20) p = ws(buf, p, end);
    if (p > end || (seen & REQUIRED) !== REQUIRED) return -1;
    if (o.labelCount >= 0 && o.labelCount !== o.edgeCount) return -1;
    if (o.hidden > o.edgeCount) return -1;
    // Fewer than on the line is an error, for the careful path to word.
    if (o.announced >= 0 && o.announced < o.edgeCount) return -1;
    return p;
  }

  /** Reads the value of `key` at p into `out`; returns the position after it, or -1. */
  private value(key: number, buf: Uint8Array, p: number, end: number): number {
    const o = this.out;
    switch (key) {
      case K.a:
        p = this.int(buf, p);
        o.address = this.num;
        return this.num > 0 ? p : -1;
      case K.s:
        p = this.int(buf, p);
        o.size = this.num;
        return this.num >= 0 ? p : -1;
      case K.f:
        p = this.int(buf, p);
        o.flags = this.num;
        return this.num >= 0 && this.num <= 255 ? p : -1;
      case K.rc:
        p = this.int(buf, p);
        o.refcount = this.num;
        return this.num >= 0 ? p : -1;
      case K.x:
        p = this.int(buf, p);
        o.external = this.num;
        return Number.isNaN(this.num) ? -1 : p;
      case K.ex:
        p = this.int(buf, p);
        o.hidden = this.num;
        return this.num >= 0 ? p : -1;
      case K.ec:
        p = this.int(buf, p);
        o.announced = this.num;
        return this.num >= 0 ? p : -1;
      case K.w:
        p = this.int(buf, p);
        o.weak = this.num;
        return this.num >= 0 ? p : -1;
      case K.t:
        p = this.str(buf, p, end, StrMode.Intern, 0);
        o.typeId = this.sid;
        return p;
      case K.r:
        p = this.str(buf, p, end, StrMode.Store, -1);
        o.reprId = this.sid;
        return p;
      case K.fin:
        p = this.str(buf, p, end, StrMode.Intern, -1);
        if (p < 0) return -1;
        o.finalizer = finalizerCode(this.strings.get(this.sid));
        return o.finalizer > 0 ? p : -1;
      case K.e:
        return this.intArray(buf, p, end);
      case K.l:
        return this.labelArray(buf, p, end);
      default:
        return -1;
    }
  }

  /**
   * A JSON integer of at most 15 digits (exact in a double) into `num`, NaN to fall back.
   * Returns the position after the digits.
   */
  private int(buf: Uint8Array, p: number): number {
    const neg = buf[p] === 0x2d;
    if (neg) p++;
    const d0 = p;
    let b = buf[p];
    if (!(b >= 0x30 && b <= 0x39)) {
      this.num = NaN;
      return p;
    }
    // The first nine digits fit an int32 (cheap arithmetic); the rest, at most six more, too.
    let hi = b - 0x30;
    p++;
    const stop = d0 + 9;
    while (p < stop) {
      b = buf[p];
      if (!(b >= 0x30 && b <= 0x39)) break;
      hi = hi * 10 + (b - 0x30);
      p++;
    }
    let v = hi;
    if (p === stop) {
      let lo = 0;
      let scale = 1;
      const limit = d0 + 16;
      while (p < limit) {
        b = buf[p];
        if (!(b >= 0x30 && b <= 0x39)) break;
        lo = lo * 10 + (b - 0x30);
        scale *= 10;
        p++;
      }
      v = hi * scale + lo;
    }
    const digits = p - d0;
    b = buf[p];
    if (digits > 15 || (digits > 1 && buf[d0] === 0x30) || b === 0x2e || b === 0x65 || b === 0x45 || (neg && v === 0)) {
      this.num = NaN;
      return p;
    }
    this.num = neg ? -v : v;
    return p;
  }

  /**
   * A string value's id into `sid`; returns the position after its closing quote, or -1 to fall
   * back. Escapes are decoded by JSON.parse.
   */
  private str(buf: Uint8Array, p: number, end: number, mode: StrMode, memo: number): number {
    if (buf[p] !== QUOTE) return -1;
    const s0 = ++p;
    if (memo >= 0) {
      const after = this.recall(buf, s0, end, memo);
      if (after >= 0) return after;
    }
    let escaped = false;
    let high = 0;
    // Hash while looking for the closing quote: one pass over the bytes instead of two.
    let h = this.hashOffset;
    for (;;) {
      const c = buf[p];
      if (c === QUOTE) break;
      if (!(c >= 0x20)) return -1; // a control byte, or past the buffer
      if (c === BACKSLASH) {
        escaped = true;
        p++;
      }
      high |= c;
      h = Math.imul(h ^ c, FNV_PRIME);
      p++;
    }
    if (p >= end) return -1;
    const e = p;
    // Non-ASCII bytes: only valid UTF-8 is vouched for; the careful path refuses the rest.
    if (high >= 0x80 && !isUtf8(buf.subarray(s0, e))) return -1;
    p++;
    if (e === s0) {
      this.sid = 0;
      return p;
    }
    const strings = this.strings;
    if (!escaped) {
      if (mode === StrMode.Intern) this.sid = strings.internHashed(buf, s0, e, h);
      else if (mode === StrMode.Label) this.sid = strings.internLabel(buf, s0, e, h);
      else this.sid = strings.addBytes(buf, s0, e);
      if (memo >= 0 && e - s0 <= MEMO_BYTES) this.remember(memo, buf, s0, e);
      return p;
    }
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + s0 - 1, e - s0 + 2).toString('utf8'));
    } catch {
      return -1;
    }
    if (typeof decoded !== 'string') return -1;
    if (mode === StrMode.Intern) this.sid = strings.intern(decoded);
    else if (mode === StrMode.Label) this.sid = strings.labelId(decoded);
    else this.sid = strings.add(decoded);
    return p;
  }

  /**
   * If the string at s0 (after its opening quote) is the one last remembered in `slot`, its id
   * into `sid` and the position after its closing quote; else -1. Remembered bytes hold no quote,
   * backslash or control byte, so matching them and then a quote means the same string.
   */
  private recall(buf: Uint8Array, s0: number, end: number, slot: number): number {
    const n = this.memoLength[slot];
    if (n === 0 || s0 + n >= end || buf[s0 + n] !== QUOTE) return -1;
    const bytes = this.memoBytes;
    const base = slot * MEMO_BYTES;
    // Four bytes at a time, then the rest.
    const view = this.view(buf);
    const memo = this.memoView;
    let i = 0;
    for (; i + 4 <= n; i += 4) if (view.getInt32(s0 + i, true) !== memo.getInt32(base + i, true)) return -1;
    for (; i < n; i++) if (buf[s0 + i] !== bytes[base + i]) return -1;
    this.sid = this.memoId[slot];
    return s0 + n + 1;
  }

  private remember(slot: number, buf: Uint8Array, s0: number, e: number): void {
    const base = slot * MEMO_BYTES;
    for (let i = s0; i < e; i++) this.memoBytes[base + i - s0] = buf[i];
    this.memoLength[slot] = e - s0;
    this.memoId[slot] = this.sid;
  }

  private intArray(buf: Uint8Array, p: number, end: number): number {
    const o = this.out;
    if (buf[p] !== LBRACKET) return -1;
    p++;
    if (buf[p] <= 0x20) p = ws(buf, p, end);
    if (buf[p] === RBRACKET) return p + 1;
    for (;;) {
      p = this.int(buf, p);
      if (!(this.num > 0)) return -1;
      o.pushEdge(this.num);
      let c = buf[p];
      if (c <= 0x20) {
        p = ws(buf, p, end);
        c = buf[p];
      }
      p++;
      if (c === COMMA) {
        if (buf[p] <= 0x20) p = ws(buf, p, end);
        continue;
      }
      return c === RBRACKET ? p : -1;
    }
  }

  private labelArray(buf: Uint8Array, p: number, end: number): number {
    const o = this.out;
    o.labelCount = 0;
    if (buf[p] !== LBRACKET) return -1;
    p++;
    if (buf[p] <= 0x20) p = ws(buf, p, end);
    if (buf[p] === RBRACKET) return p + 1;
    for (;;) {
      if (buf[p] === 0x6e) {
        if (buf[p + 1] !== 0x75 || buf[p + 2] !== 0x6c || buf[p + 3] !== 0x6c) return -1;
        p += 4;
        o.pushLabel(0);
      } else {
        p = this.str(buf, p, end, StrMode.Label, 1 + Math.min(o.labelCount, MEMO_SLOTS - 2));
        if (p < 0) return -1;
        o.pushLabel(this.sid);
      }
      let c = buf[p];
      if (c <= 0x20) {
        p = ws(buf, p, end);
        c = buf[p];
      }
      p++;
      if (c === COMMA) {
        if (buf[p] <= 0x20) p = ws(buf, p, end);
        continue;
      }
      return c === RBRACKET ? p : -1;
    }
  }
}

/** Skips JSON blanks other than newlines from p (bounded by end); returns the first other byte's index. */
function ws(buf: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = buf[p];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    p++;
  }
  return p;
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

function key1(c: number): number {
  switch (c) {
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

function key2(c1: number, c2: number): number {
  if (c1 === 0x72 && c2 === 0x63) return K.rc;
  if (c1 === 0x65 && c2 === 0x78) return K.ex;
  if (c1 === 0x65 && c2 === 0x63) return K.ec;
  return 0;
}

/** Four ASCII digits read little-endian (first digit in the low byte) as their value, 0-9999. */
export function swar4(x: number): number {
  x = (x - 0x30303030) | 0;
  // Adjacent digit pairs: byte 0 = d0 * 10 + d1, byte 2 = d2 * 10 + d3.
  x = (Math.imul(x, 10) + (x >>> 8)) & 0x00ff00ff;
  return Math.imul(x & 0xff, 100) + (x >>> 16);
}
