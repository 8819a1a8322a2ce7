/**
 * continuation: the references of a big container, split over several lines (FORMAT.md,
 * "Continuation records"). The object record carries the first part and `ec`, the total count;
 * `{"k":"more","a":A,"o":OFFSET,"e":[...],"l":[...]}` records right after it carry the rest.
 * Their edges go straight to the builder, whose edges of one node must be contiguous: that is
 * why a continuation must follow its object (or the previous part) with nothing in between.
 *
 * Normal object lines pay nothing for this: the reader only calls in here for records it reads
 * with JSON.parse (an `ec` record, extra records). An object line that slips in between a record
 * and its continuation is noticed at the next extra record or at the end, by the node count.
 * Continuation lines in the dumper's compact form are scanned from bytes (`scan`, ~3 MB a line);
 * anything else is left to JSON.parse and `accept`, which own the error messages about fields.
 */

/** `{"k":"more","a":` */
const PREFIX = [0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0x6d, 0x6f, 0x72, 0x65, 0x22, 0x2c, 0x22, 0x61, 0x22, 0x3a];
import type { HeapGraphBuilder } from '../../model/HeapGraphBuilder.js';
import { INDEX_LABEL_BASE, type StringTable } from '../../model/StringTable.js';
import { type Json, type LineRef, fieldError, intField, own } from './objectRecord.js';
import { swar4 } from './ObjectScanner.js';

export class Continuations {
  /** References still owed to the pending object; 0 when none is pending. */
  private remaining = 0;
  private address = 0;
  /** Ordinal of the pending object: it must still be the builder's last node. */
  private node = -1;
  private total = 0;
  /** Line of the object record, and of its last part so far. */
  private objectLine = 0;
  private lastLine = 0;

  /** After an object record read with JSON.parse (now node `node`): notes its `ec`, if any. */
  announce(rec: Json, node: number, address: number, edgeCount: number, at: LineRef): void {
    const total = intField(rec, 'ec', at, 0, false);
    if (total !== undefined) this.announceTotal(total, node, address, edgeCount, at);
  }

  /** announce() for an `ec` the fast scanner read. */
  announceTotal(total: number, node: number, address: number, edgeCount: number, at: LineRef): void {
    if (total < edgeCount) {
      throw fieldError(at, `field "ec" (${total}) is less than the ${edgeCount} references on the line`);
    }
    if (total === edgeCount) return;
    this.remaining = total - edgeCount;
    this.total = total;
    this.address = address;
    this.node = node;
    this.objectLine = at.line;
    this.lastLine = at.line;
  }

  /**
   * Before any record that is not a continuation, with `objects` read so far: refuses it while
   * a container still owes references. Also the end-of-file check.
   */
  expectNone(objects: number, at: LineRef): void {
    if (this.remaining === 0) return;
    // An object line read by the fast path may have come in between: the gap is right after
    // the last part, so that is the line to name.
    const line = objects - 1 !== this.node ? this.lastLine + 1 : at.line;
    throw fieldError(
      { file: at.file, line },
      `expected a continuation record ({"k":"more","a":${this.address}}) of the object on line ${this.objectLine}: ` +
        `it announced ${this.total} references ("ec") and ${this.total - this.remaining} came`,
    );
  }

  /** True while an object still owes references (only then can a continuation be scanned). */
  get pending(): boolean {
    return this.remaining !== 0;
  }

  /** References still owed to the pending object. */
  get owed(): number {
    return this.remaining;
  }

