/**
 * Is a dump file complete? It is when it ends in the trailer (`{"k":"end","objects":N}`, FORMAT.md)
 * and, gzip-compressed, its gzip stream is whole. Reads the file once, streaming, keeping only the
 * first and the last line: a multi-gigabyte dump is checked in constant memory.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { LineTail } from './lineTail.js';

export interface DumpCheck {
  complete: boolean;
  objects?: number;
  python?: string;
  reason?: string;
}

export async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return bytesRead === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

export async function checkDump(path: string): Promise<DumpCheck> {
  let stream: Readable;
  try {
    stream = createReadStream(path);
    if (await isGzip(path)) stream = stream.pipe(createGunzip());
  } catch (e) {
    return { complete: false, reason: e instanceof Error ? e.message : String(e) };
  }
  const lines = new LineTail();
  try {
    for await (const chunk of stream) lines.push(chunk as Buffer);
  } catch (e) {
    return { complete: false, reason: `unreadable: ${e instanceof Error ? e.message : String(e)}` };
  }
  return judge(lines.header(), lines.last());
}

/** Complete when the header parses and the last line is the trailer `{"k":"end","objects":N}`. */
export function judge(first: string | undefined, last: string): DumpCheck {
  let python: string | undefined;
  try {
    const header = JSON.parse(first ?? '') as { python?: { version?: string } };
    python = header.python?.version;
  } catch {
    return { complete: false, reason: 'no header line' };
  }
  try {
    const trailer = JSON.parse(last) as { k?: string; objects?: number };
    if (trailer.k === 'end' && typeof trailer.objects === 'number') return { complete: true, objects: trailer.objects, python };
  } catch {
    // an incomplete last line
  }
  return { complete: false, python, reason: 'no trailer yet' };
}
