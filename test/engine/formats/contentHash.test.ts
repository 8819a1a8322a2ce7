import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentHasher } from '../../../electron/engine/formats/ContentHasher';
import { openByteSource } from '../../../electron/engine/formats/byteSource';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('ContentHasher', () => {
  it('hashes chunks written into its ring of slots, reusing every slot many times', async () => {
    const data = randomBytes(64 * 1024 + 123);
    const h = ContentHasher.start(1000, 3)!;
    expect(h).toBeDefined();
    let chunk = 0;
    for (let at = 0; at < data.length; at += 1000) {
      const slot = h.slotFor(chunk++);
      const n = data.copy(slot, 0, at, Math.min(at + 1000, data.length));
      h.submit(n);
    }
    expect(await h.digest()).toBe(sha256(data));
  });

  it('rejects digest() when its thread is gone, instead of hanging', async () => {
    const h = ContentHasher.start(16, 2)!;
    h.slotFor(0).fill(1);
    h.submit(16);
    h.stop();
    await expect(h.digest()).rejects.toThrow();
    // A reader waiting for a slot is not blocked by the dead thread either.
    expect(h.slotFor(5)).toBeInstanceOf(Buffer);
  });
});

describe('byteSource on a file large enough for the hashing thread', () => {
  it('yields the file unchanged and its exact sha-256', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-hash-'));
    const file = join(dir, 'big.bin');
    // 33 MiB and a ragged tail: past the threshold, more chunks than slots.
    writeFileSync(file, randomBytes(33 * 1024 * 1024 + 777));
    const src = await openByteSource(file);
    const whole = readFileSync(file);
    const seen = createHash('sha256');
    let at = 0;
    let same = true;
    for await (const chunk of src.chunks()) {
      if (!chunk.equals(whole.subarray(at, at + chunk.length))) same = false;
      seen.update(chunk);
      at += chunk.length;
    }
    expect(same).toBe(true);
    expect(at).toBe(whole.length);
    expect(src.contentHash()).toBe(sha256(whole));
    expect(seen.digest('hex')).toBe(sha256(whole));
  });
});
