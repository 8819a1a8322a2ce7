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
 */
import type { HeapGraphBuilder } from '../../model/HeapGraphBuilder.js';
import type { StringTable } from '../../model/StringTable.js';
import { type Json, type LineRef, fieldError, intField, own } from './objectRecord.js';

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
    if (total === undefined) return;
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

  /** A `{"k":"more"}` record: its edges join the pending object's. */
  accept(rec: Json, objects: number, b: HeapGraphBuilder, strings: StringTable, at: LineRef): void {
    const address = intField(rec, 'a', at, 1)!;
    const offset = intField(rec, 'o', at, 0)!;
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
    const edges = own(rec, 'e');
    if (!Array.isArray(edges) || edges.length === 0) throw fieldError(at, 'field "e" must be a non-empty array of addresses');
    if (edges.length > this.remaining) {
      throw fieldError(at, `continuation record has ${edges.length} references, more than the ${this.remaining} still announced ("ec" ${this.total}, line ${this.objectLine})`);
    }
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
}
