import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../electron/engine/formats/LineSplitter';
import { HeapFormatError } from '../../../electron/engine/formats/HeapFormatError';

interface Seen {
  text: string;
  line: number;
  terminated: boolean;
}

/**
 * Pushes `text` cut at `cuts`, each piece in the same reused buffer (as byteSource does), which
 * is scribbled over after every push: a splitter that kept a view instead of a copy would fail.
 */
function split(text: string, cuts: number[], max?: number, fast = false): Seen[] {
  const seen: Seen[] = [];
  const bytes = Buffer.from(text);
  const shared = Buffer.alloc(bytes.length + 1);
  const s = new LineSplitter(
    'f.jsonl',
    (buf, start, end, line, terminated) => seen.push({ text: buf.toString('utf8', start, end), line, terminated }),
    max,
    // A fast path that takes only lines starting with "F", as the reader takes only object lines.
    fast
      ? (buf, start, limit, line) => {
          if (buf[start] !== 0x46) return -1;
          const nl = buf.indexOf(10, start);
          if (nl < 0 || nl >= limit) return -1;
          seen.push({ text: `fast:${buf.toString('utf8', start, nl)}`, line, terminated: true });
          return nl;
        }
      : undefined,
  );
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const n = bytes.copy(shared, 0, from, cut);
    s.push(shared.subarray(0, n));
    shared.fill(0x58);
    from = cut;
  }
  s.end();
  return seen;
}

describe('LineSplitter', () => {
  const long = 'L'.repeat(300_000);
  const text = `head\n${long}\nmid\nF1\nlast`;
  const expected = ['head', long, 'mid', 'F1', 'last'];

  it('gives the same lines whatever the chunking, with a line spanning many chunks', () => {
    for (const cuts of [[], [2], [5], [6, 70_000, 140_000, 200_000, 300_004], [300_010, 300_012, 300_013]]) {
      const seen = split(text, cuts);
      expect(seen.map((l) => l.text)).toEqual(expected);
      expect(seen.map((l) => l.line)).toEqual([1, 2, 3, 4, 5]);
      expect(seen.map((l) => l.terminated)).toEqual([true, true, true, true, false]);
    }
  });

  it('keeps carrying correctly after a long line grew the carry buffer', () => {
    const lines = [long, 'a'.repeat(10), long.slice(7), 'b'];
    const t = `${lines.join('\n')}\n`;
    const cuts: number[] = [];
    for (let at = 4093; at < t.length; at += 65_536) cuts.push(at);
    expect(split(t, cuts).map((l) => l.text)).toEqual(lines);
  });

  it('hands lines inside a chunk to the fast path and the rest to the line handler', () => {
    const seen = split('F1\nx\nF2 longer\nF3', [9], undefined, true);
    expect(seen.map((l) => l.text)).toEqual(['fast:F1', 'x', 'F2 longer', 'F3']);
  });

  it('refuses a line longer than the limit before buffering it whole', () => {
    const cuts = Array.from({ length: 40 }, (_, i) => (i + 1) * 1000);
    expect(() => split(`ok\n${'z'.repeat(50_000)}\n`, cuts, 8192)).toThrow(HeapFormatError);
    try {
      split(`ok\n${'z'.repeat(50_000)}\n`, cuts, 8192);
    } catch (e) {
      expect((e as HeapFormatError).line).toBe(2);
    }
  });
});
