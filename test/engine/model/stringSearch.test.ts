import { describe, expect, it } from 'vitest';
import { StringTable } from '../../../electron/engine/model/StringTable';
import { markMatchingStrings } from '../../../electron/engine/model/stringSearch';

/** What the search must agree with: JavaScript's own case-insensitive test, string by string. */
function reference(strings: string[], needle: string): number[] {
  return strings.flatMap((s, i) => (s.toLowerCase().includes(needle) ? [i] : []));
}

function search(strings: string[], needle: string): number[] {
  const t = new StringTable();
  const ids = Uint32Array.from(strings.map((s, i) => (i % 2 ? t.add(s) : t.intern(s))));
  const out = new Uint8Array(t.size);
  markMatchingStrings(t, ids, needle, out);
  return strings.flatMap((_, i) => (out[ids[i]] ? [i] : []));
}

describe('markMatchingStrings', () => {
  const strings = [
    '__main__.Handler',
    "'row-12'",
    'HANDLER',
    'logging.LogRecord',
    '',
    'café Handler',
    '\u212Aey', // KELVIN SIGN lower-cases to an ASCII "k"
    '\u0130stanbul', // LATIN CAPITAL I WITH DOT lower-cases to "i" + U+0307
    'naïve',
    '😀 emoji handler',
    'hand',
  ];

  it('agrees with toLowerCase().includes on ASCII, non-ASCII and special-casing strings', () => {
    for (const needle of ['handler', 'main__.h', 'key', 'istanbul', 'i\u0307stanbul', 'ï', 'café', '😀', 'x', 'hand', "'row-", '']) {
      expect(search(strings, needle), `needle ${JSON.stringify(needle)}`).toEqual(reference(strings, needle));
    }
  });

  it('agrees on random strings and needles', () => {
    const alphabet = ['a', 'B', 'c', 'Z', '_', '.', 'é', 'É', '\u212A', 'k', 'K', '0', ' ', 'ß'];
    let seed = 12345;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
    const word = (len: number): string => Array.from({ length: len }, () => alphabet[rnd(alphabet.length)]).join('');
    const pool = Array.from({ length: 400 }, () => word(rnd(12)));
    for (let k = 0; k < 200; k++) {
      const source = pool[rnd(pool.length)];
      const at = rnd(source.length + 1);
      const needle = (rnd(3) === 0 ? word(1 + rnd(3)) : source.slice(at, at + 1 + rnd(4))).toLowerCase();
      expect(search(pool, needle), `needle ${JSON.stringify(needle)}`).toEqual(reference(pool, needle));
    }
  });
});
