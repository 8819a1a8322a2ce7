/**
 * Dominator tree and retained sizes of the strong-reference graph.
 *
 * A virtual super-root points at every root (roots.ts: objects something outside the dump holds,
 * and immortals). Node d dominates n when every path from the super-root to n passes through d;
 * freeing d would free everything it dominates, so retained(d) = size(d) + Σ retained(children).
 *
 * Algorithm: Semi-NCA, the variant of Lengauer & Tarjan ("A fast algorithm for finding dominators
 * in a flowgraph", TOPLAS 1(1), 1979) described by Georgiadis, Tarjan & Werneck ("Finding
 * dominators in practice", JGAA 10(1), 2006): semidominators exactly as in Lengauer–Tarjan (eval
 * with path compression over a link forest), then each idom is the nearest common ancestor of its
 * DFS parent and its semidominator, found by walking up the partially built tree. It needs no
 * buckets and in practice beats both classic Lengauer–Tarjan and Cooper–Harvey–Kennedy on heap
 * graphs (CHK iterates over all edges until a fixpoint — several full passes on deep heaps).
 * Departures: the DFS and the path compression are iterative (explicit stacks in typed arrays; heaps
 * are millions deep); everything is indexed by DFS preorder number; removed edges are skipped.
 *
 * Garbage: objects no root reaches (dead cycles, what an edit just released) would all get idom
 * −2 and no meaningful retained size. A second forest gives them one: the garbage subgraph's
 * strongly connected components are computed (scc.ts), and every *source* component (no edge in
 * from other garbage) contributes one entry node — its lowest-ordinal member with a finalizer, else
 * its lowest-ordinal member — attached to the super-root after all real roots. So a leaked cycle's
 * entry retains the whole cycle and whatever only it holds, which is what "top by retained size"
 * should show. Edges from garbage into live objects are ignored for live objects' dominators, so
 * the live tree is exactly the one the real roots define. `idom` stays −2 for garbage as the
 * contract says; `treeParent` carries the garbage forest. Start at `computeDominators`.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import type { EditOverlay } from '../whatif/types.js';
import type { DominatorTree } from './types.js';
import { findRoots } from './roots.js';
import { strongComponents } from './scc.js';

/** Preorder DFS state shared by both forests. Arrays are indexed by DFS number; 0 = super-root. */
interface Dfs {
  dfn: Int32Array;
  vertex: Uint32Array;
  parent: Int32Array;
  stackNode: Uint32Array;
  stackEdge: Uint32Array;
  count: number;
}

/** Iterative preorder DFS from `start`, hanging it off the super-root; numbers every node it reaches. */
function dfsFrom(graph: HeapGraph, s: Dfs, start: number, removed: Uint32Array | undefined): void {
  const { dfn, vertex, parent, stackNode, stackEdge } = s;
  const firstOut = graph.firstOutEdge;
  const targets = graph.edgeTargets;
  let c = s.count;
  dfn[start] = c;
  vertex[c] = start;
  parent[c] = 0;
  c++;
  stackNode[0] = start;
  stackEdge[0] = firstOut[start];
  let sp = 1;
  while (sp > 0) {
    const v = stackNode[sp - 1];
    const end = firstOut[v + 1];
    let e = stackEdge[sp - 1];
    for (; e < end; e++) {
      if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
      const w = targets[e];
      if (dfn[w] !== -1) continue;
      dfn[w] = c;
      vertex[c] = w;
      parent[c] = dfn[v];
      c++;
      break;
    }
    if (e < end) {
      stackEdge[sp - 1] = e + 1;
      const w = targets[e];
      stackNode[sp] = w;
      stackEdge[sp] = firstOut[w];
      sp++;
    } else {
      sp--;
    }
  }
  s.count = c;
}

/** Entry nodes of the garbage forest: one per source component of the unvisited subgraph. */
function garbageEntries(graph: HeapGraph, dfn: Int32Array, removed: Uint32Array | undefined, overlay: EditOverlay | undefined): number[] {
  const n = graph.nodeCount;
  const mask = new Uint8Array(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    if (dfn[i] === -1) {
      mask[i] = 1;
      any = true;
    }
  }
  if (!any) return [];
  const { componentOf, count } = strongComponents(graph, overlay, mask);
  const fedFromOutside = new Uint8Array(count);
  const firstIn = graph.firstInEdge;
  const inEdges = graph.inEdges;
  const sources = graph.edgeSources;
  for (let v = 0; v < n; v++) {
    if (!mask[v]) continue;
    const c = componentOf[v];
    for (let i = firstIn[v]; i < firstIn[v + 1]; i++) {
      const e = inEdges[i];
      if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
      // Only garbage can point at garbage, so componentOf[u] is defined.
      if (componentOf[sources[e]] !== c) {
        fedFromOutside[c] = 1;
        break;
      }
    }
  }
  const entry = new Int32Array(count).fill(-1);
  for (let v = 0; v < n; v++) {
    if (!mask[v]) continue;
    const c = componentOf[v];
    if (fedFromOutside[c]) continue;
    if (entry[c] === -1 || (graph.finalizers[entry[c]] === 0 && graph.finalizers[v] !== 0)) entry[c] = v;
  }
  const out: number[] = [];
  for (let c = 0; c < count; c++) if (entry[c] !== -1) out.push(entry[c]);
  return out.sort((a, b) => a - b);
}

