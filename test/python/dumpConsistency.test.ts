/**
 * Real CPython dumps pass the reader's rc/x consistency check exactly (formats/heapscope/
 * consistency.ts): a program with a container, a tuple, a __del__ instance and a self-cycle,
 * dumped by every interpreter here, loads with no record named inconsistent. If one did, the
 * check would cry wolf on real heaps, or the dumper would be writing self-contradicting records.
 * In-process dumps (twice: the second one finds the identity registry) and a fork dump too: their
 * heap holds the dumper module itself, whose state must not change between census and writing.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDump } from '../../electron/engine/formats/index';
import { interpreters } from './interpreters';

const root = join(import.meta.dirname, '../..');
const dumper = join(root, 'electron/engine/formats/heapscope/heapscope_dump.py');
const dir = mkdtempSync(join(tmpdir(), 'heapscope-consistency-'));
const program = join(dir, 'prog.py');
const body = ['x = [1, 2, {"a": (1, 2)}]', 'class C(object):', '    def __del__(self): pass', 'a = C()', 'a.self = a'];
writeFileSync(program, [...body, ''].join('\n'));
const inProcess = join(dir, 'inproc.py');
writeFileSync(
  inProcess,
  [
    'import sys',
    `sys.path.insert(0, ${JSON.stringify(join(root, 'electron/engine/formats/heapscope'))})`,
    'import heapscope_dump',
    ...body,
    'heapscope_dump.dump(sys.argv[1] + "-1.jsonl")',
    'more = [str(i) * 3 for i in range(50)]',
    'heapscope_dump.dump(sys.argv[1] + "-2.jsonl")',
    'if hasattr(__import__("os"), "fork"): heapscope_dump.dump(sys.argv[1] + "-fork.jsonl", fork=True, wait=True)',
    '',
  ].join('\n'),
);

describe('rc/x consistency of real dumps', () => {
  for (const py of interpreters()) {
    it(`finds no inconsistent record in a CPython ${py.short} dump`, async () => {
      const out = join(dir, `dump-${py.short}.jsonl`);
      execFileSync(py.path, [dumper, 'run', program, '--out', out], { timeout: 120_000 });
      const g = (await loadDump(out)).graph;
      expect(g.nodeCount).toBeGreaterThan(1000);
      expect(g.header.inconsistent).toBeUndefined();
    }, 120_000);

    it(`finds none in CPython ${py.short}'s in-process dumps (first, second, fork)`, async () => {
      const base = join(dir, `inproc-${py.short}`);
      execFileSync(py.path, [inProcess, base], { timeout: 120_000 });
      for (const which of ['-1', '-2', '-fork']) {
        const g = (await loadDump(`${base}${which}.jsonl`)).graph;
        expect(g.nodeCount).toBeGreaterThan(1000);
        expect(g.header.inconsistent, `${py.short}${which}`).toBeUndefined();
      }
    }, 120_000);
  }
});
