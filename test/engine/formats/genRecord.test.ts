/**
 * `{"k":"gen"}` records as the dumper spells them are read from the bytes (ObjectScanner.genRecord)
 * instead of through JSON.parse: both readings must agree, and every other spelling must still go
 * the careful way (same graph, same errors).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ObjectFields, ObjectScanner } from '../../../electron/engine/formats/heapscope/ObjectScanner';
import { StringTable } from '../../../electron/engine/model/StringTable';
import { loadDump } from '../../../electron/engine/formats/index';

const dir = mkdtempSync(join(tmpdir(), 'heapscope-gen-'));
let serial = 0;
function file(lines: string[]): string {
  const p = join(dir, `gen${++serial}.jsonl`);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}
const header = JSON.stringify({ format: 'heapscope', version: [2, 0], python: { version: '3.11.7', implementation: 'cpython' }, gc: { enabled: true, threshold: [700, 10, 10], debug: 0 } });
const leaf = (a: number): string => JSON.stringify({ a, t: 'int', s: 28, f: 0, rc: 1, x: 0, r: String(a) });

describe('gen records read from the bytes', () => {
  it('agree with JSON.parse on the dumper spelling', () => {
    const s = new ObjectScanner(new StringTable(), new ObjectFields());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.array(fc.integer({ min: 1, max: 2 ** 48 }), { maxLength: 2000 }), (seq, a) => {
        const line = Buffer.from(`{"k":"gen","seq":${seq},"a":[${a.join(',')}]}\nnext`);
        const end = line.indexOf(10);
        const got = s.genRecord(line, 0, end);
        expect(got).toBeDefined();
        expect(s.genSeq).toBe(seq);
        expect(Array.from(got!)).toEqual((JSON.parse(line.subarray(0, end).toString()) as { a: number[] }).a);
      }),
      { numRuns: 200 },
    );
  });

  it('leave every other spelling to JSON.parse', () => {
    const s = new ObjectScanner(new StringTable(), new ObjectFields());
    for (const text of [
      '{"k":"gen","seq":1,"a":[16, 32]}',
      '{"k":"gen", "seq":1,"a":[16]}',
      '{"k":"gen","seq":1.0,"a":[16]}',
      '{"k":"gen","seq":0,"a":[16]}',
      '{"k":"gen","seq":1,"a":[016]}',
      '{"k":"gen","seq":1,"a":[0]}',
      '{"k":"gen","seq":1,"a":[-16]}',
      '{"k":"gen","seq":1,"a":[1234567890123456]}',
      '{"k":"gen","seq":1,"a":[16,]}',
      '{"k":"gen","seq":1,"a":[16]} ',
      '{"k":"gen","seq":1,"a":[16],"x":1}',
      '{"k":"gen","seq":1,"a":[16]',
      '{"k":"gen","a":[16],"seq":1}',
    ]) {
      const b = Buffer.from(text);
      expect(s.genRecord(b, 0, b.length), text).toBeUndefined();
    }
  });

  it('load the same first-seen column either way', async () => {
    const objects = [16, 32, 48, 64].map(leaf);
    const fast = ['{"k":"gen","seq":1,"a":[16,32,99]}', '{"k":"gen","seq":2,"a":[48]}'];
    const careful = ['{"k":"gen","seq":1,"a":[16, 32, 99]}', '{"k": "gen","seq":2,"a":[48]}'];
    const load = async (gen: string[]): Promise<number[]> => {
      const { graph } = await loadDump(file([header, ...objects, ...gen, JSON.stringify({ k: 'end', objects: 4 })]));
      return Array.from(graph.firstSeen!);
    };
    expect(await load(fast)).toEqual([1, 1, 2, 0]);
    expect(await load(careful)).toEqual([1, 1, 2, 0]);
  });

  it('still refuse a gen record inside a continuation, as the careful path does', async () => {
    const list = JSON.stringify({ a: 1000, t: 'list', s: 72, f: 3, rc: 1, x: 1, e: [16], l: ['[0]'], ec: 2 });
    const lines = [header, list, '{"k":"gen","seq":1,"a":[16]}', leaf(16), leaf(32), JSON.stringify({ k: 'end', objects: 3 })];
    const spaced = lines.map((l) => (l.startsWith('{"k":"gen"') ? l.replace('[16]', '[16 ]') : l));
    const message = async (ls: string[]): Promise<string> => loadDump(file(ls)).then(() => 'loaded', (e: Error) => e.message.replace(/gen\d+\.jsonl/, 'FILE'));
    const fastError = await message(lines);
    expect(fastError).not.toBe('loaded');
    expect(fastError).toBe(await message(spaced));
  });
});
