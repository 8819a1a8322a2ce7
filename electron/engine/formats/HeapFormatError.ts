/**
 * HeapFormatError: the one error every dump reader throws for bad input. It carries a code the UI
 * and CLI can switch on, the file's base name and the 1-based line number when one is known, and a
 * message that starts with "file:line:" so a bare log line already says where to look.
 */
import { basename } from 'node:path';

export type HeapFormatErrorCode =
  /** The file holds no bytes (or no lines). */
  | 'EMPTY'
  /** The data stops early: no trailer, a cut-off last line, a truncated gzip stream. */
  | 'TRUNCATED'
  /** A line is not valid JSON. */
  | 'JSON'
  /** A record is valid JSON but a field is missing or has the wrong type or value. */
  | 'FIELD'
  /** An edge or weak target names an address that no object in the file has. */
  | 'DANGLING'
  /** Two objects share one address. */
  | 'DUPLICATE'
  /** The content is not a dump format heapscope reads. */
  | 'FORMAT'
  /** A heapscope dump of a major version this reader does not know. */
  | 'VERSION'
  /** Gzip magic bytes but the stream does not inflate. */
  | 'NOT_GZIP'
  /** Gzip data that inflates but fails its CRC-32 or length check. */
  | 'CORRUPT'
  /** The process ran out of memory for the graph (a heap cap, `ulimit -v`). */
  | 'NO_MEMORY'
  /** A line longer than the reader's cap. */
  | 'TOO_LARGE'
  /** The caller's AbortSignal fired. */
  | 'ABORTED'
  /** The file could not be read (missing, permissions, I/O). */
  | 'IO';

export class HeapFormatError extends Error {
  override readonly name = 'HeapFormatError';
  /** Base name of the file, as shown in the message. */
  readonly file: string;

  constructor(
    readonly code: HeapFormatErrorCode,
    file: string,
    /** 1-based line number, undefined when the problem is not tied to a line. */
    readonly line: number | undefined,
    readonly detail: string,
  ) {
    const shown = basename(file);
    super(line === undefined ? `${shown}: ${detail}` : `${shown}:${line}: ${detail}`);
    this.file = shown;
  }
}

export function isHeapFormatError(e: unknown): e is HeapFormatError {
  return e instanceof HeapFormatError;
}