/** Dominators and retained sizes over the strong-reference graph, honouring `overlay`. */
export function computeDominators(graph: HeapGraph, overlay?: EditOverlay): DominatorTree {
  const n = graph.nodeCount;
  const removed = overlay?.removedEdges;
  const dfs: Dfs = {
    dfn: new Int32Array(n).fill(-1),
    vertex: new Uint32Array(n + 1),
    parent: new Int32Array(n + 1),
    stackNode: new Uint32Array(n + 1),
    stackEdge: new Uint32Array(n + 1),
    count: 1,
  };
  dfs.vertex[0] = n;
  const roots = findRoots(graph, overlay).list;
  for (let i = 0; i < roots.length; i++) if (dfs.dfn[roots[i]] === -1) dfsFrom(graph, dfs, roots[i], removed);
  const liveCount = dfs.count;
  const entries = garbageEntries(graph, dfs.dfn, removed, overlay);
  for (const e of entries) if (dfs.dfn[e] === -1) dfsFrom(graph, dfs, e, removed);
  const total = dfs.count;
  const { dfn, vertex, parent } = dfs;

  // Semidominators, in decreasing preorder. best[i] = min semi on i's compressed forest path.
  const semi = new Int32Array(total);
  const best = new Int32Array(total);
  const anc = new Int32Array(total).fill(-1);
  const path = dfs.stackNode; // reused as the compression stack
  const firstIn = graph.firstInEdge;
  const inEdges = graph.inEdges;
  const sources = graph.edgeSources;
  for (let i = total - 1; i >= 1; i--) {
    let s = parent[i];
    if (s !== 0) {
      const w = vertex[i];
      const live = i < liveCount;
      const end = firstIn[w + 1];
      for (let k = firstIn[w]; k < end; k++) {
        const e = inEdges[k];
        if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
        const du = dfn[sources[e]];
        if (du < 0 || (live && du >= liveCount)) continue;
        let cand = du;
        if (du > i) {
          // eval(du): compress du's forest path, then best[du] is the least semi on it.
          let u = du;
          let sp = 0;
          while (anc[anc[u]] !== -1) {
            path[sp++] = u;
            u = anc[u];
          }
          while (sp > 0) {
            const x = path[--sp];
            const a = anc[x];
            if (best[a] < best[x]) best[x] = best[a];
            anc[x] = anc[a];
          }
          cand = best[du];
        }
        if (cand < s) s = cand;
      }
    }
    semi[i] = s;
    best[i] = s;
    anc[i] = parent[i];
  }

  // idom = NCA(parent, semi): climb from the parent while above the semidominator.
  const idomDfs = new Int32Array(total);
  for (let i = 1; i < total; i++) {
    let d = parent[i];
    while (d > semi[i]) d = idomDfs[d];
    idomDfs[i] = d;
  }

  // Retained sizes: children have larger preorder numbers than their dominators.
  const sizes = graph.sizes;
  const retained = new Float64Array(total);
  for (let i = 1; i < total; i++) retained[i] = sizes[vertex[i]];
  for (let i = total - 1; i >= 1; i--) retained[idomDfs[i]] += retained[i];

  const idom = new Int32Array(n).fill(-2);
  const treeParent = new Int32Array(n).fill(-1);
  const retainedSizes = new Float64Array(n);
  for (let i = 1; i < total; i++) {
    const v = vertex[i];
    const p = idomDfs[i] === 0 ? -1 : vertex[idomDfs[i]];
    treeParent[v] = p;
    if (i < liveCount) idom[v] = p;
    retainedSizes[v] = retained[i];
  }
  // Unvisited nodes cannot remain (every garbage node lies below a source component), but a
  // corrupt graph must not leave zeros: give any stragglers their own size.
  for (let v = 0; v < n; v++) if (dfn[v] === -1) retainedSizes[v] = sizes[v];
  return { idom, retainedSizes, treeParent, reachableCount: liveCount - 1, garbageEntries: Uint32Array.from(entries) };
}

/** True when `d` dominates `n` (every node dominates itself). Walks treeParent: O(depth). */
export function dominates(tree: DominatorTree, d: number, n: number): boolean {
  const parent = tree.treeParent ?? tree.idom;
  for (let v = n; v >= 0; v = parent[v]) if (v === d) return true;
  return false;
}
