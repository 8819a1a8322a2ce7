/**
 * AddressIndex: id() address -> node ordinal, an open-addressing hash table over typed arrays
 * (a JS Map of millions of number keys costs several times the memory). Linear probing;
 * capacity is a power of two at least twice the entry count, so probes stay short.
 */
export class AddressIndex {
  private readonly keys: Float64Array;
  private readonly values: Int32Array;
  private readonly mask: number;
  private count = 0;

  constructor(expectedEntries: number) {
    let cap = 16;
    while (cap < expectedEntries * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.values = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  private slot(address: number): number {
    // Addresses are 8- or 16-byte aligned: drop the low bits, then mix (Knuth's multiplicative hash).
    const lo = (address / 16) >>> 0;
    const hi = (address / 68719476736) >>> 0; // 2**36
    return (Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0) & this.mask;
  }

  /** Adds the mapping; returns false if the address was already present (a duplicate). */
  add(address: number, ordinal: number): boolean {
    if (this.count * 2 >= this.keys.length) throw new RangeError('AddressIndex is full');
    let i = this.slot(address);
    while (this.values[i] !== -1) {
      if (this.keys[i] === address) return false;
      i = (i + 1) & this.mask;
    }
    this.keys[i] = address;
    this.values[i] = ordinal;
    this.count++;
    return true;
  }

  /** Node ordinal of `address`, or -1. */
  get(address: number): number {
    let i = this.slot(address);
    while (this.values[i] !== -1) {
      if (this.keys[i] === address) return this.values[i];
      i = (i + 1) & this.mask;
    }
    return -1;
  }

  get size(): number {
    return this.count;
  }
}
