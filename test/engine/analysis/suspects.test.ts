/**
 * Leak suspects, owner paths, the root tree and merged paths on hand-built heaps shaped like
 * CPython's: sys.modules → module __main__ → its namespace → the user's objects.
 */
import { describe, expect, it } from 'vitest';
import { heap, type DslNode } from '../heapDsl.js';
import { computeDominators } from '../../../electron/engine/analysis/dominators.js';
import { simulate } from '../../../electron/engine/gc/simulate.js';
import { findSuspects } from '../../../electron/engine/analysis/suspects/findSuspects.js';
import { pythonContext } from '../../../electron/engine/analysis/suspects/pythonContext.js';
import { rootTree } from '../../../electron/engine/analysis/suspects/rootTree.js';
import { ownerPath } from '../../../electron/engine/analysis/suspects/ownerPath.js';
import { mergedPaths } from '../../../electron/engine/analysis/suspects/mergedPaths.js';
import { resolveType } from '../../../electron/engine/analysis/suspects/typeNames.js';

const KiB = 1024;

/** sys.modules (held from outside) → __main__ → its namespace holding `user` under their names. */
function pyHeap(user: Record<string, string>, extra: Record<string, DslNode>, python = '3.11.7') {
  return heap(python, {
    SYSMOD: { type: 'dict', ext: 1, refs: [['MAIN', "['__main__']"], ['SYS', "['sys']"]] },
    SYS: { type: 'module', repr: 'sys', refs: [['SYSD', '__dict__']] },
    SYSD: { type: 'dict', refs: [['SYSMOD', "['modules']"]] },
    MAIN: { type: 'module', repr: '__main__', refs: [['MD', '__dict__']] },
    MD: { type: 'dict', refs: Object.entries(user).map(([name, node]): [string, string] => [node, `['${name}']`]) },
    ...extra,
  });
}

function items(prefix: string, n: number, node: DslNode): Record<string, DslNode> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, { ...node }]));
}

function suspectsOf(h: ReturnType<typeof heap>, opts = {}) {
  const graph = h.graph;
  return findSuspects({ graph, dominators: computeDominators(graph), simulation: simulate(graph) }, opts);
}

