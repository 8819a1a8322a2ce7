/**
 * reader: streams a heapscope dump (FORMAT.md) into a HeapGraph. Read `readHeapscope` top to
 * bottom: chunks go through the LineSplitter; line 1 is the header; each later line is an object
 * (fast ObjectScanner, else the careful objectRecord path), an extra record, or the trailer; at
 * the end the builder links addresses. Nothing per line outlives the line: strings are interned
 * from bytes and numbers go straight into the builder's typed arrays. Link errors, found only at
 * the end, still name their line: see ReadState.lineOf.
 */
import { HeapFormatError } from '../HeapFormatError.js';
import { availableParallelism } from 'node:os';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter, tooLongError } from '../LineSplitter.js';
import { GraphLinkError, HeapGraphBuilder } from '../../model/HeapGraphBuilder.js';
import type { DumpHeader, HeapGraph } from '../../model/HeapGraph.js';
import { ObjectFields, ObjectScanner } from './ObjectScanner.js';
import { type Json, type LineRef, fieldError, fillObjectFields, intField, own, parseRecordLine, stringField } from './objectRecord.js';
import { parseHeader } from './headerRecord.js';
import { findInconsistencies, noteInconsistencies } from './consistency.js';
import { FidelityRecords } from '../../model/fidelity.js';
import { TpNameRecords } from '../../model/tpNames.js';
import { Continuations } from './continuation.js';
import { addressSpaceLeft } from '../../model/allocate.js';
import type { NodeColumns } from '../../model/NodeColumns.js';
import type { StringExport } from '../../model/StringTable.js';
import { type BatchTarget, readInParallel } from './parallel/readInParallel.js';
import { type BatchScan, MORE } from './parallel/scanBatch.js';

export interface ReadContext {
  file: string;
  /** Stored size, for pre-sizing and progress. */
  totalBytes: number;
  gzip: boolean;
  /** Stored bytes consumed so far. */
  bytesRead(): number;
  progress(phase: string, objects: number): void;
  maxLineBytes?: number;
  /**
   * Batches of lines scanned on `threads` more threads (0: batches, all on this one), instead of
   * the automatic choice (autoParallel): one-thread reading below PARALLEL_MIN_BYTES or on two cores or fewer. `false`:
   * the one-thread reader whatever the size.
   */
  parallel?: { threads: number; batchBytes?: number } | false;
}

/** Below this much text a load is fast enough on one thread (starting scan threads costs ~50 ms). */
const PARALLEL_MIN_BYTES = 24 << 20;
/** Bytes per batch: large enough that a merge is cheap next to its scan, small enough to spread. */
const BATCH_BYTES = 4 << 20;
/** Scan threads at most: the loading thread merges, and merging must keep up. */
const MAX_THREADS = 7;
/** Scan threads at least, for the automatic choice (see autoParallel). */
const MIN_THREADS = 2;

/** The shortest plausible object line, `{"a":1,"t":"","s":0,"f":0,"rc":0,"x":0}`, bounds the count. */
const MIN_OBJECT_LINE = 40;

export async function readHeapscope(chunks: AsyncIterable<Buffer>, ctx: ReadContext): Promise<HeapGraph> {
  const state = new ReadState(ctx);
  try {
    const parallel: { threads: number; batchBytes?: number } | undefined = ctx.parallel === false ? undefined : (ctx.parallel ?? autoParallel(ctx));
    if (parallel) {
      const options = { threads: parallel.threads, batchBytes: parallel.batchBytes ?? BATCH_BYTES, maxLineBytes: ctx.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES };
      return state.finish(await readInParallel(chunks, state, options));
    }
    const splitter = state.splitter(0);
    for await (const chunk of chunks) {
      splitter.push(chunk);
      ctx.progress('reading', state.objects);
    }
    splitter.end();
    return state.finish(splitter.lines);
  } finally {
    state.builder?.release();
  }
}

/**
 * Batches on cores - 1 scan threads for a large dump, from three cores up. On two cores the
 * one-thread reader already keeps the second busy (hashing, prefaulting), and one scan thread adds
 * ~0.5 s of CPU (hand-off, merge): faster only while that core is otherwise idle (README).
 */
function autoParallel(ctx: ReadContext): { threads: number } | undefined {
  const text = ctx.gzip ? ctx.totalBytes * 6 : ctx.totalBytes;
  const threads = Math.min(MAX_THREADS, availableParallelism() - 1);
  return text >= PARALLEL_MIN_BYTES && threads >= MIN_THREADS ? { threads } : undefined;
}

