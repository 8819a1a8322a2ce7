/**
 * AddressIndex: id() address -> node ordinal, an open-addressing hash table over one typed array
 * (a JS Map of millions of number keys costs several times the memory). Linear probing; capacity
 * is a power of two at least twice the entry count, so probes stay short. Key and value share a
 * slot pair so that a lookup, almost always a cache miss on a big heap, costs one miss, not two.
 */
export class AddressIndex {
  /** [address, ordinal + 1] per slot; ordinal + 1 === 0 marks an empty slot. */
  private readonly table: Float64Array;
  private readonly mask: number;
  private count = 0;

  constructor(expectedEntries: number) {
    let cap = 16;
    while (cap < expectedEntries * 2) cap *= 2;
    this.table = new Float64Array(cap * 2);
    this.mask = cap - 1;
  }

  private slot(address: number): number {
    // Addresses are 16-byte aligned and often evenly spaced (64 bytes apart in one arena), so the
    // low bits of a plain multiplicative hash would keep that stride and fill a fraction of the
    // slots. Murmur3's finaliser (fmix32) spreads every input bit over the low bits we keep.
    let h = ((address / 16) >>> 0) ^ Math.imul((address / 68719476736) >>> 0, 0x9e3779b1); // 2**36
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** Adds the mapping; returns false if the address was already present (a duplicate). */
  add(address: number, ordinal: number): boolean {
    if (this.count * 2 >= this.mask + 1) throw new RangeError('AddressIndex is full');
    const t = this.table;
    let i = this.slot(address);
    while (t[2 * i + 1] !== 0) {
      if (t[2 * i] === address) return false;
      i = (i + 1) & this.mask;
    }
    t[2 * i] = address;
    t[2 * i + 1] = ordinal + 1;
    this.count++;
    return true;
  }

  /** Node ordinal of `address`, or -1. */
  get(address: number): number {
    const t = this.table;
    let i = this.slot(address);
    for (;;) {
      const v = t[2 * i + 1];
      if (v === 0) return -1;
      if (t[2 * i] === address) return v - 1;
      i = (i + 1) & this.mask;
    }
  }

  get size(): number {
    return this.count;
  }
}
