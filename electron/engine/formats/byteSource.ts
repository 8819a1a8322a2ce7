/**
 * byteSource: opens a dump file as a stream of decoded Buffers, whatever its compression. Gzip is
 * recognised by its magic bytes (1f 8b), never by the file name. While the stored bytes go by
 * they are hashed (sha-256, the content hash sessions key on) and counted for progress. Between
 * chunks the caller's AbortSignal is honoured, and stream failures become HeapFormatErrors, so a
 * reader only ever sees Buffers or a HeapFormatError. Works in a worker thread (plain Node APIs).
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { HeapFormatError } from './HeapFormatError.js';
import { ContentHasher } from './ContentHasher.js';

export interface ByteSource {
  readonly file: string;
  readonly totalBytes: number;
  readonly gzip: boolean;
  /** Stored (possibly compressed) bytes consumed so far. */
  bytesRead(): number;
  /**
   * Decoded chunks, in order. A chunk is valid only until the next one is requested (plain files
   * reuse their buffers), so copy what must be kept. Throws HeapFormatError on I/O, gzip or abort.
   */
  chunks(): AsyncGenerator<Buffer, void, undefined>;
  /** sha-256 hex of the stored bytes; valid once chunks() has been drained. */
  contentHash(): string;
}

const CHUNK = 1 << 20;
/** Below this, hashing on the reading thread costs less than starting a hashing thread. */
const HASH_THREAD_MIN_BYTES = 32 * CHUNK;

export async function openByteSource(file: string, signal?: AbortSignal): Promise<ByteSource> {
  let totalBytes: number;
  let magic: Buffer;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new HeapFormatError('IO', file, undefined, 'not a regular file');
    totalBytes = st.size;
    const fh = await open(file, 'r');
    let got: number;
    try {
      magic = Buffer.alloc(2);
      got = (await fh.read(magic, 0, 2, 0)).bytesRead;
    } finally {
      await fh.close();
    }
    // /proc and /sys files report size 0 yet have content: read them like any other file.
    if (totalBytes === 0 && got > 0) totalBytes = -1;
  } catch (e) {
    if (e instanceof HeapFormatError) throw e;
    throw new HeapFormatError('IO', file, undefined, `cannot read: ${(e as Error).message}`);
  }
  if (totalBytes === 0) throw new HeapFormatError('EMPTY', file, undefined, 'the file is empty');
  const sizeUnknown = totalBytes < 0;
  if (sizeUnknown) totalBytes = 0;
  const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
  let read = 0;
  const hash: Hash = createHash('sha256');
  let digest: string | undefined;

  /**
   * Plain files: positional reads into reused buffers (two, or the hasher's ring), no stream
   * machinery (several times cheaper than a ReadStream); the next read is in flight while the
   * caller parses.
   */
  async function* plainChunks(): AsyncGenerator<Buffer, void, undefined> {
    let fh: FileHandle;
    try {
      fh = await open(file, 'r');
    } catch (e) {
      throw streamError(e, file, false);
    }
    // Large files are hashed on a second thread, from the same buffers (see ContentHasher).
    const hasher = totalBytes >= HASH_THREAD_MIN_BYTES && !sizeUnknown ? ContentHasher.start(CHUNK) : undefined;
    const bufs = hasher ? [] : [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    const slot = (k: number): Buffer => (hasher ? hasher.slotFor(k) : bufs[k & 1]);
    let k = 0;
    let into = slot(0);
    let pending: Promise<{ bytesRead: number }> | undefined;
    try {
      pending = fh.read(into, 0, CHUNK, 0);
      for (;;) {
        if (signal?.aborted) throw aborted(file);
        let n: number;
        try {
          n = (await pending).bytesRead;
        } catch (e) {
          throw streamError(e, file, false);
        }
        pending = undefined;
        if (n === 0) break;
        const chunk = into.subarray(0, n);
        read += n;
        if (hasher) hasher.submit(n);
        else hash.update(chunk);
        into = slot(++k);
        pending = fh.read(into, 0, CHUNK, read);
        yield chunk;
      }
      digest = hasher ? await hasher.digest().catch(() => hashFile(file)) : hash.digest('hex');
    } finally {
      hasher?.stop();
      // Let an in-flight read settle before closing the handle under it.
      await pending?.catch(() => undefined);
      await fh.close();
    }
  }

  async function* gzipChunks(): AsyncGenerator<Buffer, void, undefined> {
    const raw = createReadStream(file, { highWaterMark: CHUNK });
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        read += chunk.length;
        done(null, chunk);
      },
    });
    const out: Readable = pipeline(raw, tap, createGunzip({ chunkSize: CHUNK }), () => undefined);
    // Destroying the stream wakes a pending read, so cancel is prompt even on a slow disk.
    const onAbort = (): void => {
      out.destroy(aborted(file));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const chunk of out) {
        if (signal?.aborted) throw aborted(file);
        yield chunk as Buffer;
      }
    } catch (e) {
      throw streamError(e, file, true);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      out.destroy();
      raw.destroy();
    }
    digest = hash.digest('hex');
  }

  function chunks(): AsyncGenerator<Buffer, void, undefined> {
    return gzip ? gzipChunks() : plainChunks();
  }

  return {
    file,
    totalBytes,
    gzip,
    bytesRead: () => read,
    chunks,
    contentHash: () => {
      if (digest === undefined) throw new Error('contentHash() before the stream was drained');
      return digest;
    },
  };
}

/** sha-256 hex of a file, read again on this thread: the fallback when a hashing thread failed. */
async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) hash.update(chunk as Buffer);
  } catch (e) {
    throw streamError(e, file, false);
  }
  return hash.digest('hex');
}

export function aborted(file: string): HeapFormatError {
  return new HeapFormatError('ABORTED', file, undefined, 'loading was cancelled');
}

function streamError(e: unknown, file: string, gzip: boolean): HeapFormatError {
  if (e instanceof HeapFormatError) return e;
  const err = e as NodeJS.ErrnoException;
  if (gzip && typeof err.code === 'string' && err.code.startsWith('Z_')) {
    if (err.code === 'Z_BUF_ERROR') {
      return new HeapFormatError('TRUNCATED', file, undefined, 'the gzip stream ends early (truncated file)');
    }
    if (/incorrect (data|length) check/.test(err.message)) {
      const what = err.message.includes('length') ? 'length' : 'checksum (CRC-32)';
      return new HeapFormatError('CORRUPT', file, undefined, `the gzip ${what} does not match the data: the file is corrupt`);
    }
    return new HeapFormatError('NOT_GZIP', file, undefined, `starts like gzip but does not inflate: ${err.message}`);
  }
  return new HeapFormatError('IO', file, undefined, `read failed: ${err.message ?? String(e)}`);
}
