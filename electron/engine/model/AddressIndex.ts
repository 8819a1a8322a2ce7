/**
 * AddressIndex: id() address -> node ordinal, an open-addressing hash table over typed arrays (a
 * JS Map of millions of number keys costs several times the memory). Linear probing; capacity is
 * a power of two at least twice the entry count, so probes stay short.
 *
 * Slots hold only ordinals (4 bytes); the address itself is read from the graph's own `addresses`
 * column, which exists anyway. That keeps the table at 8-16 bytes per object instead of 32, fewer
 * pages to fault in while loading and less memory for the life of the session.
 */
export class AddressIndex {
  /** ordinal + 1 per slot; 0 marks an empty slot. */
  private readonly slots: Int32Array;
  private readonly keys: Float64Array;
  /** True when the index owns `keys` and fills it in add(). */
  private readonly owned: boolean;
  private readonly mask: number;
  private count = 0;

  /**
   * `keys[ordinal]` must be the address of each ordinal added (HeapGraphBuilder passes the
   * addresses column); without it the index keeps its own, for ordinals below expectedEntries.
   */
  constructor(expectedEntries: number, keys?: Float64Array) {
    let cap = 16;
    while (cap < expectedEntries * 2) cap *= 2;
    this.slots = new Int32Array(cap);
    this.mask = cap - 1;
    this.owned = keys === undefined;
    this.keys = keys ?? new Float64Array(Math.max(1, expectedEntries));
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
    if (!(ordinal >= 0 && ordinal < this.keys.length)) throw new RangeError(`AddressIndex: ordinal ${ordinal} out of range`);
    const slots = this.slots;
    const keys = this.keys;
    let i = this.slot(address);
    for (;;) {
      const s = slots[i];
      if (s === 0) break;
      if (keys[s - 1] === address) return false;
      i = (i + 1) & this.mask;
    }
    if (this.owned) keys[ordinal] = address;
    else if (keys[ordinal] !== address) throw new RangeError(`AddressIndex: keys[${ordinal}] is not ${address}`);
    slots[i] = ordinal + 1;
    this.count++;
    return true;
  }

  /** Node ordinal of `address`, or -1. */
  get(address: number): number {
    const slots = this.slots;
    const keys = this.keys;
    let i = this.slot(address);
    for (;;) {
      const s = slots[i];
      if (s === 0) return -1;
      if (keys[s - 1] === address) return s - 1;
      i = (i + 1) & this.mask;
    }
  }

  get size(): number {
    return this.count;
  }
}
