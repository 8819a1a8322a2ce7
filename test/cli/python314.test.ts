/**
 * `heapscope analyze` on the demo heap captured by CPython 3.14.2 (Pyodide): the rule set is named
 * and starts with 3.14, the header line labels the build, `--rules` offers 3.14.5 and 3.15, and the
 * verdict is the one that interpreter printed (index.json's `expected`, observed in the real run).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../electron/cli/index.js';
import type { CliIo } from '../../electron/cli/cliIo.js';
import { loadDump } from '../../electron/engine/formats/index.js';
import { NodeFlag } from '../../electron/engine/model/HeapGraph.js';

const demoDir = join(import.meta.dirname, '../../electron/demo-heaps');
const dump = join(demoDir, 'article-two-cycle-3.14.jsonl.gz');

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('a dump from CPython 3.14 (Pyodide)', () => {
  it('is analysed under the 3.14.0 – 3.14.4 rules, with the numbers 3.14.2 printed', async () => {
    const index = JSON.parse(readFileSync(join(demoDir, 'index.json'), 'utf8')) as { demos: { file: string; python: string; expected: { collected: number; garbage: number } }[] };
    const demo = index.demos.find((d) => d.file === 'article-two-cycle-3.14.jsonl.gz');
    expect(demo?.python).toBe('3.14.2');
    const r = await run('analyze', dump, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { rules: string; python: string; collect: number; garbage: number };
    expect(json.rules).toBe('3.14');
    expect(json.rules.startsWith('3.14')).toBe(true);
    expect({ collected: json.collect, garbage: json.garbage }).toEqual(demo?.expected);
  });

  it('labels the build in the header line and prints 3.14 debug lines', async () => {
    const r = await run('analyze', dump, '--debug', 'STATS|COLLECTABLE');
    expect(r.out).toMatch(/CPython 3\.14\.2, Emscripten [\d.]+ \(wasm32, 32-bit\)/);
    expect(r.out).toContain('rules: CPython 3.14.0 – 3.14.4');
    expect(r.out).toMatch(/gc: collectable <CGcLeakA 0x[0-9a-f]+>/);
    expect(r.out).toMatch(/gc: done, 2 unreachable, 0 uncollectable, 0\.0000s elapsed/);
  });

  it('accepts --rules 3.14.5 and 3.15', async () => {
    for (const rules of ['3.14.5', '3.15']) {
      const json = JSON.parse((await run('analyze', dump, '--json', '--rules', rules)).out) as { rules: string };
      expect(json.rules).toBe(rules);
    }
  });

  it('flags immortal objects whose 32-bit refcounts read 0x70000000 or so', async () => {
    const { graph } = await loadDump(dump);
    let immortal = 0;
    let bigButMortal = 0;
    for (let n = 0; n < graph.nodeCount; n++) {
      if (graph.flags[n] & NodeFlag.Immortal) immortal++;
      else if (graph.refcounts[n] >= 2 ** 30) bigButMortal++;
    }
    expect(immortal).toBeGreaterThan(1000);
    expect(bigButMortal).toBe(0);
    expect((graph.header.raw.build as { immortal: string }).immortal).toBe('sys._is_immortal');
  });
});