describe('findSuspects', () => {
  it('names a list of 12 records held by an instance attribute by its path, with count and bytes', () => {
    const recs = items('R', 12, { type: '__main__.Record', size: 8 * KiB });
    const h = pyHeap(
      { recent: 'H', Handler: 'CLS' },
      {
        CLS: { type: 'type', isType: true, repr: '__main__.Handler' },
        H: { type: '__main__.Handler', refs: [['REC', '.records'], ['CLS', '__class__']] },
        REC: { type: 'list', refs: Object.keys(recs).map((r, i): [string, string] => [r, `[${i}]`]) },
        ...recs,
      },
    );
    const [s] = suspectsOf(h);
    expect(s.owner).toBe(h.id('REC'));
    expect(s.path).toBe("sys.modules['__main__'].recent.records");
    expect(s.kind).toBe('accumulation');
    expect(s.holds[0]).toEqual({ type: '__main__.Record', count: 12, bytes: 12 * 8 * KiB });
    expect(s.held.length).toBe(12);
    expect(s.reason).toContain('12 × __main__.Record');
  });

  it('reports a dict of lists one level down and not each list again', () => {
    const lists: Record<string, DslNode> = {};
    const dictRefs: [string, string][] = [];
    for (let k = 0; k < 3; k++) {
      const members = items(`S${k}_`, 5, { type: '__main__.Sample', size: 8 * KiB });
      Object.assign(lists, members);
      lists[`L${k}`] = { type: 'list', refs: Object.keys(members).map((m, i): [string, string] => [m, `[${i}]`]) };
      dictRefs.push([`L${k}`, `['sensor-${k}']`]);
    }
    const h = pyHeap({ history: 'D' }, { D: { type: 'dict', refs: dictRefs }, ...lists });
    const found = suspectsOf(h);
    expect(found).toHaveLength(1);
    expect(found[0].owner).toBe(h.id('D'));
    expect(found[0].holds[0]).toMatchObject({ type: '__main__.Sample', count: 15 });
    expect(found[0].reason).toContain('one level down in 3 containers');
  });

  it('picks the list, not the instance namespace, when only one of its attributes accumulates (≤ 3.10 layout)', () => {
    const recs = items('R', 10, { type: '__main__.Record', size: 8 * KiB });
    const h = pyHeap(
      { recent: 'H' },
      {
        H: { type: '__main__.Handler', refs: [['HD', '__dict__']] },
        HD: { type: 'dict', refs: [['REC', "['records']"], ['FILTERS', "['filters']"]] },
        FILTERS: { type: 'list' },
        REC: { type: 'list', refs: Object.keys(recs).map((r, i): [string, string] => [r, `[${i}]`]) },
        ...recs,
      },
      '3.8.18',
    );
    const [s] = suspectsOf(h);
    expect(s.owner).toBe(h.id('REC'));
    expect(s.path).toBe("sys.modules['__main__'].recent.records");
  });

  it('finds nothing below the thresholds, and never a module namespace full of functions', () => {
    const small = items('R', 12, { type: '__main__.Record', size: 100 });
    const funcs = items('F', 20, { type: 'function', size: 8 * KiB });
    const h = pyHeap(
      { ...Object.fromEntries(Object.keys(funcs).map((f) => [f.toLowerCase(), f])), few: 'L' },
      { L: { type: 'list', refs: Object.keys(small) }, ...small, ...funcs },
    );
    expect(suspectsOf(h, { bigShare: 1 })).toEqual([]);
  });

  it('calls bound methods kept in a list a registry and names the objects they keep', () => {
    const nodes: Record<string, DslNode> = { FN: { type: 'function', repr: 'Listener.on_event' } };
    const refs: [string, string][] = [];
    for (let i = 0; i < 10; i++) {
      nodes[`M${i}`] = { type: 'method', refs: [['FN', '__func__'], [`O${i}`, '__self__']] };
      nodes[`O${i}`] = { type: '__main__.Listener', size: 8 * KiB };
      refs.push([`M${i}`, `[${i}]`]);
    }
    const h = pyHeap({ callbacks: 'L', f: 'FN' }, { L: { type: 'list', refs }, ...nodes });
    const [s] = suspectsOf(h);
    expect(s.kind).toBe('registry');
    expect(s.reason).toContain('10 × __main__.Listener alive through __self__');
  });

  it('recognises records that keep tracebacks, and the frames they keep', () => {
    const nodes: Record<string, DslNode> = { CODE: { type: 'code', gc: false, repr: 'handle_job job.py:3' } };
    const refs: [string, string][] = [];
    for (let i = 0; i < 10; i++) {
      nodes[`R${i}`] = { type: 'logging.LogRecord', refs: [[`T${i}`, '.exc_info']] };
      nodes[`T${i}`] = { type: 'traceback', refs: [`F${i}`] };
      nodes[`F${i}`] = { type: 'frame', refs: [['CODE', 'f_code'], [`P${i}`, null as unknown as string]] };
      nodes[`P${i}`] = { type: '__main__.Payload', size: 8 * KiB };
      refs.push([`R${i}`, `[${i}]`]);
    }
    const h = pyHeap({ records: 'L' }, { L: { type: 'list', refs }, ...nodes });
    const [s] = suspectsOf(h);
    expect(s.kind).toBe('traceback');
    expect(s.reason).toContain('frames of handle_job');
  });

  it('reports uncollectable garbage by the object that pins it, and pending garbage above the threshold', () => {
    const h = pyHeap(
      {},
      {
        A: { type: '__main__.A', fin: 'del', refs: [['AD', '__dict__']] },
        AD: { type: 'dict', refs: [['A', "['me']"]] },
        C1: { type: '__main__.C', size: 40 * KiB, refs: ['C2'] },
        C2: { type: '__main__.C', size: 40 * KiB, refs: ['C1'] },
      },
      '2.7.18',
    );
    const found = suspectsOf(h);
    const unc = found.find((s) => s.kind === 'uncollectable')!;
    expect(unc.owner).toBe(h.id('A'));
    expect(unc.path).toBe('gc.garbage[0]');
    expect(unc.held.length).toBe(2);
    const pending = found.find((s) => s.kind === 'pending-garbage')!;
    expect(pending.path).toBeNull();
    expect(pending.retainedBytes).toBe(80 * KiB);
    expect(pending.holds).toEqual([{ type: '__main__.C', count: 2, bytes: 80 * KiB }]);
  });

  it('sums garbage groups too small to report alone into one suspect without an owner', () => {
    const cycles: Record<string, DslNode> = {};
    for (let i = 0; i < 10; i++) {
      cycles[`X${i}`] = { type: '__main__.Node', size: 4 * KiB, refs: [`Y${i}`] };
      cycles[`Y${i}`] = { type: '__main__.Node', size: 4 * KiB, refs: [`X${i}`] };
    }
    const found = suspectsOf(pyHeap({}, cycles));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'pending-garbage', owner: -1, path: null, retainedBytes: 80 * KiB });
    expect(found[0].reason).toContain('in 10 unreachable groups');
  });

  it('reports a big retainer that no accumulation explains', () => {
    const h = pyHeap({ blob: 'B' }, { B: { type: '__main__.Blob', refs: [['BUF', '.data']] }, BUF: { type: 'bytearray', size: 512 * KiB } });
    const [s] = suspectsOf(h);
    expect(s.kind).toBe('big-retainer');
    expect(s.owner).toBe(h.id('B'));
    expect(s.path).toBe("sys.modules['__main__'].blob");
  });
});

