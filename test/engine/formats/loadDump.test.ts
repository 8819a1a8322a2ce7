import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDump, type LoadProgress } from '../../../electron/engine/formats/index';
import { Finalizer, NodeFlag, type HeapGraph, isTraversedEdge, typeName } from '../../../electron/engine/model/HeapGraph';

const fixture = join(import.meta.dirname, '../../fixtures/dumps/small-3.11.jsonl');
const A = (i: number): number => 140_000_000_000_000 + i * 16;
/** Fixture object index (file order) -> address; see test/fixtures/dumps/small-3.11.jsonl. */
const obj = { mod: 0, globals: 1, inst: 3, idict: 4, weakref: 7, cls: 8, func: 9, code: 10, int42: 11, gen: 12, protoDict: 14, esc: 16, legacy: 17 };

function node(g: HeapGraph, i: number): number {
  return g.index.get(A(i));
}
function outLabels(g: HeapGraph, n: number): string[] {
  const out: string[] = [];
  for (let e = g.firstOutEdge[n]; e < g.firstOutEdge[n + 1]; e++) out.push(g.strings.get(g.edgeLabels[e]));
  return out;
}

describe('loadDump on the small 3.11 fixture', () => {
  let g: HeapGraph;
  let progress: LoadProgress[];
  beforeAll(async () => {
    progress = [];
    const loaded = await loadDump(fixture, { onProgress: (p) => progress.push(p) });
    g = loaded.graph;
    expect(loaded.format).toBe('heapscope');
    expect(loaded.bytes).toBe(readFileSync(fixture).length);
    expect(loaded.contentHash).toBe(createHash('sha256').update(readFileSync(fixture)).digest('hex'));
  });

  it('reads every object and edge', () => {
    expect(g.nodeCount).toBe(18);
    expect(g.edgeCount).toBe(18);
    expect(g.header.python).toMatchObject({ version: '3.11.7', major: 3, minor: 11, micro: 7 });
    expect(g.header.gc.threshold).toEqual([700, 10, 10]);
    expect(g.header.notes).toEqual(['hand-made fixture']);
  });

  it('keeps refcounts, external counts and flags as dumped', () => {
    const i42 = node(g, obj.int42);
    expect(g.refcounts[i42]).toBe(5);
    expect(g.externalRefs[i42]).toBe(4);
    expect(g.flags[node(g, obj.cls)]).toBe(NodeFlag.Gc | NodeFlag.Tracked | NodeFlag.IsType);
    expect(typeName(g, node(g, obj.inst))).toBe('__main__.CGcLeak');
  });

  it('maps finalizer kinds', () => {
    expect(g.finalizers[node(g, obj.inst)]).toBe(Finalizer.Del);
    expect(g.finalizers[node(g, obj.gen)]).toBe(Finalizer.TpFinalize);
    expect(g.finalizers[node(g, obj.legacy)]).toBe(Finalizer.TpDel);
    expect(g.finalizers[node(g, obj.idict)]).toBe(Finalizer.None);
  });

  it('resolves weak targets and keeps them out of the strong edges', () => {
    const w = node(g, obj.weakref);
    expect(g.weakTargets[w]).toBe(node(g, obj.inst));
    expect(g.flags[w] & NodeFlag.WeakCallback).toBeTruthy();
    expect(g.edgeTargets[g.firstOutEdge[w]]).toBe(node(g, obj.func));
    expect(g.weakTargets[node(g, obj.inst)]).toBe(-1);
  });

  it('keeps labels in get_referents order and marks edges hidden from tp_traverse', () => {
    expect(outLabels(g, node(g, obj.globals))).toEqual(["<'_b'>", "['_b']", "<'w'>", "['w']", "<'__proto__'>", "['__proto__']"]);
    expect(outLabels(g, node(g, obj.weakref))).toEqual(['']);
    const code = node(g, obj.code);
    expect(g.hiddenEdgeCounts[code]).toBe(1);
    expect(isTraversedEdge(g, g.firstOutEdge[code])).toBe(false);
    expect(isTraversedEdge(g, g.firstOutEdge[node(g, obj.func)])).toBe(true);
  });

  it('builds referrers (in-edges)', () => {
    const inst = node(g, obj.inst);
    const sources = [];
    for (let k = g.firstInEdge[inst]; k < g.firstInEdge[inst + 1]; k++) sources.push(g.edgeSources[g.inEdges[k]]);
    expect(sources).toEqual([node(g, obj.globals), node(g, obj.idict)]);
  });

  it('decodes escaped strings and ignores unknown fields and record kinds', () => {
    expect(g.strings.get(g.reprIds[node(g, obj.esc)])).toBe('say "hi"\né');
    expect(g.strings.get(g.reprIds[node(g, obj.mod)])).toBe('__main__');
  });

  it('records holder names', () => {
    expect(g.holderNames).toEqual([
      { node: node(g, obj.inst), holder: 'module __main__', name: '_b' },
      { node: node(g, obj.gen), holder: 'frame main', name: 'g' },
    ]);
  });

  it('treats "__proto__" and "constructor" as plain data', () => {
    expect(Object.getPrototypeOf(g.header.raw)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(outLabels(g, node(g, obj.protoDict))).toEqual(["<'constructor'>", "['constructor']"]);
  });

  it('reports reading, indexing and linking progress', () => {
    const phases = [...new Set(progress.map((p) => p.phase))];
    expect(phases).toEqual(['reading', 'indexing', 'linking']);
    expect(progress.at(-1)!.objects).toBe(18);
  });

  it('loads the same graph from gzip', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-'));
    const gz = join(dir, 'small.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture)));
    const loaded = await loadDump(gz);
    expect(loaded.graph.nodeCount).toBe(18);
    expect(Array.from(loaded.graph.edgeTargets)).toEqual(Array.from(g.edgeTargets));
    expect(loaded.contentHash).toBe(createHash('sha256').update(readFileSync(gz)).digest('hex'));
  });

  it('loads inside a worker_thread', async () => {
    // The worker registers tsx itself (--import in execArgv does not reach worker threads here).
    const entry = pathToFileURL(join(import.meta.dirname, 'loadInWorker.ts')).href;
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
    const worker = new Worker(boot, { eval: true, workerData: { path: fixture } });
    const result = await new Promise<Record<string, unknown>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(result).toEqual({ nodes: 18, edges: 18, hash: createHash('sha256').update(readFileSync(fixture)).digest('hex'), phases: ['reading', 'indexing', 'linking'] });
  });
});