class ReadState implements BatchTarget {
  header: DumpHeader | undefined;
  builder: HeapGraphBuilder | undefined;
  scanner: ObjectScanner | undefined;
  readonly fields = new ObjectFields();
  /** weakcb / gen records, attached to the graph at the end. */
  readonly fidelity = new FidelityRecords();
  readonly tpNames = new TpNameRecords();
  /** Big containers whose references continue on the next lines (continuation.ts). */
  readonly cont = new Continuations();
  /**
   * Line numbers without a number per object: most lines are objects, so record only where the
   * others are. gapsBefore[k] = objects read when the k-th non-object line (header, extra record)
   * came; object n is then on line n + 1 + (gaps with gapsBefore <= n). See lineOf().
   */
  readonly gapsBefore: number[] = [];
  objects = 0;
  trailerLine = 0;
  trailerCount = 0;
  droppedEdges = 0;
  /** The most references the rest of the file could hold (a reference takes 2+ bytes of text). */
  private edgeBound = 0;
  private readonly at: LineRef;
  private lastChunk: Buffer | undefined;
  private lastView: Uint8Array = new Uint8Array(0);

  constructor(private readonly ctx: ReadContext) {
    this.at = { file: ctx.file, line: 0 };
  }

  /** The one-thread reader's splitter, feeding this state, counting on from `lines` lines. */
  splitter(lines: number): LineSplitter {
    const s = new LineSplitter(
      this.ctx.file,
      (buf, s, e, line, terminated) => this.line(buf, s, e, line, terminated),
      this.ctx.maxLineBytes,
      (buf, s, limit, line) => this.fastLine(buf, s, limit, line),
    );
    s.startAt(lines);
    return s;
  }

  progress(): void {
    this.ctx.progress('reading', this.objects);
  }

  deferredLine(buf: Buffer, start: number, end: number, line: number, scan: BatchScan, more: number): void {
    const max = this.ctx.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    if (end - start > max) throw tooLongError(this.ctx.file, line, max);
    if (more >= 0 && this.trailerLine === 0 && this.cont.pending) {
      // As record() would, minus the byte scan the batch already did.
      this.at.line = line;
      const m = scan.more;
      const k = more * MORE;
      const map = this.batchStrings(scan.strings);
      this.cont.append({ address: m[k], offset: m[k + 1] }, scan.moreEdges, m[k + 4] === 1 ? scan.moreLabels : undefined, m[k + 2], m[k + 3], this.objects, this.builder!, this.at, map);
      this.gapsBefore.push(this.objects);
      return;
    }
    this.line(buf, start, end, line, true);
  }

  private importedFrom: StringExport | undefined;
  private idMap: Uint32Array = new Uint32Array(1024);

  /** A batch's strings join the table once, before its first use; the map from its ids to ours. */
  private batchStrings(strings: StringExport): Uint32Array {
    if (this.importedFrom !== strings) {
      this.idMap = this.builder!.strings.importFrom(strings, this.idMap);
      this.importedFrom = strings;
    }
    return this.idMap;
  }

  mergeRun(cols: NodeColumns, from: number, to: number, strings: StringExport, firstLine: number): void {
    if (this.trailerLine !== 0) throw fieldError({ file: this.ctx.file, line: firstLine }, `data after the trailer (line ${this.trailerLine})`);
    this.builder!.appendColumns(cols, from, to, this.batchStrings(strings));
    this.objects += to - from;
  }

  line(buf: Buffer, start: number, end: number, line: number, terminated: boolean): void {
    this.at.line = line;
    if (!terminated) {
      // A last line with no newline is fine if it parses; if not, the file was cut here.
      try {
        this.record(buf, start, end, line);
      } catch (e) {
        if (e instanceof HeapFormatError && e.code === 'JSON') {
          throw new HeapFormatError('TRUNCATED', this.ctx.file, line, 'the last line is cut off (no newline, not valid JSON): the file is truncated');
        }
        throw e;
      }
      return;
    }
    this.record(buf, start, end, line);
  }

  /** The common case: an object line scanned in place inside its chunk (see LineSplitter). */
  fastLine(buf: Buffer, start: number, limit: number, line: number): number {
    if (line === 1 || this.trailerLine !== 0) return -1;
    const nl = this.scanner!.scanToNewline(this.plain(buf), start, limit);
    if (nl >= 0) {
      if (this.fields.announced >= 0) {
        this.at.line = line;
        this.commitAnnounced(this.builder!);
      } else {
        this.commit(this.builder!);
      }
    }
    return nl;
  }

