/**
 * ObjectScanner's canonical path (the dumper's own spelling, read straight through with the last
 * line's middle and labels kept) against its general path alone (the reader before it existed):
 * chunks read as the reader reads them, scanToNewline() in place and scan() on the whole line
 * where that declines. Line after line, both must fill the same
 * fields and leave byte-identical string tables, also when the canonical path declines a line
 * halfway (an escape, a non-ASCII repr, an extra key, a cut line) or the kept bytes nearly match.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectFields, ObjectScanner } from '../../../electron/engine/formats/heapscope/ObjectScanner';
import { StringTable } from '../../../electron/engine/model/StringTable';

function fieldsOf(f: ObjectFields): unknown {
  return {
    a: f.address,
    t: f.typeId,
    s: f.size,
    f: f.flags,
    rc: f.refcount,
    x: f.external,
    ex: f.hidden,
    fin: f.finalizer,
    w: f.weak,
    r: f.reprId,
    ec: f.announced,
    e: Array.from(f.edges.subarray(0, f.edgeCount)),
    l: f.labelCount < 0 ? null : Array.from(f.labels.subarray(0, f.labelCount)),
  };
}

// Few values, so that lines often repeat or nearly repeat the last one's bytes.
const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('int', 'in', '.i', '[0]') },
  { weight: 1, arbitrary: fc.constantFrom('intx', '__main__.Small', '.parent', '[1]', '[10]', 'a"b', 'x\\y', 'é', '') },
);
const small = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1, 3) }, { weight: 1, arbitrary: fc.constantFrom(0, 13, 28, 255, 256, 1000) });
const address = fc.oneof(fc.constantFrom(1, 16, 139748979301008), fc.integer({ min: 1, max: 2 ** 48 }));
const line = fc.record({
  a: address,
  t: word,
  s: small,
  f: small,
  rc: small,
  x: fc.oneof(small, fc.constant(-1)),
  e: fc.array(fc.constantFrom(16, 32, 139748979301008), { maxLength: 4 }),
  labelled: fc.boolean(),
  labels: fc.array(fc.option(word, { freq: 8 }), { minLength: 4, maxLength: 4 }),
  extra: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(',"w":16', ',"ec":9', ',"ec":2', ' ') }),
  r: fc.option(fc.oneof(word, fc.constantFrom('1000007', 'ü'))),
  // Raw spellings the canonical path must leave alone: a leading zero, 16 digits, a float.
  raw: fc.oneof({ weight: 10, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('"s":07', '"s":1234567890123456', '"s":1.5') }),
  // Where the chunk ends, as a fraction of the line (1: after its newline).
  cut: fc.oneof({ weight: 4, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }),
});

type Line = typeof line extends fc.Arbitrary<infer T> ? T : never;

function spell(l: Line): string {
  let text = `{"a":${l.a},"t":${JSON.stringify(l.t)},"s":${l.s},"f":${l.f},"rc":${l.rc},"x":${l.x}`;
  if (l.raw) text = text.replace(/"s":\d+/, l.raw);
  if (l.e.length) text += `,"e":[${l.e.join(',')}]`;
  if (l.e.length && l.labelled) text += `,"l":${JSON.stringify(l.labels.slice(0, l.e.length))}`;
  text += l.extra;
  if (l.r != null) text += `,"r":${JSON.stringify(l.r)}`;
  return `${text}}`;
}

describe('ObjectScanner canonical path', () => {
  it('reads every line as the general path does and leaves the same string table', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), (lines) => {
        const seed = 12345;
        const fastStrings = new StringTable(1024, 1024, seed);
        const slowStrings = new StringTable(1024, 1024, seed);
        const fast = new ObjectFields();
        const slow = new ObjectFields();
        const fastScanner = new ObjectScanner(fastStrings, fast);
        const slowScanner = new ObjectScanner(slowStrings, slow, false);
        const full = Buffer.from(lines.map(spell).join('\n') + '\n');
        let p = 0;
        lines.forEach((l) => {
          const end = full.indexOf(10, p);
          // As the reader does: the canonical path on the chunk (which may end inside the line),
          // and where it declines, the general path on the whole line (read in place or carried).
          const limit = l.cut === 1 ? full.length : p + Math.floor(l.cut * (end + 1 - p));
          const chunk = full.subarray(0, limit);
          const got = fastScanner.scanToNewline(chunk, p, limit);
          const fastOk = got >= 0 || fastScanner.scan(full, p, end);
          const gotSlow = slowScanner.scanToNewline(chunk, p, limit);
          const slowOk = gotSlow >= 0 || slowScanner.scan(full, p, end);
          expect(got).toBe(gotSlow);
          expect(fastOk).toBe(slowOk);
          if (slowOk) expect(fieldsOf(fast)).toEqual(fieldsOf(slow));
          expect(fastStrings.exportAll()).toEqual(slowStrings.exportAll());
          p = end + 1;
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('takes the dumper spelling, and declines a line whose kept middle is followed by more digits', () => {
    const strings = new StringTable();
    const s = new ObjectScanner(strings, new ObjectFields());
    const a = Buffer.from('{"a":16,"t":"int","s":28,"f":0,"rc":1,"x":1,"r":"5"}\n');
    expect(s.scanToNewline(a, 0, a.length)).toBe(a.length - 1);
    // Same bytes as the kept middle up to x, then a longer x: must be read, not taken from the last line.
    const b = Buffer.from('{"a":32,"t":"int","s":28,"f":0,"rc":1,"x":12,"r":"6"}\n');
    expect(s.scanToNewline(b, 0, b.length)).toBe(b.length - 1);
    expect(s.out.external).toBe(12);
    // The same middle but for its last byte.
    const c = Buffer.from('{"a":48,"t":"int","s":28,"f":0,"rc":1,"x":3,"r":"7"}\n');
    expect(s.scanToNewline(c, 0, c.length)).toBe(c.length - 1);
    expect(s.out.external).toBe(3);
  });
});
