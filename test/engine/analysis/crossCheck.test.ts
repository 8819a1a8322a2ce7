/**
 * findCycles and computeDominators against brute force on small random heaps: SCCs from mutual
 * reachability, dominators from "remove d, is n still reachable from the roots?".
 */
import { describe, expect, it } from 'vitest';
import { HeapGraphBuilder } from '../../../electron/engine/model/HeapGraphBuilder';
import { syntheticHeader } from '../../../electron/engine/model/header';
import type { HeapGraph } from '../../../electron/engine/model/HeapGraph';
import { findCycles } from '../../../electron/engine/analysis/scc';
import { computeDominators } from '../../../electron/engine/analysis/dominators';
import { findRoots } from '../../../electron/engine/analysis/roots';
import { histogram } from '../../../electron/engine/analysis/histogram';
import { AnalysisScratch } from '../../../electron/engine/analysis/AnalysisScratch';
import { minimumCut } from '../../../electron/engine/analysis/minimumCut';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomHeap(seed: number, n: number, edgesPerNode: number, rootChance: number): HeapGraph {
  const rnd = random(seed);
  const edges: number[][] = Array.from({ length: n }, () => []);
  const inDeg = new Array<number>(n).fill(0);
  for (let v = 0; v < n; v++) {
    const k = Math.floor(rnd() * edgesPerNode * 2);
    for (let j = 0; j < k; j++) {
      const t = Math.floor(rnd() * n);
      edges[v].push(t);
      inDeg[t]++;
    }
  }
  const b = new HeapGraphBuilder(n);
  for (let v = 0; v < n; v++) {
    const ext = rnd() < rootChance ? 1 : 0;
    b.addNode({ address: 16 * (v + 1), type: `t${v % 3}`, size: 1 + v, flags: 3, refcount: inDeg[v] + ext, external: ext, edges: edges[v].map((t) => 16 * (t + 1)) });
  }
  return b.finish(syntheticHeader('3.11.7'));
}

function reach(g: HeapGraph, from: number[], blocked = -1): Uint8Array {
  const seen = new Uint8Array(g.nodeCount);
  const stack = from.filter((v) => v !== blocked);
  for (const v of stack) seen[v] = 1;
  while (stack.length) {
    const v = stack.pop()!;
    for (let e = g.firstOutEdge[v]; e < g.firstOutEdge[v + 1]; e++) {
      const t = g.edgeTargets[e];
      if (t !== blocked && !seen[t]) {
        seen[t] = 1;
        stack.push(t);
      }
    }
  }
  return seen;
}

