import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectFields, ObjectScanner } from '../../../electron/engine/formats/heapscope/ObjectScanner';
import { fillObjectFields } from '../../../electron/engine/formats/heapscope/objectRecord';
import { StringTable } from '../../../electron/engine/model/StringTable';

/** What a record means, with strings decoded, so the two paths can be compared. */
function meaning(f: ObjectFields, strings: StringTable): unknown {
  return {
    a: f.address,
    t: strings.get(f.typeId),
    s: f.size,
    f: f.flags,
    rc: f.refcount,
    x: f.external,
    ex: f.hidden,
    fin: f.finalizer,
    w: f.weak,
    r: strings.get(f.reprId),
    e: Array.from(f.edges.subarray(0, f.edgeCount)),
    l: f.labelCount < 0 ? null : Array.from(f.labels.subarray(0, f.labelCount), (id) => strings.get(id)),
  };
}

const addr = fc.integer({ min: 1, max: 2 ** 48 });
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'a"b', 'x\\y', '\n', ''));
const record = fc
  .record(
    {
      a: addr,
      t: text,
      s: fc.nat(),
      f: fc.integer({ min: 0, max: 255 }),
      rc: fc.nat(),
      x: fc.integer({ min: -5, max: 1000 }),
      edges: fc.array(addr, { maxLength: 6 }),
      labelled: fc.boolean(),
      labels: fc.array(fc.option(text), { minLength: 6, maxLength: 6 }),
      ex: fc.nat({ max: 6 }),
      fin: fc.constantFrom('del', 'tp_del', 'tp_finalize', 'gen'),
      w: fc.nat(),
      r: text,
    },
    { requiredKeys: ['a', 't', 's', 'f', 'rc', 'x', 'edges', 'labelled', 'labels'] },
  )
  .map((g) => {
    const rec: Record<string, unknown> = { a: g.a, t: g.t, s: g.s, f: g.f, rc: g.rc, x: g.x };
    if (g.edges.length) rec.e = g.edges;
    if (g.edges.length && g.labelled) rec.l = g.labels.slice(0, g.edges.length);
    if (g.ex !== undefined) rec.ex = Math.min(g.ex, g.edges.length);
    if (g.fin !== undefined) rec.fin = g.fin;
    if (g.w !== undefined) rec.w = g.w;
    if (g.r !== undefined) rec.r = g.r;
    return rec;
  });

describe('ObjectScanner (fast path) agrees with objectRecord (careful path)', () => {
  it('reads every valid record the same way, whatever key order or spacing', () => {
    fc.assert(
      fc.property(record, fc.boolean(), fc.boolean(), (rec, reverse, spaced) => {
        const ordered = reverse ? Object.fromEntries(Object.entries(rec).reverse()) : rec;
        const line = Buffer.from(JSON.stringify(ordered, null, spaced ? 1 : undefined).replace(/\n/g, ' '));
        const strings = new StringTable();
        const fast = new ObjectFields();
        const scanned = new ObjectScanner(strings, fast).scan(line, 0, line.length);
        const slow = new ObjectFields();
        fillObjectFields(JSON.parse(line.toString()) as Record<string, unknown>, slow, strings, { file: 'f', line: 2 });
        if (scanned) expect(meaning(fast, strings)).toEqual(meaning(slow, strings));
        // Compact records of plain keys are the dumper's output: the fast path must take them.
        if (!spaced) expect(scanned).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('reads the same through one scanner line after line (remembered type names and labels)', () => {
    // Few, overlapping strings (prefixes of each other, escapes, index labels) so that lines
    // repeat, extend or cut short what the previous line had at the same place.
    const word = fc.constantFrom('a', 'ab', 'abc', '__main__.Small', '__main__.Smal', '.i', '.parent', '[0]', '[1]', '[10]', 'a"b', 'x\\y', '');
    const line = fc.record({
      t: word,
      labels: fc.array(fc.option(word), { maxLength: 10 }),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (lines) => {
        const strings = new StringTable();
        const fast = new ObjectFields();
        const scanner = new ObjectScanner(strings, fast);
        lines.forEach((l, i) => {
          const rec: Record<string, unknown> = { a: i + 1, t: l.t, s: 1, f: 0, rc: 1, x: 0 };
          if (l.labels.length) {
            rec.e = l.labels.map((_, k) => k + 1);
            rec.l = l.labels;
          }
          const bytes = Buffer.from(JSON.stringify(rec));
          // Reused buffer with stale bytes after the line, as the line handler's carry buffer has.
          const buf = Buffer.concat([bytes, Buffer.from('"]}garbage')]);
          expect(scanner.scan(buf, 0, bytes.length)).toBe(true);
          const slow = new ObjectFields();
          fillObjectFields(JSON.parse(bytes.toString()) as Record<string, unknown>, slow, strings, { file: 'f', line: 2 });
          expect(meaning(fast, strings)).toEqual(meaning(slow, strings));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('finds the end of a record inside a chunk and never reads into the next line', () => {
    const strings = new StringTable();
    const s = new ObjectScanner(strings, new ObjectFields());
    const chunk = Buffer.from('{"a":16,"t":"list","s":56,"f":3,"rc":1,"x":1,"e":[32]}\n{"a":32,"t":"int"\n{"a":48,"t');
    expect(s.scanToNewline(chunk, 0, chunk.length)).toBe(chunk.indexOf(10));
    const second = chunk.indexOf(10) + 1;
    expect(s.scanToNewline(chunk, second, chunk.length)).toBe(-1);
    expect(s.scanToNewline(chunk, chunk.lastIndexOf(10) + 1, chunk.length)).toBe(-1);
  });

  it('declines what it cannot vouch for, leaving the verdict to JSON.parse', () => {
    const strings = new StringTable();
    const s = new ObjectScanner(strings, new ObjectFields());
    const base = '"t":"x","s":1,"f":0,"rc":1,"x":1';
    for (const bad of [
      `{"a":1,${base},"a":2}`,
      `{"a":01,${base}}`,
      `{"a":1.0,${base}}`,
      `{"a":1e3,${base}}`,
      `{"a":-0,${base}}`,
      `{"a":1234567890123456,${base}}`,
      `{"a":1,${base},"r":null}`,
      `{"a":1,${base},"zz":1}`,
      `{"a":1,${base},}`,
      `{"a":1,${base}} x`,
      `{"a":1,${base},"e":[1,]}`,
      `{"a":1,${base},"l":[nul]}`,
      `{"a":1,${base},"fin":"nope"}`,
      `{"a":1,"t":"a\u0001b","s":1,"f":0,"rc":1,"x":1}`,
      `{"k":"end","objects":0}`,
    ]) {
      const b = Buffer.from(bad);
      expect(s.scan(b, 0, b.length), bad).toBe(false);
    }
  });
});
