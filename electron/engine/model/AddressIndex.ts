/**
 * AddressIndex: id() address -> node ordinal. Addresses are bucketed by 4 KiB page and sorted
 * within each page; a small open-addressing table maps a page to its range. A lookup is one probe
 * in that table (tens of thousands of pages: it stays in cache) and a binary search over the
 * page's few dozen addresses.
 *
 * Why not one hash table of addresses: linking a dump looks up millions of referents, and a hash
 * of the address scatters them over a table far bigger than the cache (two misses per lookup).
 * Referents live near their referrers and near each other, so page buckets keep consecutive
 * lookups in the same few cache lines; building is two passes plus small sorts. Linking a 2M
 * object dump went from ~900 ms to ~200 ms with this layout.
 *
 * The page hash is seeded per index with random bits: page numbers come from the file, and with
 * a fixed invertible hash a valid dump can put every page on one slot (a 2.6 MB file took 14 s of
 * probing). With a secret seed the file cannot choose slots; `maxProbe` records the longest probe
 * sequence seen while building.
 */
import { SpareBuffers } from './SpareBuffers.js';
import { fmix32 } from './fmix32.js';

const PAGE = 4096;
const EMPTY = -1;

/** The first duplicate in ordinal order: `node` repeats the address of the earlier `firstNode`. */
export interface DuplicateAddress {
  address: number;
  node: number;
  firstNode: number;
}

export class AddressIndex {
  /** After dropSortedCopy(): the graph's address column, read through `ordinals` instead of `sorted`. */
  private addresses: Float64Array | null = null;

  private constructor(
    /** Addresses, sorted within each page's range; null once dropSortedCopy() ran. */
    private sorted: Float64Array | null,
    /** ordinals[i] is the node whose address is sorted[i]. */
    private readonly ordinals: Uint32Array,
    /** Per slot: page number (address / PAGE, floored), or EMPTY. */
    private readonly pageKeys: Float64Array,
    /** Per slot: the page's range in `sorted`, [pageStart, pageEnd). */
    private readonly pageStart: Uint32Array,
    private readonly pageEnd: Uint32Array,
    private readonly mask: number,
    private readonly seedLo: number,
    private readonly seedHi: number,
    /** Longest linear-probe run met while inserting pages (a crowded table shows here). */
    readonly maxProbe: number,
  ) {}

  /**
   * Indexes addresses[0 .. count). Returns the index, or the first duplicate (in ordinal order)
   * when an address repeats: the caller reports it.
   */
  static build(addresses: Float64Array, count = addresses.length, spare = new SpareBuffers(), seed: Uint32Array = randomSeed()): AddressIndex | DuplicateAddress {
    // Pass 1: the distinct pages and how many addresses each holds.
    let table = new PageTable(1024, seed[0], seed[1]);
    let lastPage = -1;
    let lastSlot = 0;
    for (let i = 0; i < count; i++) {
      const a = addresses[i];
      // Readers check addresses; this keeps NaN (never equal to itself) out of the page table.
      if (!(a >= 0 && a <= Number.MAX_SAFE_INTEGER)) throw new RangeError(`AddressIndex: address ${a} of node ${i} is not an address`);
      const page = Math.floor(a / PAGE);
      // Neighbours in the file are mostly neighbours in memory: skip the probe for a repeat page.
      if (page === lastPage) {
        table.end[lastSlot]++;
        continue;
      }
      if (table.needsGrow()) table = table.grown();
      lastSlot = table.count(page);
      lastPage = page;
    }
    // Ranges in slot order (any order works: only each range must be sorted).
    const { keys, start, end } = table;
    let at = 0;
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === EMPTY) continue;
      start[s] = at;
      at += end[s];
      end[s] = start[s]; // from here on, the fill cursor; it ends at the range's end
    }
    // Pass 2: scatter. File order keeps a page's objects together, so writes stay local.
    const sorted = spare.float64(count);
    const ordinals = spare.uint32(count);
    lastPage = -1;
    for (let i = 0; i < count; i++) {
      const a = addresses[i];
      const page = Math.floor(a / PAGE);
      if (page !== lastPage) {
        lastSlot = table.slot(page);
        lastPage = page;
      }
      const j = end[lastSlot]++;
      sorted[j] = a;
      ordinals[j] = i;
    }
    let dup: DuplicateAddress | undefined;
    for (let s = 0; s < keys.length; s++) {
      if (keys[s] === EMPTY) continue;
      sortRange(sorted, ordinals, start[s], end[s]);
      // Ordinals ascend among equal addresses (the sorts are stable), so a run's first two
      // entries are the first occurrence and the first repeat.
      for (let i = start[s] + 1; i < end[s]; i++) {
        if (sorted[i] === sorted[i - 1] && (dup === undefined || ordinals[i] < dup.node)) {
          dup = { address: sorted[i], node: ordinals[i], firstNode: ordinals[i - 1] };
        }
      }
    }
    if (dup) return dup;
    return new AddressIndex(sorted, ordinals, keys, start, end, keys.length - 1, table.seedLo, table.seedHi, table.maxProbe);
  }

  /** The page of the last lookup that found its page, and that page's slot. */
  private lastPage = -1;
  private lastSlot = 0;

  /** Node ordinal of `address`, or -1. */
  get(address: number): number {
    const page = Math.floor(address / PAGE);
    let s = this.lastSlot;
    // Lookups come in file order, and referents sit near each other: often on the last page.
    if (page !== this.lastPage) {
      const keys = this.pageKeys;
      s = pageHash(page, this.seedLo, this.seedHi) & this.mask;
      for (;;) {
        const k = keys[s];
        if (k === page) break;
        if (k === EMPTY) return -1;
        s = (s + 1) & this.mask;
      }
      this.lastPage = page;
      this.lastSlot = s;
    }
    const sorted = this.sorted;
    const ordinals = this.ordinals;
    const end = this.pageEnd[s];
    let lo = this.pageStart[s];
    let hi = end;
    if (sorted !== null) {
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < address) lo = mid + 1;
        else hi = mid;
      }
      return lo < end && sorted[lo] === address ? ordinals[lo] : -1;
    }
    // A page's ordinals are mostly consecutive nodes, so the indirection stays in a few cache lines.
    const addresses = this.addresses!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (addresses[ordinals[mid]] < address) lo = mid + 1;
      else hi = mid;
    }
    return lo < end && addresses[ordinals[lo]] === address ? ordinals[lo] : -1;
  }

  /**
   * Frees the sorted copy of the addresses (8 bytes an object) once the millions of lookups of
   * linking are done: later lookups (an address from the UI, a comparison) read `addresses`, the
   * column the index was built from, through the ordinals. Returns the freed array (for reuse).
   */
  dropSortedCopy(addresses: Float64Array): Float64Array | null {
    if (addresses.length < this.ordinals.length) throw new RangeError(`AddressIndex: ${addresses.length} addresses for an index of ${this.ordinals.length}`);
    const freed = this.sorted;
    this.addresses = addresses;
    this.sorted = null;
    return freed;
  }

  get size(): number {
    return this.ordinals.length;
  }

  get byteSize(): number {
    return (this.sorted?.byteLength ?? 0) + this.ordinals.byteLength + this.pageKeys.byteLength * 2;
  }
}

