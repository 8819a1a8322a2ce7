/**
 * LineSplitter: cuts a stream of Buffers into lines at 0x0A without ever decoding the whole file
 * into one string (V8 caps strings at ~512 MiB; dumps are bigger). A line that lies inside one
 * chunk is handed over as a view into that chunk, with no copy; only lines that straddle chunks
 * are concatenated. A line longer than `maxLineBytes` is refused before it is buffered whole, so
 * a file with no newlines cannot exhaust memory.
 */
import { HeapFormatError } from './HeapFormatError.js';

/**
 * Receives one line without its "\n". `buf` is only valid during the call. `terminated` is
 * false only for a last line that had no newline after it.
 */
export type LineHandler = (buf: Buffer, start: number, end: number, line: number, terminated: boolean) => void;

/**
 * Optional fast path: handles the line starting at `start` if it can, finding its end itself,
 * and returns the index of the "\n" that ends it; -1 leaves the line to LineHandler. Saves a
 * newline search per line when the handler must walk the bytes anyway.
 */
export type FastLineHandler = (buf: Buffer, start: number, limit: number, line: number) => number;

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Capacity taken at once when a line outgrows the first carry buffer. */
const CARRY_RESERVE = 64 * 1024 * 1024;

export class LineSplitter {
  /**
   * Bytes of a line that straddles chunks, in one buffer reused for the whole file: a fresh
   * Buffer per chunk boundary cost ~0.5 ms each here (new memory faults in page by page).
   */
  private carry = Buffer.allocUnsafe(64 * 1024);
  private pendingBytes = 0;
  private lineNo = 0;

  constructor(
    private readonly file: string,
    private readonly onLine: LineHandler,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
    private readonly fast?: FastLineHandler,
  ) {}

  /** Counts on from `lines` lines already read elsewhere (the parallel reader's batches). */
  startAt(lines: number): void {
    this.lineNo = lines;
  }

  /** Lines completed so far. */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    const fast = this.fast;
    for (;;) {
      if (fast !== undefined && this.pendingBytes === 0 && pos < chunk.length) {
        const end = fast(chunk, pos, chunk.length, this.lineNo + 1);
        if (end >= 0) {
          this.lineNo++;
          if (end - pos > this.maxLineBytes) this.tooLong(this.lineNo);
          pos = end + 1;
          continue;
        }
      }
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        if (pos < chunk.length) this.append(chunk, pos, chunk.length, this.lineNo + 1);
        return;
      }
      this.lineNo++;
      if (this.pendingBytes === 0) {
        if (nl - pos > this.maxLineBytes) this.tooLong(this.lineNo);
        this.onLine(chunk, pos, nl, this.lineNo, true);
      } else {
        this.append(chunk, pos, nl, this.lineNo);
        const length = this.pendingBytes;
        this.pendingBytes = 0;
        this.onLine(this.carry, 0, length, this.lineNo, true);
      }
      pos = nl + 1;
    }
  }

  /** Flushes a last line that has no trailing newline. */
  end(): void {
    if (this.pendingBytes === 0) return;
    this.lineNo++;
    const length = this.pendingBytes;
    this.pendingBytes = 0;
    this.onLine(this.carry, 0, length, this.lineNo, false);
  }

  /**
   * Adds chunk[start, end) to the carried part of line `line` (the caller may reuse the chunk's
   * memory), refusing the line once it is longer than the limit.
   */
  private append(chunk: Buffer, start: number, end: number, line: number): void {
    const need = this.pendingBytes + (end - start);
    if (need > this.maxLineBytes) this.tooLong(line);
    if (need > this.carry.length) {
      // Reserve generously: untouched capacity costs address space only, while every regrowth
      // would copy (and fault in) the line again. Heaps do have lines of tens of MB (a big list).
      const reserve = Math.min(Math.max(this.carry.length * 2, CARRY_RESERVE), this.maxLineBytes);
      const next = Buffer.allocUnsafe(Math.max(need, reserve));
      this.carry.copy(next, 0, 0, this.pendingBytes);
      this.carry = next;
    }
    chunk.copy(this.carry, this.pendingBytes, start, end);
    this.pendingBytes = need;
  }

  private tooLong(line: number): never {
    throw tooLongError(this.file, line, this.maxLineBytes);
  }
}

export function tooLongError(file: string, line: number, maxLineBytes: number): HeapFormatError {
  const mib = Math.round(maxLineBytes / (1024 * 1024));
  return new HeapFormatError('TOO_LARGE', file, line, `line is longer than ${mib} MiB; refusing to load it`);
}