describe('rootTree and ownerPath', () => {
  it('prefers a module root and labelled edges among equally short paths', () => {
    const h = heap('3.11.7', {
      ANON: { type: 'tuple', ext: 1, refs: ['X'] },
      M: { type: 'module', repr: 'app', ext: 1, refs: [['MD', '__dict__']] },
      MD: { type: 'dict', refs: [['X', "['x']"]] },
      X: { type: 'list' },
    });
    const ctx = pythonContext(h.graph);
    const tree = rootTree(h.graph);
    expect(tree.depth[h.id('X')]).toBe(1);
    expect(ownerPath(ctx, tree, h.id('X'))).toBe('tuple@0x1000 → list');
    expect(ownerPath(ctx, tree, h.id('MD'))).toBe('app');
    expect(tree.parentEdge[h.id('ANON')]).toBe(-1);
  });

  it('has no path for garbage', () => {
    const h = heap('3.11.7', { A: { type: 'list', refs: ['B'] }, B: { type: 'list', refs: ['A'] } });
    expect(ownerPath(pythonContext(h.graph), rootTree(h.graph), h.id('A'))).toBeNull();
  });
});

describe('mergedPaths', () => {
  const recs = items('R', 4, { type: '__main__.Record', size: 100 });
  const h = pyHeap(
    { recent: 'L', other: 'O' },
    {
      L: { type: 'list', refs: [...Object.keys(recs).map((r, i): [string, string] => [r, `[${i}]`]), ['INNER', '[4]']] },
      INNER: { type: '__main__.Record', size: 100, refs: [['NESTED', '.child']] },
      NESTED: { type: '__main__.Record', size: 100 },
      O: { type: '__main__.Record', size: 100 },
      G1: { type: '__main__.Record', size: 100, refs: ['G2'] },
      G2: { type: 'list', refs: ['G1'] },
      ...recs,
    },
  );
  const g = h.graph;
  const ctx = pythonContext(g);
  const tree = rootTree(g);
  const dom = computeDominators(g);
  const all = resolveType(g, 'Record');
  if ('error' in all) throw new Error(all.error);

  it('merges list items into one [*] branch and keeps namespace names', () => {
    const merged = mergedPaths(ctx, tree, dom, all.nodes);
    const texts = merged.branches.map((b) => `${b.count} ${b.text}`);
    expect(texts).toContain("5 5 × __main__.Record ← list[*] ← module __main__.recent ← sys.modules['__main__']");
    expect(texts).toContain("1 1 × __main__.Record ← __main__.Record.child ← list[*] ← module __main__.recent ← sys.modules['__main__']");
    expect(texts).toContain("1 1 × __main__.Record ← module __main__.other ← sys.modules['__main__']");
    expect(merged.nodes.find((n) => n.step === 'garbage (no root)')?.count).toBe(1);
    expect(merged.members).toBe(8);
  });

  it('does not count a member another member dominates twice in retained bytes', () => {
    const merged = mergedPaths(ctx, tree, dom, all.nodes);
    const top = merged.nodes.find((n) => n.step === 'sys.modules')!;
    // 7 reachable members of 100 B each; NESTED is inside INNER's retained size.
    expect(top.retainedBytes).toBe(700);
    expect(top.bytes).toBe(700);
  });

  it('cuts long paths at maxDepth', () => {
    const merged = mergedPaths(ctx, tree, dom, [h.id('NESTED')], { maxDepth: 2 });
    expect(merged.nodes[0].step.startsWith('… ')).toBe(true);
    expect(merged.branches[0].count).toBe(1);
  });
});

describe('resolveType', () => {
  it('takes a qualified name, an unambiguous bare name, and explains the rest', () => {
    const h = heap('3.11.7', { A: { type: 'a.Item' }, B: { type: 'b.Item' }, C: { type: 'a.Other' } });
    expect(resolveType(h.graph, 'a.Item')).toMatchObject({ name: 'a.Item' });
    expect(resolveType(h.graph, 'Other')).toMatchObject({ name: 'a.Other' });
    expect(resolveType(h.graph, 'Item')).toEqual({ error: 'type Item is ambiguous: a.Item, b.Item' });
    expect(resolveType(h.graph, 'Nope')).toEqual({ error: 'no object of type Nope in this dump' });
  });
});
