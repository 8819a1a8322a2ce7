/**
 * StringTable: interns type names, labels and reprs so that per-node and per-edge arrays hold
 * small integers. Id 0 is always the empty string, used as "none".
 *
 * A dump can hold millions of distinct strings (one repr per int, one "[i]" label per list slot),
 * and a JS string plus a Map entry costs ~100 bytes each. So strings live as UTF-8 bytes in one
 * growing pool, found again through an open-addressing hash table over those bytes; `get()`
 * decodes on demand and caches the result. `internBytes()` lets a reader intern straight from
 * the file's buffer without ever making a JS string for the common case.
 *
 * Index labels "[0]", "[1]", … (every list and tuple slot; a list of a million items has a million
 * distinct ones) are not stored at all: their id is INDEX_LABEL_BASE + N, and get() spells them
 * out. So ids are not dense: 0 .. size-1 for stored strings, plus that virtual range.
 *
 * The byte hash starts from a random offset per table (`hashOffset`): type names and labels come
 * from the file, and with FNV-1a's fixed offset a file can be built from strings that all share
 * one hash (iterated hashes admit cheap multicollisions), making every intern a scan of them all.
 */
import { fmix32 } from './fmix32.js';
import { allocate } from './allocate.js';
const decoder = new TextDecoder('utf-8');
/** Ids at and above this are index labels "[N]" (N < 10**9, so they stay within a Uint32). */
export const INDEX_LABEL_BASE = 0x80000000;
const encoder = new TextEncoder();

const SURROGATE = /[\ud800-\udfff]/;

/** A table's strings as bytes (StringTable.exportAll), transferable to another thread. */
export interface StringExport {
  pool: Uint8Array;
  offsets: Uint32Array;
  interned: Uint8Array;
}

export class StringTable {
  private pool: Uint8Array;
  private poolLength = 0;
  /** offsets[id] .. offsets[id + 1] is the UTF-8 of string id. */
  private offsets: Uint32Array;
  private count = 0;
  /** Strings in the hash table (all but those from add()). */
  private interned = 0;
  /**
   * Open addressing, two ints per slot: [id + 1 (0 = empty), hash]. Hash next to id means one
   * cache miss per probe, and byte compares only on a full hash match.
   */
  private table: Int32Array;
  private mask: number;
  /** Decoded strings, filled by get() and intern(). */
  private readonly cache = new Map<number, string>();
  private scratch = new Uint8Array(256);
  /** Start state of the FNV-1a hash of this table (see the file comment); readers hash with it. */
  readonly hashOffset: number;

  /**
   * `expectedStrings` pre-sizes the pool (readers pass the object count: about one repr each);
   * the hash table starts small, since only types and labels go in it, and random inserts would
   * make every page of an oversized table resident.
   */
  constructor(expectedStrings = 1024, expectedInterned = Math.min(expectedStrings, 1 << 16), hashOffset = randomOffset()) {
    this.hashOffset = hashOffset >>> 0;
    const n = Math.max(1024, Math.min(expectedStrings, 1 << 26));
    let slots = 2048;
    while (slots < expectedInterned * 2) slots *= 2;
    this.pool = new Uint8Array(n * 8);
    this.offsets = new Uint32Array(n + 1);
    this.table = new Int32Array(slots * 2);
    this.mask = slots - 1;
    this.insertNew(this.pool, 0, 0, fmix32(hashBytes(this.pool, 0, 0, this.hashOffset)));
    this.cache.set(0, '');
  }

  /** Empties the table for reuse (a batch scan, parallel/): its memory stays mapped. */
  reset(): void {
    this.poolLength = 0;
    this.count = 0;
    this.interned = 0;
    this.table.fill(0);
    this.cache.clear();
    this.insertNew(this.pool, 0, 0, fmix32(hashBytes(this.pool, 0, 0, this.hashOffset)));
    this.cache.set(0, '');
  }

  intern(s: string): number {
    const n = this.encode(s);
    const id = this.internBytes(this.scratch, 0, n);
    // The bytes hold a lone surrogate as U+FFFD (UTF-8 has no other way); caching `s` itself would
    // hand the surrogate back (FORMAT.md: both paths read U+FFFD). Surrogates are rare: skip them.
    if (!this.cache.has(id) && s.length <= 64 && !SURROGATE.test(s)) this.cache.set(id, s);
    return id;
  }

