/**
 * StringTable: interns type names, labels and reprs so that per-node and per-edge arrays hold
 * small integers. Id 0 is always the empty string, used as "none".
 *
 * A dump can hold millions of distinct strings (one repr per int, one "[i]" label per list slot),
 * and a JS string plus a Map entry costs ~100 bytes each. So strings live as UTF-8 bytes in one
 * growing pool, found again through an open-addressing hash table over those bytes; `get()`
 * decodes on demand and caches the result. `internBytes()` lets a reader intern straight from
 * the file's buffer without ever making a JS string for the common case.
 */
const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

export class StringTable {
  private pool = new Uint8Array(1 << 16);
  private poolLength = 0;
  /** offsets[id] .. offsets[id + 1] is the UTF-8 of string id. */
  private offsets = new Uint32Array(1024);
  private count = 0;
  /** Open addressing: slot holds id + 1 (0 = empty); hashes kept alongside to skip byte compares. */
  private slots = new Int32Array(2048);
  private slotHashes = new Uint32Array(2048);
  /** Decoded strings, filled by get() and intern(). */
  private readonly cache = new Map<number, string>();
  private scratch = new Uint8Array(256);

  constructor() {
    this.offsets[0] = 0;
    this.insertNew(this.pool, 0, 0, hashBytes(this.pool, 0, 0));
    this.cache.set(0, '');
  }

  intern(s: string): number {
    const n = this.encode(s);
    const id = this.internBytes(this.scratch, 0, n);
    if (!this.cache.has(id) && s.length <= 64) this.cache.set(id, s);
    return id;
  }

  /** Interns the UTF-8 bytes buf[start, end). The bytes are copied; buf may be reused. */
  internBytes(buf: Uint8Array, start: number, end: number): number {
    const h = hashBytes(buf, start, end);
    const mask = this.slots.length - 1;
    let i = h & mask;
    for (;;) {
      const s = this.slots[i];
      if (s === 0) break;
      if (this.slotHashes[i] === h && this.equals(s - 1, buf, start, end)) return s - 1;
      i = (i + 1) & mask;
    }
    return this.insertNew(buf, start, end, h);
  }

  get(id: number): string {
    const hit = this.cache.get(id);
    if (hit !== undefined) return hit;
    if (!(id >= 0 && id < this.count)) return '';
    const s = decoder.decode(this.pool.subarray(this.offsets[id], this.offsets[id + 1]));
    this.cache.set(id, s);
    return s;
  }

  /** The id of `s` if interned, else -1 (never interns). */
  find(s: string): number {
    const n = this.encode(s);
    const h = hashBytes(this.scratch, 0, n);
    const mask = this.slots.length - 1;
    for (let i = h & mask; this.slots[i] !== 0; i = (i + 1) & mask) {
      const id = this.slots[i] - 1;
      if (this.slotHashes[i] === h && this.equals(id, this.scratch, 0, n)) return id;
    }
    return -1;
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the pool, offsets and hash table (for memory reports). */
  get byteSize(): number {
    return this.pool.byteLength + this.offsets.byteLength + this.slots.byteLength + this.slotHashes.byteLength;
  }

  private encode(s: string): number {
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    if (this.scratch.length < s.length * 3) this.scratch = new Uint8Array(s.length * 3);
    return encoder.encodeInto(s, this.scratch).written;
  }

  private equals(id: number, buf: Uint8Array, start: number, end: number): boolean {
    const from = this.offsets[id];
    if (this.offsets[id + 1] - from !== end - start) return false;
    const pool = this.pool;
    for (let k = 0; k < end - start; k++) if (pool[from + k] !== buf[start + k]) return false;
    return true;
  }

  private insertNew(buf: Uint8Array, start: number, end: number, h: number): number {
    const len = end - start;
    if (this.poolLength + len > this.pool.length) {
      let cap = this.pool.length * 2;
      while (cap < this.poolLength + len) cap *= 2;
      if (cap > 0xffffffff) throw new RangeError('StringTable: more than 4 GiB of strings');
      const next = new Uint8Array(cap);
      next.set(this.pool.subarray(0, this.poolLength));
      this.pool = next;
    }
    this.pool.set(buf.subarray(start, end), this.poolLength);
    this.poolLength += len;
    const id = this.count++;
    if (this.count + 1 > this.offsets.length) {
      const next = new Uint32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
    this.offsets[id + 1] = this.poolLength;
    if (this.count * 2 > this.slots.length) this.rehash();
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = id + 1;
    this.slotHashes[i] = h;
    return id;
  }

  private rehash(): void {
    const oldSlots = this.slots;
    const oldHashes = this.slotHashes;
    this.slots = new Int32Array(oldSlots.length * 2);
    this.slotHashes = new Uint32Array(oldSlots.length * 2);
    const mask = this.slots.length - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] === 0) continue;
      let i = oldHashes[j] & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.slots[i] = oldSlots[j];
      this.slotHashes[i] = oldHashes[j];
    }
  }
}

/** FNV-1a over bytes; short strings dominate, so a byte loop beats anything fancier here. */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h >>> 0;
}
