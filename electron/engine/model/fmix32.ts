/**
 * Murmur3's fmix32 finaliser: spreads every input bit over the low bits a power-of-two hash
 * table keeps. StringTable mixes FNV hashes with it, AddressIndex page numbers.
 */
export function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
