/**
 * readInParallel: the reader for large dumps. Decoded bytes are gathered into batches of whole
 * lines (cut after the last "\n", in shared memory); each batch is scanned by a ScanPool thread,
 * or by this thread when they are all busy, into NodeColumns; results are merged strictly in
 * file order into the one builder, with lines the scan left (header, extra and continuation
 * records, anything the fast scanner declines) read on this thread by ReadState in their place.
 * So continuations join across batches, and line numbers in errors are those of the file.
 *
 * A line longer than the batch grows its batch; one longer than the line cap, and the cut-off
 * last line of a file, go to a LineSplitter after everything before them is merged, which then
 * reads the rest as the one-thread reader does.
 */
import { LineSplitter } from '../../LineSplitter.js';
import { NodeColumns } from '../../../model/NodeColumns.js';
import { StringTable } from '../../../model/StringTable.js';
import { allocate, count } from '../../../model/allocate.js';
import { type BatchScan, DEFERRED, scanBatch } from './scanBatch.js';
import { type ScanDone, ScanPool } from './ScanPool.js';

/** What the parallel reader needs of the reader's state (reader.ts ReadState). */
export interface BatchTarget {
  readonly objects: number;
  /**
   * A line left by the scan, read in its place (`line` is the file's 1-based line); `more` >= 0
   * when the scan parsed it as a continuation record (scan.more[more * MORE ...]).
   */
  deferredLine(buf: Buffer, start: number, end: number, line: number, scan: BatchScan, more: number): void;
  /** Objects [from, to) of a scanned batch; `firstLine` is the line of object `from`. */
  mergeRun(cols: NodeColumns, from: number, to: number, strings: BatchScan['strings'], firstLine: number): void;
  /** The one-thread reader's splitter, for the rest of the file, starting after `lines` lines. */
  splitter(lines: number): LineSplitter;
  progress(): void;
}

export interface ParallelOptions {
  /** Scan threads besides this one. */
  threads: number;
  /** Bytes per batch. */
  batchBytes: number;
  maxLineBytes: number;
}

interface Batch {
  sab: SharedArrayBuffer;
  bytes: Uint8Array;
  buf: Buffer;
}

interface Pending {
  batch: Batch;
  end: number;
  headerFirst: boolean;
  cols: NodeColumns;
  /** ScanRequest.claim, as an Int32Array. */
  claim: Int32Array;
  /** Settles with the scan, or with undefined when its thread failed or it was claimed back. */
  result: Promise<ScanDone | undefined>;
  done: ScanDone | undefined;
  settled: boolean;
}