/** Page number -> slot, with a per-page counter (reused as range bounds by build()). */
class PageTable {
  readonly keys: Float64Array;
  readonly start: Uint32Array;
  /** Counts while counting; build() turns them into range ends. */
  readonly end: Uint32Array;
  private used = 0;
  maxProbe = 0;

  constructor(
    readonly slots: number,
    readonly seedLo: number,
    readonly seedHi: number,
  ) {
    this.keys = new Float64Array(slots).fill(EMPTY);
    this.start = new Uint32Array(slots);
    this.end = new Uint32Array(slots);
  }

  needsGrow(): boolean {
    return this.used * 2 >= this.slots;
  }

  grown(): PageTable {
    const next = new PageTable(this.slots * 2, this.seedLo, this.seedHi);
    for (let s = 0; s < this.slots; s++) {
      if (this.keys[s] !== EMPTY) next.end[next.insertSlot(this.keys[s])] = this.end[s];
    }
    return next;
  }

  /** Counts one more address on `page`; returns its slot. */
  count(page: number): number {
    const s = this.insertSlot(page);
    this.end[s]++;
    return s;
  }

  /** The slot of a page that is in the table. */
  slot(page: number): number {
    const mask = this.slots - 1;
    let s = pageHash(page, this.seedLo, this.seedHi) & mask;
    while (this.keys[s] !== page) s = (s + 1) & mask;
    return s;
  }

  private insertSlot(page: number): number {
    const mask = this.slots - 1;
    let s = pageHash(page, this.seedLo, this.seedHi) & mask;
    for (let probe = 0; ; probe++) {
      const k = this.keys[s];
      if (k === page) return s;
      if (k === EMPTY) {
        this.keys[s] = page;
        this.used++;
        if (probe > this.maxProbe) this.maxProbe = probe;
        return s;
      }
      s = (s + 1) & mask;
    }
  }
}

/** Page numbers exceed 32 bits (47-bit addresses): fold the high part in, keyed by the seed, then mix. */
function pageHash(page: number, seedLo: number, seedHi: number): number {
  return fmix32(((page >>> 0) ^ seedLo) + Math.imul(((page / 4294967296) >>> 0) ^ seedHi, 0x9e3779b1));
}

function randomSeed(): Uint32Array {
  return globalThis.crypto.getRandomValues(new Uint32Array(2));
}

/**
 * Stable sort of sorted[from, to) by value, carrying ordinals. Pages hold a few dozen objects
 * (at most 256 real ones of >= 16 bytes), so insertion sort; a hostile file that crowds one page
 * falls back to a comparator sort.
 */
function sortRange(sorted: Float64Array, ordinals: Uint32Array, from: number, to: number): void {
  if (to - from <= 256) {
    for (let i = from + 1; i < to; i++) {
      const a = sorted[i];
      const o = ordinals[i];
      let j = i - 1;
      while (j >= from && sorted[j] > a) {
        sorted[j + 1] = sorted[j];
        ordinals[j + 1] = ordinals[j];
        j--;
      }
      sorted[j + 1] = a;
      ordinals[j + 1] = o;
    }
    return;
  }
  const pos = Array.from({ length: to - from }, (_, k) => from + k);
  pos.sort((x, y) => sorted[x] - sorted[y] || ordinals[x] - ordinals[y]);
  const a = pos.map((p) => sorted[p]);
  const o = pos.map((p) => ordinals[p]);
  sorted.set(a, from);
  ordinals.set(o, from);
}