  /**
   * The chunk as a plain Uint8Array (a view, made once per chunk). The string table also sees
   * plain Uint8Arrays, and code that meets one kind of array only stays fully optimized.
   */
  private plain(buf: Buffer): Uint8Array {
    if (buf !== this.lastChunk) {
      this.lastChunk = buf;
      this.lastView = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
    }
    return this.lastView;
  }

  private record(buf: Buffer, start: number, end: number, line: number): void {
    if (line === 1) {
      this.start(parseRecordLine(buf, start, end, this.at));
      return;
    }
    if (this.trailerLine !== 0) {
      // Blank lines after the trailer (an editor's extra newline, a concatenation) carry nothing.
      if (isBlank(buf, start, end)) return;
      throw fieldError(this.at, `data after the trailer (line ${this.trailerLine})`);
    }
    const b = this.builder!;
    if (this.scanner!.scan(this.plain(buf), start, end)) {
      if (this.fields.announced >= 0) this.commitAnnounced(b);
      else this.commit(b);
      return;
    }
    if (this.cont.pending && this.cont.scan(this.plain(buf), start, end, this.objects, b, b.strings, this.at)) {
      this.gapsBefore.push(this.objects);
      return;
    }
    const gen = this.scanner!.genRecord(this.plain(buf), start, end);
    if (gen !== undefined) {
      // As extra() does for this record read with JSON.parse.
      this.gapsBefore.push(this.objects);
      this.cont.expectNone(this.objects, this.at);
      this.builder!.addGeneration(this.scanner!.genSeq, gen);
      return;
    }
    const rec = parseRecordLine(buf, start, end, this.at);
    if (Object.hasOwn(rec, 'k')) {
      this.extra(rec, line);
      return;
    }
    this.cont.expectNone(this.objects, this.at);
    fillObjectFields(rec, this.fields, b.strings, this.at);
    this.commit(b);
    this.cont.announce(rec, this.objects - 1, this.fields.address, this.fields.edgeCount, this.at);
    // Room for the announced references at once, but never more than the file could hold.
    if (this.cont.pending) b.reserveEdges(Math.min(this.cont.owed, this.edgeBound));
  }

  /** A scanned object with `ec`: as record() does for one read with JSON.parse. */
  private commitAnnounced(b: HeapGraphBuilder): void {
    this.cont.expectNone(this.objects, this.at);
    this.commit(b);
    const f = this.fields;
    this.cont.announceTotal(f.announced, this.objects - 1, f.address, f.edgeCount, this.at);
    if (this.cont.pending) b.reserveEdges(Math.min(this.cont.owed, this.edgeBound));
  }

  private commit(b: HeapGraphBuilder): void {
    this.fields.commit(b);
    this.objects++;
  }