describe('analyses agree with brute force on random heaps', () => {
  it('puts two nodes in one cycle exactly when each reaches the other', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const g = randomHeap(seed, 25, 1.2, 0.2);
      const cycles = findCycles(g);
      const r = Array.from({ length: g.nodeCount }, (_, v) => reach(g, [...Array.from({ length: g.firstOutEdge[v + 1] - g.firstOutEdge[v] }, (_, i) => g.edgeTargets[g.firstOutEdge[v] + i])]));
      for (let a = 0; a < g.nodeCount; a++) {
        const onCycle = r[a][a] === 1;
        expect(cycles.cycleOf[a] >= 0, `seed ${seed} node ${a}`).toBe(onCycle);
        for (let b = 0; b < g.nodeCount; b++) {
          if (a === b || !onCycle) continue;
          const same = r[a][b] === 1 && r[b][a] === 1;
          expect(cycles.cycleOf[a] === cycles.cycleOf[b], `seed ${seed} ${a},${b}`).toBe(same);
        }
      }
    }
  });

  it('finds for each reachable node the immediate dominator brute force finds', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const g = randomHeap(seed, 30, 1.5, 0.1);
      const roots = [...findRoots(g).list];
      const reachable = reach(g, roots);
      const dom = computeDominators(g);
      // doms[n] = nodes d whose removal cuts n off (d !== n); roots have none.
      for (let v = 0; v < g.nodeCount; v++) {
        if (!reachable[v]) {
          expect(dom.idom[v]).toBe(-2);
          continue;
        }
        const doms: number[] = [];
        for (let d = 0; d < g.nodeCount; d++) if (d !== v && reachable[d] && !reach(g, roots, d)[v]) doms.push(d);
        // The immediate dominator is the dominator that every other dominator dominates: the one
        // with the most dominators of its own.
        let expected = -1;
        let most = -1;
        for (const d of doms) {
          const count = doms.filter((x) => x !== d && !reach(g, roots, x)[d]).length;
          if (count > most) {
            most = count;
            expected = d;
          }
        }
        expect(dom.idom[v], `seed ${seed} node ${v}`).toBe(expected);
      }
      // Retained size = size + sizes of the nodes it dominates.
      for (let d = 0; d < g.nodeCount; d++) {
        if (!reachable[d]) continue;
        const cut = reach(g, roots, d);
        let sum = g.sizes[d];
        for (let v = 0; v < g.nodeCount; v++) if (v !== d && reachable[v] && !cut[v]) sum += g.sizes[v];
        expect(dom.retainedSizes[d], `seed ${seed} retained ${d}`).toBe(sum);
      }
    }
  });

  it('gives each type the bytes freed if every object of that type went', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const g = randomHeap(seed, 40, 1.3, 0.15);
      const dom = computeDominators(g);
      const parent = dom.treeParent!;
      const expected = new Map<string, number>();
      for (let v = 0; v < g.nodeCount; v++) {
        const seen = new Set<string>();
        for (let x = v; x >= 0; x = parent[x]) seen.add(g.strings.get(g.typeIds[x]));
        for (const t of seen) expected.set(t, (expected.get(t) ?? 0) + g.sizes[v]);
      }
      for (const row of histogram(g, { dominators: dom })) expect(row.retainedBytes, `seed ${seed} ${row.type}`).toBe(expected.get(row.type));
    }
  });

  it('gives the same answers when one scratch is reused across heaps of different sizes', () => {
    const scratch = new AnalysisScratch();
    for (let seed = 1; seed <= 30; seed++) {
      const g = randomHeap(seed, 10 + ((seed * 7) % 40), 1.4, 0.1);
      expect(findCycles(g, undefined, scratch), `seed ${seed}`).toEqual(findCycles(g));
      const dom = computeDominators(g, undefined, scratch);
      expect(dom, `seed ${seed}`).toEqual(computeDominators(g));
      expect(histogram(g, { dominators: dom, scratch }), `seed ${seed}`).toEqual(histogram(g, { dominators: dom }));
    }
  });

  it('finds a cut that frees the target and no cheaper one exists', () => {
    let checked = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const g = randomHeap(seed, 9, 1.1, 0.25);
      const roots = findRoots(g);
      const target = g.nodeCount - 1;
      const cut = minimumCut(g, target, { maxCut: 64 });
      if (cut.status === 'not-retained') {
        expect(reach(g, [...roots.list])[target]).toBe(0);
        continue;
      }
      expect(cut.status).toBe('ok');
      // Items: every edge (cost 1) and every root (cost = its outside count).
      const items: { edge?: number; root?: number; cost: number }[] = [];
      for (let e = 0; e < g.edgeCount; e++) if (g.edgeSources[e] !== g.edgeTargets[e]) items.push({ edge: e, cost: 1 });
      for (const r of roots.list) items.push({ root: r, cost: roots.outside[r] });
      const frees = (chosen: Set<number>): boolean => {
        const seen = new Uint8Array(g.nodeCount);
        const stack = [...roots.list].filter((r) => !chosen.has(items.findIndex((it) => it.root === r)));
        for (const v of stack) seen[v] = 1;
        while (stack.length) {
          const v = stack.pop()!;
          for (let e = g.firstOutEdge[v]; e < g.firstOutEdge[v + 1]; e++) {
            const t = g.edgeTargets[e];
            if (seen[t] || chosen.has(items.findIndex((it) => it.edge === e))) continue;
            seen[t] = 1;
            stack.push(t);
          }
        }
        return !seen[target];
      };
      const mine = new Set<number>();
      for (const e of cut.edges) mine.add(items.findIndex((it) => it.edge === e));
      for (const x of cut.externalReleases) mine.add(items.findIndex((it) => it.root === x.node));
      expect(frees(mine), `seed ${seed}`).toBe(true);
      expect(cut.size).toBe(cut.edges.length + cut.externalReleases.reduce((a, x) => a + x.count, 0));
      if (items.length > 16) continue;
      checked++;
      for (let m = 0; m < 1 << items.length; m++) {
        let cost = 0;
        const chosen = new Set<number>();
        for (let i = 0; i < items.length; i++) {
          if (!(m & (1 << i))) continue;
          cost += items[i].cost;
          chosen.add(i);
        }
        if (cost < cut.size) expect(frees(chosen), `seed ${seed} cheaper cut ${m}`).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});