export async function readInParallel(chunks: AsyncIterable<Buffer>, target: BatchTarget, o: ParallelOptions): Promise<number> {
  const pool = ScanPool.start(o.threads);
  const freeBatches: Batch[] = [];
  const freeCols: NodeColumns[] = [];
  const queue: Pending[] = [];
  /** Lines merged so far (the file's line count before the head of the queue). */
  let lines = 0;
  let first = true;
  let serial: LineSplitter | undefined;
  // Enough in flight to keep every thread busy, and for this one to scan ahead (rather than wait)
  // while a thread is still on the oldest batch: ~5 MiB of lines and columns each.
  const depth = 2 * Math.max(1, o.threads) + 6;

  const newBatch = (min: number): Batch => {
    const reuse = freeBatches.findIndex((b) => b.sab.byteLength >= min);
    if (reuse >= 0) return freeBatches.splice(reuse, 1)[0];
    const size = Math.max(min, o.batchBytes + (1 << 20));
    const sab = allocate(() => `a batch of ${count(size)} bytes of lines`, size, () => new SharedArrayBuffer(size));
    return { sab, bytes: new Uint8Array(sab), buf: Buffer.from(sab) };
  };
  let cur = newBatch(o.batchBytes);
  let fill = 0;

  const strings = new StringTable(1 << 16);
  const scanHere = (p: Pending): ScanDone => ({ ...scanBatch(p.batch.bytes, 0, p.end, p.headerFirst, o.maxLineBytes, p.cols, strings), cols: p.cols });

  const dispatch = (end: number): void => {
    const cols = freeCols.pop() ?? new NodeColumns();
    const claim = new SharedArrayBuffer(4);
    const p: Pending = { batch: cur, end, headerFirst: first, cols, claim: new Int32Array(claim), result: Promise.resolve(undefined), done: undefined, settled: false };
    first = false;
    const sent = pool.alive > 0 && pool.busy < 2 * pool.alive ? pool.scan({ claim, batch: cur.sab, start: 0, end, headerFirst: p.headerFirst, maxLineBytes: o.maxLineBytes, cols: cols.buffers() }) : undefined;
    if (sent) {
      p.result = sent.then(
        (r) => {
          p.settled = true;
          return r;
        },
        () => {
          p.settled = true;
          return undefined;
        },
      );
    } else {
      p.done = scanHere(p);
      p.settled = true;
    }
    queue.push(p);
  };

  const mergeHead = async (): Promise<void> => {
    const p = queue.shift()!;
    // A batch its thread has not started yet (the thread is slow, or the machine busy) is taken
    // back and scanned here rather than waited for.
    if (p.done === undefined && !p.settled && Atomics.compareExchange(p.claim, 0, 0, 2) === 0) p.done = scanHere(p);
    const r = p.done ?? (await p.result) ?? scanHere(p);
    merge(p.batch.buf, r);
    freeCols.push(r.cols);
    freeBatches.push(p.batch);
  };

  const merge = (buf: Buffer, r: ScanDone): void => {
    const d = r.deferred;
    let from = 0;
    let runLine = lines + 1;
    for (let k = 0; k < d.length; k += DEFERRED) {
      const before = d[k];
      if (before > from) target.mergeRun(r.cols, from, before, r.strings, runLine);
      from = before;
      target.deferredLine(buf, d[k + 2], d[k + 3], lines + d[k + 1] + 1, r, d[k + 4]);
      runLine = lines + d[k + 1] + 2;
    }
    if (r.cols.count > from) target.mergeRun(r.cols, from, r.cols.count, r.strings, runLine);
    lines += r.lines;
    target.progress();
  };

  /**
   * Cuts the current batch after its last "\n" within batchBytes (or, for a longer line, the
   * first after) and sends it; the rest starts the next batch. False when no line ends in it.
   */
  const cut = (): boolean => {
    let nl = cur.bytes.lastIndexOf(10, Math.min(o.batchBytes, fill) - 1);
    if (nl < 0) {
      nl = cur.bytes.indexOf(10, o.batchBytes);
      if (nl < 0 || nl >= fill) return false;
    }
    const rest = fill - nl - 1;
    const next = newBatch(Math.max(o.batchBytes, rest));
    next.bytes.set(cur.bytes.subarray(nl + 1, fill), 0);
    dispatch(nl + 1);
    cur = next;
    fill = rest;
    return true;
  };

  /** Merges what is done, and waits for the oldest while too many batches are out. */
  const mergeReady = async (): Promise<void> => {
    while (queue.length > 0 && (queue[0].settled || queue.length >= depth)) await mergeHead();
  };

  const drain = async (): Promise<void> => {
    while (queue.length > 0) await mergeHead();
  };

  try {
    for await (const chunk of chunks) {
      if (serial) {
        serial.push(chunk);
        target.progress();
        continue;
      }
      if (fill + chunk.length > cur.bytes.length) {
        // One line bigger than a batch: grow this one (a long line is read whole anyway).
        const bigger = newBatch(Math.max(2 * cur.bytes.length, fill + chunk.length));
        bigger.bytes.set(cur.bytes.subarray(0, fill), 0);
        freeBatches.push(cur);
        cur = bigger;
      }
      cur.bytes.set(chunk, fill);
      fill += chunk.length;
      while (fill >= o.batchBytes && cut()) await mergeReady();
      if (fill > o.maxLineBytes) {
        // No newline in more than the line cap: the splitter refuses it with its line number.
        await drain();
        serial = target.splitter(lines);
        serial.push(cur.buf.subarray(0, fill));
        fill = 0;
      }
    }
    if (!serial && fill > 0) {
      while (fill > 0 && cut()) await mergeReady();
      await drain();
      if (fill > 0) {
        // A last line without a newline: the splitter knows how to read (or refuse) it.
        serial = target.splitter(lines);
        serial.push(cur.buf.subarray(0, fill));
      }
    }
    await drain();
    if (!serial) return lines;
    serial.end();
    return serial.lines;
  } finally {
    pool.close();
  }
}
