/**
 * Real CPython dumps pass the reader's rc/x consistency check exactly (formats/heapscope/
 * consistency.ts): a program with a container, a tuple, a __del__ instance and a self-cycle,
 * dumped by every interpreter here, loads with no record named inconsistent. If one did, the
 * check would cry wolf on real heaps, or the dumper would be writing self-contradicting records.
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
writeFileSync(program, ['x = [1, 2, {"a": (1, 2)}]', 'class C(object):', '    def __del__(self): pass', 'a = C()', 'a.self = a', ''].join('\n'));

describe('rc/x consistency of real dumps', () => {
  for (const py of interpreters()) {
    it(`finds no inconsistent record in a CPython ${py.short} dump`, async () => {
      const out = join(dir, `dump-${py.short}.jsonl`);
      execFileSync(py.path, [dumper, 'run', program, '--out', out], { timeout: 120_000 });
      const g = (await loadDump(out)).graph;
      expect(g.nodeCount).toBeGreaterThan(1000);
      expect(g.header.inconsistent).toBeUndefined();
    }, 120_000);
  }
});