  /**
   * A `{"k":"more"}` record: its edges join the pending object's. Checks its place first (so the
   * messages name the problem, not a field).
   */
  accept(rec: Json, objects: number, b: HeapGraphBuilder, strings: StringTable, at: LineRef): void {
    const address = intField(rec, 'a', at, 1)!;
    const offset = intField(rec, 'o', at, 0)!;
    this.admit(address, offset, objects, at);
    const edges = own(rec, 'e');
    if (!Array.isArray(edges) || edges.length === 0) throw fieldError(at, 'field "e" must be a non-empty array of addresses');
    this.fits(edges.length, at);
    const labels = own(rec, 'l');
    if (labels !== undefined && (!Array.isArray(labels) || labels.length !== edges.length)) {
      throw fieldError(at, `field "l" must be an array as long as "e" (${edges.length})`);
    }
    for (let i = 0; i < edges.length; i++) {
      const v: unknown = edges[i];
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) {
        throw fieldError(at, `field "e"[${i}] must be a positive integer address`);
      }
      let label = 0;
      if (labels !== undefined) {
        const l: unknown = (labels as unknown[])[i];
        if (typeof l === 'string') label = strings.labelId(l);
        else if (l !== null) throw fieldError(at, `field "l"[${i}] must be a string or null`);
      }
      b.addEdge(v, label);
    }
    this.remaining -= edges.length;
    this.lastLine = at.line;
  }

  private admit(address: number, offset: number, objects: number, at: LineRef): void {
    if (this.remaining === 0 || objects - 1 !== this.node) {
      const why = this.remaining === 0 ? 'no object before it announced more references ("ec")' : `another record came after line ${this.lastLine}`;
      throw fieldError(at, `continuation record for address ${address} does not follow its object: ${why}`);
    }
    if (address !== this.address) {
      throw fieldError(at, `continuation record for address ${address} follows the object ${this.address} (line ${this.objectLine})`);
    }
    const done = this.total - this.remaining;
    if (offset !== done) {
      throw fieldError(at, `continuation record starts at reference ${offset}, expected ${done}: parts out of order`);
    }
  }

  private fits(count: number, at: LineRef): void {
    if (count > this.remaining) {
      throw fieldError(at, `continuation record has ${count} references, more than the ${this.remaining} still announced ("ec" ${this.total}, line ${this.objectLine})`);
    }
  }

  // The byte scanner's results: a position travels through return values, a number through `num`.
  private num = NaN;
  /** The references and label ids the last parse() read (valid up to its count). */
  edges = new Float64Array(1024);
  labels = new Uint32Array(1024);

  /**
   * Reads a continuation line in the dumper's form, `{"k":"more","a":A,"o":O,"e":[...]}` with an
   * optional `"l":[...]` of ASCII strings without escapes or nulls, and appends it. False (nothing
   * done) for any other line: the caller reads it with JSON.parse.
   */
  scan(buf: Uint8Array, start: number, end: number, objects: number, b: HeapGraphBuilder, strings: StringTable, at: LineRef): boolean {
    const n = this.parse(buf, start, end, strings);
    if (n < 0) return false;
    this.append(this.parsed, this.edges, this.parsed.labelled ? this.labels : undefined, 0, n, objects, b, at);
    return true;
  }

  /** What the last parse() read besides the references themselves. */
  readonly parsed = { address: 0, offset: 0, labelled: false };

  /**
   * The byte scan of scan() alone, safe on any thread (a batch's scan runs it, parallel/): the
   * number of references read into `edges` / `labels` (label ids of `strings`) and the line's
   * address and offset into `parsed`, or -1 for any other line.
   */
  parse(buf: Uint8Array, start: number, end: number, strings: StringTable): number {
    if (end - start < PREFIX.length + 16) return -1;
    for (let i = 0; i < PREFIX.length; i++) if (buf[start + i] !== PREFIX[i]) return -1;
    let p = this.int(buf, start + PREFIX.length, end);
    const address = this.num;
    if (address === 0) return -1;
    // ,"o":
    if (p < 0 || buf[p] !== 0x2c || buf[p + 1] !== 0x22 || buf[p + 2] !== 0x6f || buf[p + 3] !== 0x22 || buf[p + 4] !== 0x3a) return -1;
    p = this.int(buf, p + 5, end);
    const offset = this.num;
    // ,"e":[
    if (p < 0 || buf[p] !== 0x2c || buf[p + 1] !== 0x22 || buf[p + 2] !== 0x65 || buf[p + 3] !== 0x22 || buf[p + 4] !== 0x3a || buf[p + 5] !== 0x5b) return -1;
    p += 6;
    let n = 0;
    for (;;) {
      p = this.int(buf, p, end);
      if (p < 0 || this.num === 0) return -1;
      if (n === this.edges.length) this.edges = grown(this.edges, new Float64Array(n * 2));
      this.edges[n++] = this.num;
      if (buf[p] === 0x2c) p++;
      else if (buf[p] === 0x5d) break;
      else return -1;
    }
    p++;
    let labelled = false;
    if (buf[p] === 0x2c) {
      // ,"l":[
      if (buf[p + 1] !== 0x22 || buf[p + 2] !== 0x6c || buf[p + 3] !== 0x22 || buf[p + 4] !== 0x3a || buf[p + 5] !== 0x5b) return -1;
      p += 6;
      let k = 0;
      for (;;) {
        if (buf[p] !== 0x22 || k === n) return -1;
        const s = p + 1;
        let q = s;
        while (q < end && buf[q] !== 0x22) {
          const c = buf[q];
          if (c < 0x20 || c > 0x7e || c === 0x5c) return -1;
          q++;
        }
        if (q >= end) return -1;
        if (k === this.labels.length) this.labels = grown(this.labels, new Uint32Array(k * 2));
        this.labels[k++] = labelOf(buf, s, q, strings);
        p = q + 1;
        if (buf[p] === 0x2c) p++;
        else if (buf[p] === 0x5d) break;
        else return -1;
      }
      if (k !== n) return -1;
      p++;
      labelled = true;
    }
    if (p !== end - 1 || buf[p] !== 0x7d) return -1;
    this.parsed.address = address;
    this.parsed.offset = offset;
    this.parsed.labelled = labelled;
    return n;
  }

  /**
   * Appends references [from, to) of a parsed continuation (`parsed`: its address and offset) to
   * the pending object, after checking its place. `map` turns label ids of another table into
   * the builder's (a batch's, see parallel/); index labels pass as they are.
   */
  append(
    parsed: { address: number; offset: number },
    edges: Float64Array,
    labels: Uint32Array | undefined,
    from: number,
    to: number,
    objects: number,
    b: HeapGraphBuilder,
    at: LineRef,
    map?: Uint32Array,
  ): void {
    this.admit(parsed.address, parsed.offset, objects, at);
    this.fits(to - from, at);
    for (let i = from; i < to; i++) {
      let label = labels === undefined ? 0 : labels[i];
      if (map !== undefined && label !== 0 && label < INDEX_LABEL_BASE) label = map[label];
      b.addEdge(edges[i], label);
    }
    this.remaining -= to - from;
    this.lastLine = at.line;
  }

  private viewOf: Uint8Array | undefined;
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));

  /** A JSON integer ≥ 0 of at most 15 digits at `p` into `num`; the position after it, or -1. */
  private int(buf: Uint8Array, p: number, end: number): number {
    let v = 0;
    const s = p;
    // Four digits at a time first (addresses have 14-15), as ObjectScanner.digits does.
    if (buf !== this.viewOf) {
      this.viewOf = buf;
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    const view = this.view;
    for (; p + 4 <= end; p += 4) {
      const x = view.getInt32(p, true);
      if ((x & 0xf0f0f0f0) !== 0x30303030 || ((x + 0x06060606) & 0xf0f0f0f0) !== 0x30303030) break;
      v = v * 10000 + swar4(x);
    }
    while (p < end) {
      const c = buf[p] - 0x30;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      p++;
    }
    const len = p - s;
    if (len === 0 || len > 15 || (len > 1 && buf[s] === 0x30)) return -1;
    this.num = v;
    return p;
  }
}

/** The label id of buf[s, e): index labels "[N]" by value, the rest through the string table. */
function labelOf(buf: Uint8Array, s: number, e: number, strings: StringTable): number {
  const len = e - s;
  if (len >= 3 && len <= 11 && buf[s] === 0x5b && buf[e - 1] === 0x5d && (buf[s + 1] !== 0x30 || len === 3)) {
    let n = 0;
    let i = s + 1;
    for (; i < e - 1; i++) {
      const c = buf[i] - 0x30;
      if (c < 0 || c > 9) break;
      n = n * 10 + c;
    }
    if (i === e - 1) return INDEX_LABEL_BASE + n;
  }
  return strings.labelId(String.fromCharCode(...buf.subarray(s, e)));
}

function grown<T extends Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
