/**
 * AddressIndex against hash flooding: page numbers come from the file, so a dump could choose
 * them to land on one slot of an unseeded hash. These pages all collide under the old unseeded
 * fmix32 (their hashes are multiples of 2**16); with the seeded hash they spread.
 */
import { describe, expect, it } from 'vitest';
import { AddressIndex } from '../../../electron/engine/model/AddressIndex';
import { fmix32 } from '../../../electron/engine/model/fmix32';

/** Inverse of h ^= h >>> k on 32 bits. */
function unshift(h: number, k: number): number {
  let x = h;
  for (let i = 0; i < 32 / k + 1; i++) x = h ^ (x >>> k);
  return x >>> 0;
}

/** Multiplicative inverse of an odd 32-bit constant (Newton's iteration). */
function inverse(a: number): number {
  let x = a;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(a, x));
  return x >>> 0;
}

function unfmix32(h: number): number {
  h = unshift(h >>> 0, 16);
  h = Math.imul(h, inverse(0xc2b2ae35)) >>> 0;
  h = unshift(h, 13);
  h = Math.imul(h, inverse(0x85ebca6b)) >>> 0;
  return unshift(h, 16);
}

describe('AddressIndex hash flooding', () => {
  it('inverts fmix32 correctly (the crafted pages really collide unseeded)', () => {
    for (const h of [0, 1, 0x10000, 0xdeadbeef, 0xffffffff]) expect(fmix32(unfmix32(h)) >>> 0).toBe(h >>> 0);
  });

  it('keeps probe sequences short for pages crafted to share one slot of the unseeded hash', () => {
    const n = 20000;
    const addresses = new Float64Array(n);
    for (let k = 0; k < n; k++) addresses[k] = unfmix32((k + 1) * 0x10000) * 4096 + 16;
    const index = AddressIndex.build(addresses);
    if (!(index instanceof AddressIndex)) throw new Error('unexpected duplicate');
    // Unseeded, every insert probes past all earlier pages: maxProbe would be n - 1.
    expect(index.maxProbe).toBeLessThan(64);
    for (let k = 0; k < n; k += 997) expect(index.get(addresses[k])).toBe(k);
    expect(index.get(addresses[5] + 8)).toBe(-1);
  });

  it('uses a different seed per index, so no fixed set of pages is bad for every load', () => {
    const addresses = Float64Array.from({ length: 5000 }, (_, k) => (k * 7919 + 1) * 4096);
    const a = AddressIndex.build(addresses, addresses.length, undefined, Uint32Array.of(1, 2));
    const b = AddressIndex.build(addresses, addresses.length, undefined, Uint32Array.of(3, 4));
    if (!(a instanceof AddressIndex) || !(b instanceof AddressIndex)) throw new Error('unexpected duplicate');
    for (let k = 0; k < addresses.length; k += 101) {
      expect(a.get(addresses[k])).toBe(k);
      expect(b.get(addresses[k])).toBe(k);
    }
  });
});
