/**
 * StringTable against hash flooding: FNV-1a is iterated, so from a known start state one can
 * chain colliding blocks into 2**k strings with one hash (Joux multicollisions). Type names and
 * labels come from the file, so the table starts its hash from a random offset: the crafted
 * strings, which all collide from FNV's fixed offset, spread over the table.
 */
import { describe, expect, it } from 'vitest';
import { FNV_OFFSET, StringTable, hashBytes } from '../../../electron/engine/model/StringTable';

const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Two different 6-letter blocks that take the FNV-1a state `from` to the same state. */
function collidingPair(from: number, salt: number): [string, string, number] {
  const seen = new Map<number, string>();
  let x = salt >>> 0;
  for (;;) {
    let block = '';
    for (let i = 0; i < 6; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0; // random blocks: a birthday search, ~2**16 tries
      block += alphabet[(x >>> 24) % alphabet.length];
    }
    let h = from;
    for (let i = 0; i < 6; i++) h = Math.imul(h ^ block.charCodeAt(i), 0x01000193);
    h >>>= 0;
    const other = seen.get(h);
    if (other !== undefined && other !== block) return [other, block, h];
    seen.set(h, block);
  }
}

/** 2**steps ASCII strings with one FNV-1a hash from the standard offset. */
function multicollision(steps: number): string[] {
  let strings = [''];
  let state = FNV_OFFSET;
  for (let s = 0; s < steps; s++) {
    const [a, b, next] = collidingPair(state, s * 7_919_000 + 12_345);
    strings = strings.flatMap((p) => [p + a, p + b]);
    state = next;
  }
  return strings;
}

describe('StringTable hash flooding', () => {
  it('spreads strings crafted to share one FNV-1a hash from the standard offset', () => {
    const crafted = multicollision(10);
    const bytes = crafted.map((s) => Buffer.from(s));
    const standard = new Set(bytes.map((b) => hashBytes(b, 0, b.length)));
    expect(standard.size).toBe(1); // they really collide, unseeded
    const table = new StringTable();
    expect(table.hashOffset).not.toBe(FNV_OFFSET);
    // A random offset breaks the chain for nearly every table, not for all: about 1 offset in 120
    // keeps such a set colliding (measured over 20,000 offsets; FNV-1a's state differences can survive
    // its steps). So look at many tables: the typical one spreads them.
    const spreads: number[] = [];
    for (let t = 0; t < 41; t++) {
      const offset = t === 0 ? table.hashOffset : new StringTable().hashOffset;
      spreads.push(new Set(bytes.map((b) => hashBytes(b, 0, b.length, offset))).size);
    }
    spreads.sort((a, b) => a - b);
    expect(spreads[20]).toBeGreaterThan(crafted.length * 0.9);
    // And they intern to distinct ids, found again.
    const ids = bytes.map((b) => table.internBytes(b, 0, b.length));
    expect(new Set(ids).size).toBe(crafted.length);
    expect(table.find(crafted[17])).toBe(ids[17]);
  });
});
