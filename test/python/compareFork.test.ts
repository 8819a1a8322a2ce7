/**
 * Identity across fork captures (issue #11: the low-pause capture). A fork capture registers the
 * objects it saw in the writer, on the fork's image, and in the program, on a thread of its own
 * after dump() has returned (so the program's pause is the fork alone). Proven against real CPython:
 * both sides register the same objects; a series of fork captures compares as exactly as in-process
 * dumps; addresses freed and reused while the program still registers are never taken for survivors.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpreter } from './interpreters.js';
import { loadDump } from '../../electron/engine/formats/index.js';
import { compareDumps } from '../../electron/engine/compare/compareDumps.js';
import type { ComparedDump } from '../../electron/engine/compare/relation.js';
import { Confidence, Status } from '../../electron/engine/compare/match.js';

const root = join(import.meta.dirname, '../..');
const dumperDir = join(root, 'electron/engine/formats/heapscope');
const programs = join(import.meta.dirname, 'compare-programs');
const versions = ['2.7', '3.8', '3.11', '3.13'];
const K = 25;

function run(python: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { maxBuffer: 64 << 20, timeout: 180_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${python} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

async function open(path: string): Promise<ComparedDump> {
  const d = await loadDump(path);
  return { graph: d.graph, name: path, contentHash: d.contentHash };
}

const tmp = mkdtempSync(join(tmpdir(), 'heapscope-compare-fork-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Registered {
  seq: number;
  background: boolean;
  registered: number[];
  items: number;
  early: number;
  late: number;
}

for (const v of versions) {
  const py = interpreter(v);
  describe.skipIf(!py)(`CPython ${v}, fork captures`, () => {
    let growth: ComparedDump[] = [];
    let reuse: { dumps: ComparedDump[]; objs: number[]; lists: number[] };
    let reg: Registered;
    let regDump: ComparedDump;
    beforeAll(async () => {
      const [g, r, f] = await Promise.all([
        run(py!.path, [join(programs, 'growth.py'), dumperDir, join(tmp, `growth-${v}`), String(K), '3', 'fork']),
        run(py!.path, [join(programs, 'reuse.py'), dumperDir, join(tmp, `reuse-${v}`), 'fork']),
        run(py!.path, [join(programs, 'fork_identity.py'), dumperDir, join(tmp, `ident-${v}.jsonl`)]),
      ]);
      growth = await Promise.all((JSON.parse(g) as { files: string[] }).files.map(open));
      const rf = JSON.parse(r) as { objs: number[]; lists: number[] };
      reuse = { dumps: await Promise.all([0, 1].map((i) => open(join(tmp, `reuse-${v}-${i}.jsonl`)))), ...rf };
      reg = JSON.parse(f) as Registered;
      regDump = await open(join(tmp, `ident-${v}.jsonl`));
    }, 240_000);

    it('registers the same objects in the program as in the writer', () => {
      const G = regDump.graph;
      expect(G.header.raw.capture).toMatchObject({ method: 'fork' });
      expect(reg.seq).toBe(1);
      // 2.7 without the `thread` module loaded registers in-line, before dump() returns.
      if (v !== '2.7') expect(reg.background).toBe(true);
      const inDump = reg.registered.filter((a) => G.index.get(a) >= 0);
      const written: number[] = [];
      for (let n = 0; n < G.nodeCount; n++) if (G.firstSeen && G.firstSeen[n] === 1) written.push(G.addresses[n]);
      expect(inDump.sort((a, b) => a - b)).toEqual(written.sort((a, b) => a - b));
      expect(written.length).toBeGreaterThanOrEqual(reg.items);
      // A bare weak reference the program held (shared with the registry) and one it made while the
      // registration ran do not cost their objects the evidence.
      expect(written).toContain(reg.early);
      expect(written).toContain(reg.late);
    });

    it('reports exactly K new objects of the growing type per step, all of them exact', () => {
      for (let step = 0; step + 1 < growth.length; step++) {
        const c = compareDumps(growth[step], growth[step + 1]);
        expect(c.relation.kind).toBe('identity');
        expect(c.types.find((t) => t.type === '__main__.Leak')).toMatchObject({ new: K, freed: 0, delta: K });
        const leak = c.leaks.filter((l) => l.type === '__main__.Leak');
        expect(leak.map((l) => l.count)).toEqual([K]);
        for (const n of leak[0].nodes) expect(c.matching!.confidence[n]).toBe(Confidence.Exact);
        // Every survivor of the growing structure is proven, not guessed.
        const T = growth[step + 1].graph;
        let survivors = 0;
        for (let n = 0; n < T.nodeCount; n++) {
          if (T.strings.get(T.typeIds[n]) !== '__main__.Leak' || c.matching!.status[n] !== Status.Survived) continue;
          survivors++;
          expect(c.matching!.confidence[n]).toBe(Confidence.Exact);
        }
        expect(survivors).toBe(K * (step + 1));
      }
    });

    it('never reports an address reused during the registration as an exact survivor', () => {
      expect(reuse.objs.length).toBeGreaterThan(0);
      const c = compareDumps(reuse.dumps[0], reuse.dumps[1]);
      const T = reuse.dumps[1].graph;
      for (const a of reuse.objs) {
        const n = T.index.get(a);
        expect(c.matching!.status[n]).toBe(Status.New);
        expect(c.matching!.confidence[n]).toBe(Confidence.Exact);
      }
      for (const a of reuse.lists) {
        const n = T.index.get(a);
        expect(c.matching!.status[n] === Status.Survived && c.matching!.confidence[n] === Confidence.Exact).toBe(false);
      }
      expect(c.types.find((t) => t.type === '__main__.Obj')).toMatchObject({ freed: 2000 });
    });
  });
}
