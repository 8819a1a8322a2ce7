/**
 * formats: the one entry point for opening a dump, `loadDump(path)`. It opens the bytes (gzip or
 * not, by content), looks at the first line to pick a format from `formats` below, and hands the
 * stream to that format's reader. Another tool's format is added as a sibling folder plus one
 * entry in `formats`. Safe to call in a worker thread.
 */
import { HeapFormatError } from './HeapFormatError.js';
import { openByteSource } from './byteSource.js';
import type { HeapGraph } from '../model/HeapGraph.js';
import { type ReadContext, readHeapscope } from './heapscope/reader.js';
import { OutOfMemoryError, formatBytes, isAllocationFailure } from '../model/allocate.js';

export { HeapFormatError, isHeapFormatError, type HeapFormatErrorCode } from './HeapFormatError.js';

export type DumpFormatName = 'heapscope';

export interface LoadProgress {
  /** 'reading' while streaming, then 'indexing' and 'linking' while the graph is assembled. */
  phase: string;
  /** Stored (possibly compressed) bytes consumed. */
  bytesRead: number;
  totalBytes: number;
  /** Objects read so far. */
  objects: number;
}

export interface LoadOptions {
  onProgress?: (p: LoadProgress) => void;
  signal?: AbortSignal;
  /** Longest line accepted, in bytes (default 64 MiB). */
  maxLineBytes?: number;
  /** Force batch reading with this many scan threads (tests, benchmarks); by default large dumps use the cores there are. */
  parallel?: ReadContext['parallel'];
}

export interface LoadedDump {
  graph: HeapGraph;
  file: string;
  /** Stored size in bytes. */
  bytes: number;
  /** sha-256 hex of the file's bytes as stored (compressed if it is). */
  contentHash: string;
  format: DumpFormatName;
}

interface DumpFormat {
  name: DumpFormatName;
  /** True when the start of the decoded content (at least its first line, or 64 KiB) is ours. */
  sniff(head: Buffer): boolean;
  read(chunks: AsyncIterable<Buffer>, ctx: ReadContext): Promise<HeapGraph>;
}

const HEAPSCOPE_TAG = Buffer.from('"heapscope"');

const formats: readonly DumpFormat[] = [
  {
    name: 'heapscope',
    sniff: (head) => {
      const nl = head.indexOf(10);
      const first = nl < 0 ? head : head.subarray(0, nl);
      return first.indexOf(HEAPSCOPE_TAG) >= 0 && first.toString('latin1').trimStart().startsWith('{');
    },
    read: readHeapscope,
  },
];

const SNIFF_BYTES = 64 * 1024;

export async function loadDump(path: string, options: LoadOptions = {}): Promise<LoadedDump> {
  const { onProgress, signal } = options;
  const src = await openByteSource(path, signal);
  const it = src.chunks();
  try {
    // Gather the first line (or 64 KiB) to decide the format; those chunks are then replayed.
    const head: Buffer[] = [];
    let headBytes = 0;
    for (;;) {
      const r = await it.next();
      if (r.done) break;
      head.push(Buffer.from(r.value)); // chunks may share one buffer: keep a copy
      headBytes += r.value.length;
      if (headBytes >= SNIFF_BYTES || r.value.indexOf(10) >= 0) break;
    }
    const headBuf = Buffer.concat(head, headBytes);
    if (headBytes === 0) throw new HeapFormatError('EMPTY', path, undefined, 'the file is empty');
    const format = formats.find((f) => f.sniff(headBuf));
    if (!format) {
      const hint = !src.gzip && /\.gz$/i.test(path) ? ' (the name ends in .gz but the content is not gzip)' : '';
      throw new HeapFormatError('FORMAT', path, 1, `not a heapscope dump${hint}: line 1 is not a heapscope header`);
    }
    async function* replay(): AsyncGenerator<Buffer, void, undefined> {
      yield* head;
      head.length = 0;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    }
    let lastReport = 0;
    const ctx: ReadContext = {
      file: path,
      totalBytes: src.totalBytes,
      gzip: src.gzip,
      bytesRead: src.bytesRead,
      maxLineBytes: options.maxLineBytes,
      parallel: options.parallel,
      progress(phase, objects) {
        if (!onProgress) return;
        // At most ~100 reports while reading, but every phase change.
        const read = src.bytesRead();
        if (phase === 'reading' && read - lastReport < src.totalBytes / 100 && read < src.totalBytes) return;
        lastReport = read;
        onProgress({ phase, bytesRead: read, totalBytes: src.totalBytes, objects });
      },
    };
    const graph = await format.read(replay(), ctx).catch((e: unknown) => {
      throw outOfMemory(e, path, src.totalBytes) ?? e;
    });
    return { graph, file: path, bytes: src.totalBytes, contentHash: src.contentHash(), format: format.name };
  } finally {
    await it.return(undefined);
  }
}

/**
 * Running out of memory while loading (a heap cap, `ulimit -v`) as one clear error naming the
 * file, what was being built and how much it needed (model/allocate.ts), instead of an internal
 * RangeError with a stack trace.
 */
function outOfMemory(e: unknown, path: string, bytes: number): HeapFormatError | undefined {
  const size = bytes > 0 ? ` (${(bytes / 1048576).toFixed(1)} MB stored)` : '';
  let why: string;
  if (e instanceof OutOfMemoryError) why = `${e.what} needed ${formatBytes(e.bytes)}${e.why ? `, ${e.why}` : ''}`;
  else if (isAllocationFailure(e)) why = e.message;
  else return undefined;
  return new HeapFormatError('NO_MEMORY', path, undefined, `not enough memory to load this dump${size}: ${why}. Close other dumps or raise the memory limit`);
}