  /** Interns the UTF-8 bytes buf[start, end). The bytes are copied; buf may be reused. */
  internBytes(buf: Uint8Array, start: number, end: number): number {
    return this.internHashed(buf, start, end, hashBytes(buf, start, end, this.hashOffset));
  }

  /**
   * internBytes for a caller that already hashed the bytes while scanning them:
   * `h` must equal hashBytes(buf, start, end, this.hashOffset) (start from hashOffset, fold with FNV_PRIME).
   */
  internHashed(buf: Uint8Array, start: number, end: number, h: number): number {
    h = fmix32(h);
    const table = this.table;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const s = table[2 * i];
      if (s === 0) break;
      if (table[2 * i + 1] === h && this.equals(s - 1, buf, start, end)) return s - 1;
      i = (i + 1) & mask;
    }
    return this.insertNew(buf, start, end, h);
  }

  /**
   * Interns an edge label: as internHashed, except that "[N]" gets its virtual id. Every label
   * goes through here or labelId(), so a label has one id whichever path read it.
   */
  internLabel(buf: Uint8Array, start: number, end: number, h: number): number {
    if (buf[start] === 0x5b) {
      const n = indexLabel(buf, start, end);
      if (n >= 0) return INDEX_LABEL_BASE + n;
    }
    return this.internHashed(buf, start, end, h);
  }

  /** internLabel for a JS string. */
  labelId(s: string): number {
    const n = this.encode(s);
    const index = indexLabel(this.scratch, 0, n);
    if (index >= 0) return INDEX_LABEL_BASE + index;
    return this.internBytes(this.scratch, 0, n);
  }

  get(id: number): string {
    if (id >= INDEX_LABEL_BASE) return id - INDEX_LABEL_BASE < 1e9 ? `[${id - INDEX_LABEL_BASE}]` : '';
    const hit = this.cache.get(id);
    if (hit !== undefined) return hit;
    if (!(id >= 0 && id < this.count)) return '';
    const s = decoder.decode(this.pool.subarray(this.offsets[id], this.offsets[id + 1]));
    this.cache.set(id, s);
    return s;
  }

  /**
   * The UTF-8 bytes of stored string `id`, as a view into the pool (no copy, nothing cached): for
   * scanning millions of strings without decoding each (model/stringSearch.ts). Empty for index labels.
   */
  bytesOf(id: number): Uint8Array {
    if (!(id >= 0 && id < this.count)) return this.pool.subarray(0, 0);
    return this.pool.subarray(this.offsets[id], this.offsets[id + 1]);
  }

  /** The id of `s` if interned, else -1 (never interns). Index labels are not found here: see labelId(). */
  find(s: string): number {
    const n = this.encode(s);
    const h = fmix32(hashBytes(this.scratch, 0, n, this.hashOffset));
    const table = this.table;
    for (let i = h & this.mask; table[2 * i] !== 0; i = (i + 1) & this.mask) {
      const id = table[2 * i] - 1;
      if (table[2 * i + 1] === h && this.equals(id, this.scratch, 0, n)) return id;
    }
    return -1;
  }

  /** Stored strings: ids 0 .. size-1 (index labels, being virtual, are not counted). */
  get size(): number {
    return this.count;
  }

  /** Bytes in use by the pool, offsets and hash table (for memory reports; reserved capacity beyond is untouched). */
  get byteSize(): number {
    return this.poolLength + (this.count + 1) * 4 + this.table.byteLength;
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

  /**
   * Stores a string without interning it: a fresh id even if equal text exists, and find() and
   * intern() never return it. For per-object text that is nearly always unique (reprs), where a
   * hash-table entry would cost memory and a cache miss and buy nothing.
   */
  add(s: string): number {
    const n = this.encode(s);
    return this.addBytes(this.scratch, 0, n);
  }

  addBytes(buf: Uint8Array, start: number, end: number): number {
    return this.store(buf, start, end);
  }

  /**
   * The strings of this table as plain bytes, to pass to another thread: `interned[id]` is 1 for
   * ids from the hash table (types, labels) and 0 for stored ones (reprs, see add()).
   */
  exportAll(): StringExport {
    const interned = new Uint8Array(this.count);
    const table = this.table;
    for (let j = 0; j < table.length; j += 2) if (table[j] !== 0) interned[table[j] - 1] = 1;
    return { pool: this.pool.slice(0, this.poolLength), offsets: this.offsets.slice(0, this.count + 1), interned };
  }

  /**
   * Adds another table's strings (exportAll) and returns the id map, other id -> id here:
   * interned ones are interned again (a type read by two threads gets one id), stored ones are
   * appended in runs, one copy per run.
   */
  importFrom(x: StringExport, into?: Uint32Array): Uint32Array {
    const n = x.interned.length;
    const map = into !== undefined && into.length >= n ? into : new Uint32Array(Math.max(n, 1));
    map[0] = 0;
    const { pool, offsets, interned } = x;
    let i = 1;
    while (i < n) {
      if (interned[i] === 1) {
        map[i] = this.internBytes(pool, offsets[i], offsets[i + 1]);
        i++;
        continue;
      }
      let j = i;
      while (j < n && interned[j] === 0) j++;
      const first = this.storeRun(pool, offsets, i, j);
      for (let k = i; k < j; k++) map[k] = first + (k - i);
      i = j;
    }
    return map;
  }

  /** Appends strings [from, to) of an exported pool as new stored ids; returns the first id. */
  private storeRun(pool: Uint8Array, offsets: Uint32Array, from: number, to: number): number {
    const start = offsets[from];
    const bytes = offsets[to] - start;
    this.reservePool(bytes);
    this.pool.set(pool.subarray(start, start + bytes), this.poolLength);
    const first = this.count;
    const count = to - from;
    if (first + count + 1 > this.offsets.length) {
      let cap = this.offsets.length * 2;
      while (cap < first + count + 1) cap *= 2;
      const next = new Uint32Array(cap);
      next.set(this.offsets.subarray(0, first + 1));
      this.offsets = next;
    }
    const shift = this.poolLength - start;
    const offs = this.offsets;
    for (let k = from + 1, id = first + 1; k <= to; k++, id++) offs[id] = offsets[k] + shift;
    this.poolLength += bytes;
    this.count = first + count;
    return first;
  }

  private reservePool(len: number): void {
    if (this.poolLength + len <= this.pool.length) return;
    let cap = this.pool.length * 2;
    while (cap < this.poolLength + len) cap *= 2;
    if (cap > 0xffffffff) throw new RangeError('StringTable: more than 4 GiB of strings');
    const next = allocate(() => `the string pool (${this.count.toLocaleString('en-US')} strings)`, cap, () => new Uint8Array(cap));
    next.set(this.pool.subarray(0, this.poolLength));
    this.pool = next;
  }

  private insertNew(buf: Uint8Array, start: number, end: number, h: number): number {
    const id = this.store(buf, start, end);
    if (++this.interned * 2 > this.mask + 1) this.rehash();
    const table = this.table;
    const mask = this.mask;
    let i = h & mask;
    while (table[2 * i] !== 0) i = (i + 1) & mask;
    table[2 * i] = id + 1;
    table[2 * i + 1] = h;
    return id;
  }

  /** Appends the bytes to the pool under a new id. */
  private store(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (this.poolLength + len > this.pool.length) this.reservePool(len);
    const pool = this.pool;
    const at = this.poolLength;
    if (len <= 64) for (let k = 0; k < len; k++) pool[at + k] = buf[start + k];
    else pool.set(buf.subarray(start, end), at);
    this.poolLength = at + len;
    const id = this.count++;
    if (this.count + 1 > this.offsets.length) {
      const next = new Uint32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
    this.offsets[id + 1] = this.poolLength;
    return id;
  }

  private rehash(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2);
    const mask = old.length - 1; // slots double: old.length / 2 * 2 - 1
    for (let j = 0; j < old.length; j += 2) {
      if (old[j] === 0) continue;
      let i = old[j + 1] & mask;
      while (table[2 * i] !== 0) i = (i + 1) & mask;
      table[2 * i] = old[j];
      table[2 * i + 1] = old[j + 1];
    }
    this.table = table;
    this.mask = mask;
  }
}

/** FNV-1a over bytes; short strings dominate, so a byte loop beats anything fancier here. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function hashBytes(buf: Uint8Array, start: number, end: number, offset = FNV_OFFSET): number {
  let h = offset;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], FNV_PRIME);
  return h >>> 0;
}


function randomOffset(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0];
}

/** N when buf[start, end) is exactly "[N]" in canonical decimal with at most 9 digits, else -1. */
function indexLabel(buf: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len < 3 || len > 11 || buf[start] !== 0x5b || buf[end - 1] !== 0x5d) return -1;
  if (buf[start + 1] === 0x30 && len !== 3) return -1;
  let n = 0;
  for (let i = start + 1; i < end - 1; i++) {
    const c = buf[i] - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}
