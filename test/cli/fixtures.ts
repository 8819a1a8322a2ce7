/**
 * Small dumps for the CLI tests, written as heapscope JSONL: the seed article's second example
 * (CGcLeakA and CGcLeakB with __del__, referencing each other through their __dict__s) as
 * CPython 2.7 would dump it inside make_circle_ref, where the locals `_a` and `_b` are references
 * from outside the dump. Also a truncated copy for the unreadable-dump exit code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const A = 0x7f0000001000;
export const B = 0x7f0000001040;
export const DA = 0x7f0000002000;
export const DB = 0x7f0000002100;
const TA = 0x7f0000003000;
const TB = 0x7f0000003400;
const S_TEXT = 0x7f0000004000;
const S_HASH = 0x7f0000004040;
const S_STAR = 0x7f0000004080;
const S_A = 0x7f00000040c0;
const S_B = 0x7f0000004100;
export const MODULE_DICT = 0x7f0000005000;

function lines(python: string): string[] {
  const header = {
    format: 'heapscope',
    version: [1, 0],
    python: { version: python, hexversion: 0x020712f0, implementation: 'cpython' },
    platform: 'linux',
    pointerSize: 8,
    time: '2026-11-24T00:00:00Z',
    pid: 1,
    gc: { enabled: true, threshold: [700, 10, 10], debug: 0 },
    counts: { objects: 12, tracked: 7 },
    notes: ['cli test fixture'],
  };
  const objs = [
    { a: MODULE_DICT, t: 'dict', s: 1048, f: 3, rc: 1, x: 1, e: [TA, TB], l: ["['CGcLeakA']", "['CGcLeakB']"] },
    { a: A, t: '__main__.CGcLeakA', s: 64, f: 3, rc: 2, x: 1, e: [DA, TA], l: ['__dict__', '__class__'], fin: 'del' },
    { a: B, t: '__main__.CGcLeakB', s: 64, f: 3, rc: 2, x: 1, e: [DB, TB], l: ['__dict__', '__class__'], fin: 'del' },
    { a: DA, t: 'dict', s: 280, f: 3, rc: 1, x: 0, e: [S_TEXT, S_HASH, S_B, B], l: ["<'_text'>", "['_text']", "<'_b'>", "['_b']"] },
    { a: DB, t: 'dict', s: 280, f: 3, rc: 1, x: 0, e: [S_TEXT, S_STAR, S_A, A], l: ["<'_text'>", "['_text']", "<'_a'>", "['_a']"] },
    { a: TA, t: 'type', s: 904, f: 11, rc: 6, x: 4, r: 'CGcLeakA' },
    { a: TB, t: 'type', s: 904, f: 11, rc: 6, x: 4, r: 'CGcLeakB' },
    { a: S_TEXT, t: 'str', s: 42, f: 0, rc: 5, x: 3, r: '_text' },
    { a: S_HASH, t: 'str', s: 47, f: 0, rc: 2, x: 1, r: '##########' },
    { a: S_STAR, t: 'str', s: 47, f: 0, rc: 2, x: 1, r: '**********' },
    { a: S_A, t: 'str', s: 39, f: 0, rc: 2, x: 1, r: '_a' },
    { a: S_B, t: 'str', s: 39, f: 0, rc: 2, x: 1, r: '_b' },
  ];
  const names = [
    { k: 'name', a: A, holder: 'frame make_circle_ref', name: '_a' },
    { k: 'name', a: B, holder: 'frame make_circle_ref', name: '_b' },
  ];
  return [header, ...objs, ...names, { k: 'end', objects: objs.length }].map((o) => JSON.stringify(o));
}

export interface Fixtures {
  dir: string;
  /** The article's two-object cycle, dumped by CPython 2.7.18 before `del _a; del _b`. */
  twoCycle: string;
  /** The same file cut after its fifth line (no trailer). */
  truncated: string;
  /** The same objects claiming CPython 3.11.7. */
  twoCycle311: string;
}

export function writeFixtures(): Fixtures {
  const dir = mkdtempSync(join(tmpdir(), 'heapscope-cli-'));
  const full = lines('2.7.18');
  const twoCycle = join(dir, 'two-cycle-2.7.jsonl');
  writeFileSync(twoCycle, `${full.join('\n')}\n`);
  const truncated = join(dir, 'truncated.jsonl');
  writeFileSync(truncated, `${full.slice(0, 5).join('\n')}\n`);
  const twoCycle311 = join(dir, 'two-cycle-3.11.jsonl');
  writeFileSync(twoCycle311, `${lines('3.11.7').join('\n')}\n`);
  return { dir, twoCycle, truncated, twoCycle311 };
}

/** Drops `_a` and `_b` (the locals of make_circle_ref), as `del _a; del _b` does. */
export const releaseLocals = ['--edit', `drop-external:${A}:1`, '--edit', `drop-external:${B}:1`];
