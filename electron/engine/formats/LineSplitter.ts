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

export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lineNo = 0;

  constructor(
    private readonly file: string,
    private readonly onLine: LineHandler,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
    private readonly fast?: FastLineHandler,
  ) {}

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
        if (pos < chunk.length) this.hold(chunk.subarray(pos));
        return;
      }
      this.lineNo++;
      if (this.pendingBytes === 0) {
        if (nl - pos > this.maxLineBytes) this.tooLong(this.lineNo);
        this.onLine(chunk, pos, nl, this.lineNo, true);
      } else {
        const piece = chunk.subarray(pos, nl);
        if (this.pendingBytes + piece.length > this.maxLineBytes) this.tooLong(this.lineNo);
        this.pending.push(piece);
        const line = Buffer.concat(this.pending, this.pendingBytes + piece.length);
        this.pending = [];
        this.pendingBytes = 0;
        this.onLine(line, 0, line.length, this.lineNo, true);
      }
      pos = nl + 1;
    }
  }

  /** Flushes a last line that has no trailing newline. */
  end(): void {
    if (this.pendingBytes === 0) return;
    this.lineNo++;
    const line = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.onLine(line, 0, line.length, this.lineNo, false);
  }

  private hold(piece: Buffer): void {
    if (this.pendingBytes + piece.length > this.maxLineBytes) this.tooLong(this.lineNo + 1);
    // Copy: keeping a view would pin the whole (1 MiB) chunk for a few leftover bytes.
    this.pending.push(Buffer.from(piece));
    this.pendingBytes += piece.length;
  }

  private tooLong(line: number): never {
    const mib = Math.round(this.maxLineBytes / (1024 * 1024));
    throw new HeapFormatError('TOO_LARGE', this.file, line, `line is longer than ${mib} MiB; refusing to load it`);
  }
}
