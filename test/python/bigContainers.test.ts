/**
 * Containers longer than a line: real CPython dumps a list, dict, set and tuple of many items in a
 * cycle twice in one process, with continuation records (the dumper's _CHUNK lowered so each is
 * split into many parts) and without. Both dumps must load to the same references per container
 * (as many as gc.get_referents reports, same targets, same labels, same order), and the simulated
 * release of the four names must give what gc.collect() then returned, from either dump.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDump } from '../../electron/engine/formats/index.js';
import { simulate } from '../../electron/engine/gc/simulate.js';
import { rulesForVersion } from '../../electron/engine/gc/rules.js';
import type { HeapGraph } from '../../electron/engine/model/HeapGraph.js';
import { buildOverlay } from '../../electron/engine/whatif/overlay.js';
import type { Edit } from '../../electron/engine/whatif/types.js';
import { interpreter } from './interpreters.js';

const root = join(import.meta.dirname, '../..');
const dumperDir = join(root, 'electron/engine/formats/heapscope');
const program = join(import.meta.dirname, 'big-containers/big_containers.py');
const versions = ['2.7', '3.8', '3.11', '3.13'];
/** Items in the list (the dict D has half, the set a third, the tuple a quarter, the dict E of odd keys an eighth); parts of 1500. */
const ITEMS = 40_000;
const CHUNK = 1500;
const names = ['L', 'D', 'S', 'T', 'E'] as const;

interface Info {
  ns: number;
  ids: Record<(typeof names)[number], number>;
  refs: Record<(typeof names)[number], number>;
  collect: number;
}
interface Run {
  info: Info;
  split: HeapGraph;
  whole: HeapGraph;
  splitText: string;
  wholeText: string;
}

const tmp = mkdtempSync(join(tmpdir(), 'heapscope-big-'));
const runs = new Map<string, Run>();

function run(python: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, args, { cwd: root, maxBuffer: 16 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${python} ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

async function dumpWith(short: string): Promise<void> {
  const py = interpreter(short);
  if (py === undefined) return;
  const split = join(tmp, `split-${short}.jsonl`);
  const whole = join(tmp, `whole-${short}.jsonl`);
  const stdout = await run(py.path, [program, dumperDir, split, whole, String(ITEMS), String(CHUNK)]);
  const info = JSON.parse(stdout.trim().split('\n').pop()!) as Info;
  runs.set(short, {
    info,
    split: (await loadDump(split)).graph,
    whole: (await loadDump(whole)).graph,
    splitText: readFileSync(split, 'latin1'),
    wholeText: readFileSync(whole, 'latin1'),
  });
}

beforeAll(async () => {
  // Two at a time: the machine's cores are shared.
  await Promise.all([(async () => { await dumpWith('2.7'); await dumpWith('3.11'); })(), (async () => { await dumpWith('3.8'); await dumpWith('3.13'); })()]);
}, 240_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The references of `address` as "target label" strings, in order. */
function references(g: HeapGraph, address: number): string[] {
  const n = g.index.get(address);
  expect(n).toBeGreaterThanOrEqual(0);
  const out: string[] = [];
  for (let e = g.firstOutEdge[n]; e < g.firstOutEdge[n + 1]; e++) out.push(`${g.addresses[g.edgeTargets[e]]} ${g.strings.get(g.edgeLabels[e])}`);
  return out;
}

function releaseNames(g: HeapGraph, info: Info): number {
  const edits: Edit[] = names.map((name) => ({ kind: 'drop-ref', source: info.ns, target: info.ids[name] }));
  return simulate(g, { rules: rulesForVersion(g.header.python), overlay: buildOverlay(g, edits) }).collect;
}

describe.each(versions)('containers split over continuation records on CPython %s', (short) => {
  it('is installed', () => {
    expect(interpreter(short), `CPython ${short} is needed for this proof`).toBeDefined();
  });

  it('writes continuation records only when asked to, and says 2.0 then', () => {
    const r = runs.get(short)!;
    const parts = r.splitText.split('"k":"more"').length - 1;
    // Each container over CHUNK references has ceil(refs / 7000) - 1 continuation records.
    const expected = names.reduce((sum, name) => sum + Math.ceil(r.info.refs[name] / CHUNK) - 1, 0);
    expect(parts).toBe(expected);
    expect(parts).toBeGreaterThan(40);
    expect(r.split.header.version).toEqual([2, 0]);
    expect(r.wholeText.includes('"k":"more"')).toBe(false);
    expect(r.whole.header.version).toEqual([1, 0]);
  });

  it.each(names)('%s loads with every reference, as the unsplit dump has them', (name) => {
    const r = runs.get(short)!;
    const a = r.info.ids[name];
    const split = references(r.split, a);
    const whole = references(r.whole, a);
    expect(split.length).toBe(r.info.refs[name]);
    expect(whole.length).toBe(r.info.refs[name]);
    const differ = split.findIndex((s, i) => s !== whole[i]);
    expect(differ, `first difference at reference ${differ}: ${split[differ]} vs ${whole[differ]}`).toBe(-1);
  });

  it('predicts what gc.collect() returned after the names were dropped, from either dump', () => {
    const r = runs.get(short)!;
    expect(releaseNames(r.split, r.info)).toBe(r.info.collect);
    expect(releaseNames(r.whole, r.info)).toBe(r.info.collect);
  });
});
