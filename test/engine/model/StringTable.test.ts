import { describe, expect, it } from 'vitest';
import { INDEX_LABEL_BASE, StringTable } from '../../../electron/engine/model/StringTable';
import { AddressIndex } from '../../../electron/engine/model/AddressIndex';

describe('StringTable', () => {
  it('keeps id 0 for the empty string and round-trips any text', () => {
    const t = new StringTable();
    expect(t.intern('')).toBe(0);
    expect(t.get(0)).toBe('');
    for (const s of ['dict', "['_self']", 'é', '日本語', '😀', '__proto__', 'a\nb']) expect(t.get(t.intern(s))).toBe(s);
    expect(t.get(999)).toBe('');
  });

  it('reads a lone surrogate as U+FFFD, the first time and from its cache alike (FORMAT.md)', () => {
    const t = new StringTable();
    const id = t.intern('wrapper_descrip\ud800tor');
    expect(t.get(id)).toBe('wrapper_descrip\ufffdtor');
    expect(t.intern('wrapper_descrip\ufffdtor')).toBe(id);
    expect(t.get(t.intern('\udc00x'))).toBe('\ufffdx');
  });

  it('gives bytes and strings of the same text the same id', () => {
    const t = new StringTable();
    const id = t.intern('__main__.Point');
    const buf = Buffer.from('xx"__main__.Point"yy');
    expect(t.internBytes(buf, 3, 17)).toBe(id);
    expect(t.find('__main__.Point')).toBe(id);
    expect(t.find('missing')).toBe(-1);
  });

  it('stores added strings without interning them', () => {
    const t = new StringTable();
    const a = t.add('42');
    const b = t.add('42');
    expect(a).not.toBe(b);
    expect(t.get(a)).toBe('42');
    expect(t.find('42')).toBe(-1);
    expect(t.intern('42')).not.toBe(a);
  });

  it('gives index labels "[N]" virtual ids without storing them', () => {
    const t = new StringTable();
    expect(t.labelId('[0]')).toBe(INDEX_LABEL_BASE);
    expect(t.labelId('[123456]')).toBe(INDEX_LABEL_BASE + 123456);
    const buf = Buffer.from('"[42]"');
    expect(t.internLabel(buf, 1, 5, 0)).toBe(INDEX_LABEL_BASE + 42);
    expect(t.get(INDEX_LABEL_BASE + 42)).toBe('[42]');
    expect(t.size).toBe(1);
    // Not canonical, or too long: stored like any other label.
    for (const s of ['[01]', '[-1]', '[1234567890]', '[]', '[1a]', "['a']"]) {
      const id = t.labelId(s);
      expect(id).toBeLessThan(INDEX_LABEL_BASE);
      expect(t.get(id)).toBe(s);
    }
  });

  it('grows past its initial size and still finds every string', () => {
    const t = new StringTable(16);
    const ids: number[] = [];
    for (let i = 0; i < 50_000; i++) ids.push(t.intern(`[${i}]`));
    for (let i = 0; i < 50_000; i += 7) expect(t.find(`[${i}]`)).toBe(ids[i]);
    expect(t.get(ids[49_999])).toBe('[49999]');
    expect(t.size).toBe(50_001);
  });
});

describe('StringTable between threads (parallel reading)', () => {
  it('exports its strings and imports another table\'s: interned ones keep one id, stored ones are appended', () => {
    const main = new StringTable();
    const list = main.intern('list');
    const batch = new StringTable();
    const ids = [batch.intern('int'), batch.add('42'), batch.add('43'), batch.intern('list'), batch.add('44'), batch.labelId('[7]')];
    const map = main.importFrom(batch.exportAll());
    expect(map[ids[3]]).toBe(list);
    expect([ids[0], ids[1], ids[2], ids[4]].map((id) => main.get(map[id]))).toEqual(['int', '42', '43', '44']);
    expect(main.find('int')).toBe(map[ids[0]]);
    expect(main.find('42')).toBe(-1); // stored, not interned, as add() keeps them
    expect(ids[5]).toBe(INDEX_LABEL_BASE + 7); // virtual: the merge passes it through
  });

  it('resets for the next batch', () => {
    const t = new StringTable();
    t.intern('a');
    t.add('b');
    t.reset();
    expect(t.size).toBe(1);
    expect(t.find('a')).toBe(-1);
    expect(t.get(t.intern('c'))).toBe('c');
    expect(t.get(0)).toBe('');
  });
});

describe('AddressIndex', () => {
  it('finds evenly spaced addresses (one arena, 64 bytes apart) and reports misses', () => {
    const n = 200_000;
    const base = 140_060_460_682_960;
    // File order is not address order: reverse every other block of 1000.
    const addresses = new Float64Array(n);
    for (let i = 0; i < n; i++) addresses[i] = base + (Math.floor(i / 1000) % 2 ? 999 - (i % 1000) + Math.floor(i / 1000) * 1000 : i) * 64;
    const index = AddressIndex.build(addresses);
    if (!(index instanceof AddressIndex)) throw new Error('unexpected duplicate');
    let wrong = 0;
    for (let i = 0; i < n; i++) if (index.get(addresses[i]) !== i) wrong++;
    expect(wrong).toBe(0);
    expect(index.get(base + 32)).toBe(-1);
    expect(index.get(base - 64)).toBe(-1);
    expect(index.get(base + n * 64)).toBe(-1);
    expect(index.get(12345)).toBe(-1);
    expect(index.size).toBe(n);
  });

  it('reports the first repeated address in ordinal order, with its first occurrence', () => {
    const addresses = Float64Array.from([4096, 8192, 16, 32, 8192, 16, 4096]);
    expect(AddressIndex.build(addresses)).toEqual({ address: 8192, node: 4, firstNode: 1 });
  });

  it('handles a page crowded beyond the insertion-sort size, and addresses far apart', () => {
    // 3000 distinct addresses in one 4 KiB page (a hostile file), in descending order.
    const crowded = Array.from({ length: 3000 }, (_, i) => 1_000_000 * 4096 + 3999 - i);
    const far = [1, 2 ** 47, 2 ** 52 + 16, 7 * 4096];
    const addresses = Float64Array.from([...crowded, ...far]);
    const index = AddressIndex.build(addresses);
    if (!(index instanceof AddressIndex)) throw new Error('unexpected duplicate');
    for (let i = 0; i < addresses.length; i++) expect(index.get(addresses[i])).toBe(i);
    expect(index.get(1_000_000 * 4096 + 4000)).toBe(-1);
    expect(AddressIndex.build(Float64Array.from([...crowded, crowded[1234]]))).toEqual({ address: crowded[1234], node: 3000, firstNode: 1234 });
  });

  it('refuses a value that is not an address', () => {
    expect(() => AddressIndex.build(Float64Array.from([16, NaN]))).toThrow(/node 1 is not an address/);
    expect(() => AddressIndex.build(Float64Array.from([-16]))).toThrow(RangeError);
  });
});