  /** 1-based line of object `node` (its ordinal). */
  lineOf(node: number): number {
    // Binary search: the number of gaps recorded with gapsBefore <= node.
    const g = this.gapsBefore;
    let lo = 0;
    let hi = g.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (g[mid] <= node) lo = mid + 1;
      else hi = mid;
    }
    return node + 1 + lo;
  }

  private start(rec: Json): void {
    const { header, expectedObjects } = parseHeader(rec, this.at);
    this.header = header;
    // Pre-size from the header's count, but never beyond what the file could hold: a lying
    // header must not make us reserve gigabytes.
    const decodedGuess = this.ctx.gzip ? this.ctx.totalBytes * 12 : this.ctx.totalBytes;
    const cap = Math.ceil(decodedGuess / MIN_OBJECT_LINE) + 16;
    this.edgeBound = Math.min(Math.ceil(decodedGuess / 2), 2 ** 31);
    const guess = Math.min(expectedObjects ?? Math.ceil(decodedGuess / 110), cap, 64_000_000);
    const nodes = Math.max(1024, guess + 1);
    // Edges: an upper bound from the file size (an edge takes at least ~16 bytes of text). Typed
    // arrays are zeroed lazily, page by page, so unused capacity costs address space only, while
    // growing would copy every edge and touch twice the memory.
    // Bounded by 8 per object too, so a large gzip (whose decoded size is only guessed) does not
    // reserve gigabytes; real heaps average 2-3 references per object.
    let edges = Math.max(nodes * 2, Math.min(Math.ceil(decodedGuess / 16), nodes * 8, 256_000_000));
    // Under an address-space limit (ulimit -v) unused capacity is not free: reserve what real heaps
    // hold (2-3 per object) and grow if need be, rather than be refused for room never used.
    if (addressSpaceLeft() < 4 * edges * 12) edges = Math.max(nodes * 2, Math.min(edges, Math.ceil(nodes * 3)));
    // With the object count known, a Prefaulter maps the columns ahead of the reader; edges are
    // guessed at 2.5 per object (real heaps: 2-3), pages beyond are faulted in when written.
    const prefaultEdges = expectedObjects !== undefined ? Math.min(edges, Math.ceil(nodes * 2.5)) : 0;
    this.builder = new HeapGraphBuilder(nodes, edges, prefaultEdges);
    this.scanner = new ObjectScanner(this.builder.strings, this.fields);
    this.gapsBefore.push(0);
  }

  private extra(rec: Json, line: number): void {
    this.gapsBefore.push(this.objects);
    const kind = own(rec, 'k');
    if (typeof kind !== 'string') throw fieldError(this.at, 'field "k" must be a string');
    if (kind === 'more') {
      this.cont.accept(rec, this.objects, this.builder!, this.builder!.strings, this.at);
      return;
    }
    this.cont.expectNone(this.objects, this.at);
    if (kind === 'name') {
      const a = intField(rec, 'a', this.at, 1)!;
      const holder = stringField(rec, 'holder', this.at)!;
      const name = stringField(rec, 'name', this.at)!;
      this.builder!.addHolderName(a, holder, name);
    } else if (kind === 'gen') {
      const seq = intField(rec, 'seq', this.at, 1)!;
      this.builder!.addGeneration(seq, this.addressList(rec));
    } else if (kind === 'site') {
      const file = stringField(rec, 'file', this.at)!;
      const line = intField(rec, 'line', this.at, 0)!;
      this.builder!.addSite(`${file}:${line}`, this.addressList(rec));
    } else if (this.fidelity.take(kind, rec, this.at)) {
      // weakcb / genstate records (model/fidelity.ts)
    } else if (this.tpNames.take(kind, rec, this.at)) {
      // tpname records (model/tpNames.ts)
    } else if (kind === 'end') {
      this.trailerCount = intField(rec, 'objects', this.at, 0)!;
      this.trailerLine = line;
      const dropped = intField(rec, 'droppedEdges', this.at, 0, false) ?? 0;
      this.droppedEdges = dropped;
      if (dropped > 0) {
        this.header!.notes.push(`the dumper left out ${dropped} references whose targets changed while it wrote the file`);
      }
    }
    // Unknown kinds are skipped: FORMAT.md lets minor versions add them.
  }

  /** Field "a" of a gen or site record: addresses (objects the file does not hold are ignored later). */
  private addressList(rec: Json): Float64Array {
    const list = own(rec, 'a');
    if (!Array.isArray(list)) throw fieldError(this.at, 'field "a" must be an array of addresses');
    const addresses = new Float64Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const a: unknown = list[i];
      if (typeof a !== 'number' || !Number.isSafeInteger(a) || a < 1) throw fieldError(this.at, `field "a" must hold addresses, not ${JSON.stringify(a)}`);
      addresses[i] = a;
    }
    return addresses;
  }

  finish(lines: number): HeapGraph {
    const file = this.ctx.file;
    if (lines === 0) throw new HeapFormatError('EMPTY', file, undefined, 'the file has no lines');
    if (this.trailerLine === 0) {
      throw new HeapFormatError('TRUNCATED', file, lines, `no trailer ({"k":"end"}) after line ${lines}: the file is truncated`);
    }
    if (this.trailerCount !== this.objects) {
      throw fieldError(
        { file, line: this.trailerLine },
        `the trailer counts ${this.trailerCount} objects but the file has ${this.objects}`,
      );
    }
    let graph: HeapGraph;
    try {
      graph = this.tpNames.attach(this.fidelity.attach(this.builder!.finish(this.header!, (phase) => this.ctx.progress(phase, this.objects))));
    } catch (e) {
      if (!(e instanceof GraphLinkError)) throw e;
      const line = this.lineOf(e.node);
      if (e.kind === 'duplicate') {
        const first = e.firstNode >= 0 ? ` (first on line ${this.lineOf(e.firstNode)})` : '';
        throw new HeapFormatError('DUPLICATE', file, line, `${e.message}${first}`);
      }
      throw new HeapFormatError('DANGLING', file, line, `${e.message}: every referenced address must be an object of the file`);
    }
    const found = findInconsistencies(graph, (n) => this.lineOf(n), this.droppedEdges);
    if (found) noteInconsistencies(graph.header, file.split(/[\\/]/).pop() ?? file, found);
    return graph;
  }
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}
