/**
 * scanBatch: the part of reading that runs on any thread. A batch is whole lines of the dump
 * (cut after a "\n"); each object line the fast ObjectScanner accepts goes into NodeColumns with
 * strings in a table of the batch's own. Every other line (the header, extra and continuation
 * records, lines the scanner declines, over-long lines) is only noted, with its place, and left
 * to the loading thread, which reads it in order with the careful path and owns every error
 * message. So a batch never decides that input is bad, as ObjectScanner never does.
 */
import type { NodeColumns } from '../../../model/NodeColumns.js';
import { type StringExport, StringTable } from '../../../model/StringTable.js';
import { ObjectFields, ObjectScanner } from '../ObjectScanner.js';
import { Continuations } from '../continuation.js';

export interface BatchScan {
  /** Lines in the batch. */
  lines: number;
  /**
   * The lines left to the loading thread, DEFERRED numbers each: objects scanned before it, its
   * 0-based line in the batch, its start and end (before the "\n") in the batch's buffer, and
   * the index of its parsed form in `more` for a continuation record (-1 for others).
   */
  deferred: Int32Array;
  /**
   * Continuation records in the dumper's form, read here (their references are most of a big
   * container's bytes), MORE numbers each: address, offset ("o"), their references
   * moreEdges[from, to), 1 when moreLabels holds their labels. Checking their place is left to
   * the loading thread (Continuations.append).
   */
  more: Float64Array;
  moreEdges: Float64Array;
  moreLabels: Uint32Array;
  strings: StringExport;
}

export const DEFERRED = 5;
export const MORE = 5;

/** About one object per this many bytes of text: sizes a batch's string table. */
const BYTES_PER_OBJECT = 100;

/**
 * Scans buf[start, end), which ends just after a "\n". `headerFirst`: its first line is the
 * dump's line 1 (always left to the loading thread). Lines longer than `maxLineBytes` are left
 * too, so that the loading thread refuses them by their line number.
 */
export function scanBatch(buf: Uint8Array, start: number, end: number, headerFirst: boolean, maxLineBytes: number, cols: NodeColumns, reuse?: StringTable): BatchScan {
  // A table reused batch after batch costs no fresh memory (fresh pages are slow to fault in).
  const strings = reuse ?? new StringTable(Math.ceil((end - start) / BYTES_PER_OBJECT));
  strings.reset();
  const fields = new ObjectFields();
  const scanner = new ObjectScanner(strings, fields);
  const cont = new Continuations();
  cols.reset();
  let deferred = new Int32Array(64);
  let d = 0;
  let more = new Float64Array(0);
  let m = 0;
  let moreEdges = new Float64Array(0);
  let moreLabels = new Uint32Array(0);
  let me = 0;
  let line = 0;
  let p = start;
  while (p < end) {
    const nl = line === 0 && headerFirst ? -1 : scanner.scanToNewline(buf, p, end);
    // Objects announcing continuations (`ec`) are left too: their place is checked in order.
    if (nl >= 0 && nl - p <= maxLineBytes && fields.announced < 0) {
      fields.commit(cols);
      p = nl + 1;
      line++;
      continue;
    }
    let e = buf.indexOf(10, p);
    if (e < 0 || e > end) e = end;
    if (d + DEFERRED > deferred.length) deferred = grown(deferred, new Int32Array(deferred.length * 2));
    deferred[d++] = cols.count;
    deferred[d++] = line;
    deferred[d++] = p;
    deferred[d++] = e;
    const n = e - p <= maxLineBytes ? cont.parse(buf, p, e, strings) : -1;
    if (n >= 0) {
      if (m + MORE > more.length) more = grown(more, new Float64Array(Math.max(64, more.length * 2)));
      if (me + n > moreEdges.length) {
        const cap = Math.max(me + n, moreEdges.length * 2);
        moreEdges = grown(moreEdges, new Float64Array(cap));
        moreLabels = grown(moreLabels, new Uint32Array(cap));
      }
      moreEdges.set(cont.edges.subarray(0, n), me);
      if (cont.parsed.labelled) moreLabels.set(cont.labels.subarray(0, n), me);
      deferred[d++] = m / MORE;
      more[m++] = cont.parsed.address;
      more[m++] = cont.parsed.offset;
      more[m++] = me;
      more[m++] = me + n;
      more[m++] = cont.parsed.labelled ? 1 : 0;
      me += n;
    } else {
      deferred[d++] = -1;
    }
    p = e + 1;
    line++;
  }
  cols.seal();
  return {
    lines: line,
    deferred: deferred.slice(0, d),
    more: more.slice(0, m),
    moreEdges: moreEdges.slice(0, me),
    moreLabels: moreLabels.slice(0, me),
    strings: strings.exportAll(),
  };
}

function grown<T extends Int32Array | Float64Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
