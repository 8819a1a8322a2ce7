import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DumpWatcher } from '../../electron/capture/dumpWatcher';
import { LineTail } from '../../electron/capture/lineTail';
import { checkDump } from '../../electron/capture/verify';

function dumpText(objects: number): string {
  const lines = [JSON.stringify({ format: 'heapscope', version: '2.0', python: { version: '3.11.7' } })];
  for (let i = 0; i < objects; i++) lines.push(JSON.stringify({ a: 1000 + i, t: 'list', s: 56, f: 3, rc: 1, x: 0, e: [1000 + ((i * 7) % objects)] }));
  lines.push(JSON.stringify({ k: 'end', objects }));
  return lines.join('\n') + '\n';
}

/** Splits `bytes` into pieces of varying sizes (1 byte up to ~64 KiB), deterministic. */
function pieces(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let seed = 7;
  for (let at = 0; at < bytes.length; ) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const n = 1 + (seed % (seed & 1 ? 17 : 65_536));
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

describe('LineTail', () => {
  it('keeps the first and the last line whatever the pieces', () => {
    const text = 'first {"x":1}\nmiddle\n\nlast line é\n';
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        const t = new LineTail();
        const b = Buffer.from(text);
        t.push(b.subarray(0, cut));
        t.push(b.subarray(cut, cut2));
        t.push(b.subarray(cut2));
        expect(t.header()).toBe('first {"x":1}');
        expect(t.last()).toBe('last line é');
      }
    }
    const open = new LineTail();
    open.push(Buffer.from('head\nbody\n{"k":"en'));
    expect(open.last()).toBe('{"k":"en');
    expect(new LineTail().header()).toBeUndefined();
  });

  it('drops a line too long to keep instead of growing with it', () => {
    const t = new LineTail();
    t.push(Buffer.from('h\n'));
    const big = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < 6; i++) t.push(big);
    expect(t.last()).toBe('');
    t.push(Buffer.from('\ntrailer\n'));
    expect(t.last()).toBe('trailer');
  });
});

describe('DumpWatcher', () => {
  for (const gz of [false, true]) {
    it(`reads a ${gz ? 'gzip ' : ''}dump being written once, and says complete only at its end`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'heapscope-watch-'));
      try {
        const path = join(dir, gz ? 'heap.jsonl.gz' : 'heap.jsonl');
        const text = Buffer.from(dumpText(20_000));
        const bytes = gz ? gzipSync(text, { level: 1 }) : text;
        writeFileSync(path, '');
        const watcher = new DumpWatcher(path);
        const parts = pieces(bytes);
        let written = 0;
        for (let i = 0; i < parts.length; i++) {
          appendFileSync(path, parts[i]);
          written += parts[i].length;
          if (i % 3 !== 0 && i !== parts.length - 1) continue;
          const check = await watcher.check();
          expect(check.complete, `complete after ${written} of ${bytes.length} bytes`).toBe(i === parts.length - 1);
          expect(watcher.bytesRead).toBe(written);
        }
        const done = await watcher.check();
        expect(done).toMatchObject({ complete: true, objects: 20_000, python: '3.11.7' });
        expect(watcher.bytesRead).toBe(bytes.length);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('waits for the end of the gzip stream after the trailer text, and starts over on a replaced file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-watch-'));
    try {
      const path = join(dir, 'heap.jsonl.gz');
      const bytes = gzipSync(Buffer.from(dumpText(50)));
      writeFileSync(path, bytes.subarray(0, bytes.length - 4)); // the trailer inflated, the gzip footer cut
      const watcher = new DumpWatcher(path);
      expect((await watcher.check()).complete).toBe(false);
      expect((await checkDump(path)).complete).toBe(false);
      appendFileSync(path, bytes.subarray(bytes.length - 4));
      expect(await watcher.check()).toMatchObject({ complete: true, objects: 50 });

      const other = join(dir, 'other.jsonl.gz');
      writeFileSync(other, gzipSync(Buffer.from(dumpText(7))));
      renameSync(other, path);
      expect(await watcher.check()).toMatchObject({ complete: true, objects: 7 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says why a corrupt gzip dump is unreadable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-watch-'));
    try {
      const path = join(dir, 'heap.jsonl.gz');
      const bytes = Buffer.from(gzipSync(Buffer.from(dumpText(2_000))));
      for (let i = 20; i < 200; i++) bytes[i] ^= 0x5a;
      writeFileSync(path, bytes);
      const check = await new DumpWatcher(path).check();
      expect(check.complete).toBe(false);
      expect(check.reason).toMatch(/^unreadable: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
