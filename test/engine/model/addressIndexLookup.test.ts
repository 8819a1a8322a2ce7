/**
 * AddressIndex.get against a Map, with lookups in runs on one page (the last page is remembered),
 * hopping between pages, and of absent addresses on a remembered page and on unknown pages; the same
 * after the sorted copy is dropped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressIndex } from '../../../electron/engine/model/AddressIndex';

describe('AddressIndex.get', () => {
  it('finds what a Map finds, in any lookup order', () => {
    // Few pages, many addresses each, so lookups repeat and switch pages.
    const address = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4095 })).map(([page, off]) => 2 ** 40 + page * 4096 + off);
    fc.assert(
      fc.property(fc.uniqueArray(address, { minLength: 1, maxLength: 300 }), fc.array(address, { maxLength: 600 }), (present, lookups) => {
        const index = AddressIndex.build(Float64Array.from(present));
        expect(index).toBeInstanceOf(AddressIndex);
        const map = new Map(present.map((a, i) => [a, i]));
        const all = [...lookups, ...present, 1, 2 ** 40 + 7 * 4096];
        for (const a of all) expect((index as AddressIndex).get(a)).toBe(map.get(a) ?? -1);
        // Without its sorted copy (as a loaded graph keeps it) it reads the address column instead.
        const column = Float64Array.from(present);
        expect((index as AddressIndex).dropSortedCopy(column)).toBeInstanceOf(Float64Array);
        for (const a of all) expect((index as AddressIndex).get(a)).toBe(map.get(a) ?? -1);
      }),
      { numRuns: 300 },
    );
  });
});
