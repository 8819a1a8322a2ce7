import { describe, expect, it } from 'vitest';
import { radixSortNonNegative } from '../../../../electron/engine/session/explore/radixSort';
import { sortByKeys } from '../../../../electron/engine/session/explore/objectsPage';

/** A small deterministic generator (xorshift), so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

describe('radixSortNonNegative', () => {
  it('orders as the comparison sort does: small and huge whole numbers, fractions, duplicates, zeros', () => {
    const r = rng(17);
    for (const n of [0, 1, 2, 3, 100, 5000]) {
      const a = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const kind = i % 5;
        a[i] = kind === 0 ? Math.floor(r() * 2 ** 53) : kind === 1 ? Math.floor(r() * 100) : kind === 2 ? r() * 1e6 : kind === 3 ? 0 : 2 ** 52 + Math.floor(r() * 8);
      }
      const expected = Float64Array.from(a).sort();
      expect(radixSortNonNegative(a)).toEqual(expected);
    }
  });

  it('skips digits every value shares and still returns the values in place', () => {
    const a = Float64Array.from([5, 3, 9, 1, 7]);
    expect(radixSortNonNegative(a)).toBe(a);
    expect([...a]).toEqual([1, 3, 5, 7, 9]);
  });

  it('gives sortByKeys the order a stable comparison sort gives, ties broken by ordinal', () => {
    const r = rng(5);
    const keys = Float64Array.from({ length: 3000 }, () => Math.floor(r() * 50) * 1024);
    const expected = Array.from({ length: keys.length }, (_, i) => i).sort((x, y) => keys[x] - keys[y] || x - y);
    expect([...sortByKeys(keys, keys.length)]).toEqual(expected);
  });
});
