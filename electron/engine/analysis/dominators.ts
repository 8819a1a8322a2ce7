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
import type { DominatorTree, RetainedSizes } from './types.js';
import { isRoot } from './roots.js';
import { subsetComponents } from './scc.js';
import { type AnalysisScratch, int32Of } from './AnalysisScratch.js';

/**
 * Iterative preorder DFS from `start`, hung off the super-root (DFS number 0); numbers every node it
 * reaches from `count` on and returns the next free number. Unvisited nodes have dfn −1, or −3 for
 * roots; rootFlag[c] records which DFS numbers are roots. stackNode/stackEdge are scratch.
 */
function dfsFrom(
  graph: HeapGraph,
  removed: Uint32Array | undefined,
  start: number,
  count: number,
  dfn: Int32Array,
  vertex: Int32Array,
  parent: Int32Array,
  rootFlag: Int32Array,
  stackNode: Int32Array,
  stackEdge: Int32Array,
): number {
  const firstOut = graph.firstOutEdge;
  const targets = graph.edgeTargets;
  let c = count;
  rootFlag[c] = dfn[start] === -3 ? 1 : 0;
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
    let w = -1;
    for (; e < end; e++) {
      if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
      if (dfn[targets[e]] < 0) {
        w = targets[e];
        break;
      }
    }
    if (w < 0) {
      sp--;
      continue;
    }
    stackEdge[sp - 1] = e + 1;
    rootFlag[c] = dfn[w] === -3 ? 1 : 0;
    dfn[w] = c;
    vertex[c] = w;
    parent[c] = dfn[v];
    c++;
    stackNode[sp] = w;
    stackEdge[sp] = firstOut[w];
    sp++;
  }
  return c;
}

/**
 * Entry nodes of the garbage forest: one per source component of the subgraph of nodes with
 * dfn === -1. `localOf` (length >= nodeCount) is scratch.
 */
function garbageEntries(
  graph: HeapGraph,
  dfn: Int32Array,
  localOf: Int32Array,
  overlay: EditOverlay | undefined,
  scratch: AnalysisScratch | undefined,
): Uint32Array {
  const n = graph.nodeCount;
  let g = 0;
  for (let v = 0; v < n; v++) if (dfn[v] === -1) g++;
  if (g === 0) return new Uint32Array(0);
  const nodes = new Uint32Array(g);
  for (let v = 0, k = 0; v < n; v++) {
    if (dfn[v] === -1) {
      localOf[v] = k;
      nodes[k++] = v;
    } else {
      localOf[v] = -1;
    }
  }
  const { componentOf, count } = subsetComponents(graph, nodes, localOf, overlay, scratch);
  const removed = overlay?.removedEdges;
  const fedFromOutside = new Uint8Array(count);
  const firstIn = graph.firstInEdge;
  const inEdges = graph.inEdges;
  const sources = graph.edgeSources;
  for (let k = 0; k < g; k++) {
    const v = nodes[k];
    const c = componentOf[k];
    for (let i = firstIn[v]; i < firstIn[v + 1]; i++) {
      const e = inEdges[i];
      if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
      // Only garbage can point at garbage, so the source has a local number.
      if (componentOf[localOf[sources[e]]] !== c) {
        fedFromOutside[c] = 1;
        break;
      }
    }
  }
  const entry = new Int32Array(count).fill(-1);
  for (let k = 0; k < g; k++) {
    const c = componentOf[k];
    if (fedFromOutside[c]) continue;
    const v = nodes[k];
    if (entry[c] === -1 || (graph.finalizers[entry[c]] === 0 && graph.finalizers[v] !== 0)) entry[c] = v;
  }
  let e = 0;
  for (let c = 0; c < count; c++) if (entry[c] !== -1) entry[e++] = entry[c];
  return Uint32Array.from(entry.subarray(0, e)).sort();
}

/** 4 bytes an object when the heap's total fits in 32 bits: a retained size is at most that total. */
function newRetainedSizes(graph: HeapGraph): RetainedSizes {
  const sizes = graph.sizes;
  let total = 0;
  for (let v = 0; v < graph.nodeCount; v++) total += sizes[v];
  return total <= 0xffffffff ? new Uint32Array(graph.nodeCount) : new Float64Array(graph.nodeCount);
}

/**
 * Dominators and retained sizes over the strong-reference graph, honouring `overlay`. Pass an
 * AnalysisScratch to reuse the five work arrays between calls (the three results are always new).
 */
export function computeDominators(graph: HeapGraph, overlay?: EditOverlay, scratch?: AnalysisScratch): DominatorTree {
  const n = graph.nodeCount;
  const removed = overlay?.removedEdges;
  // Touching fresh memory dominates the cost on big heaps, so eight arrays of nodeCount do all the
  // work, several of them in two roles (noted as "first ... then ...").
  const dfn = new Int32Array(n); // node -> DFS number (−1 unvisited, −3 unvisited root); then the output idom
  const vertex = int32Of(scratch, 'dom.vertex', n + 1); // DFS number -> node; vertex[0] = super-root
  const parent = int32Of(scratch, 'dom.parent', n + 1); // DFS parent; then idom in DFS numbers
  const semi = int32Of(scratch, 'dom.semi', n + 1); // first 1 where the DFS number is a root
  const best = int32Of(scratch, 'dom.best', n + 1); // first the DFS edge stack
  const anc = int32Of(scratch, 'dom.anc', n + 1); // first the DFS node stack and the garbage nodes' local numbers
  const treeParent = new Int32Array(n); // first the path-compression stack
  const retainedSizes = newRetainedSizes(graph);
  vertex[0] = n;

  for (let v = 0; v < n; v++) dfn[v] = isRoot(graph, v, overlay) ? -3 : -1;
  let total = 1;
  for (let v = 0; v < n; v++) {
    if (dfn[v] === -3) total = dfsFrom(graph, removed, v, total, dfn, vertex, parent, semi, anc, best);
  }
  const liveCount = total;
  const entries = garbageEntries(graph, dfn, anc, overlay, scratch);
  for (let k = 0; k < entries.length; k++) {
    if (dfn[entries[k]] === -1) total = dfsFrom(graph, removed, entries[k], total, dfn, vertex, parent, semi, anc, best);
  }

  // Semidominators, in decreasing preorder. best[i] = least semi on i's compressed forest path.
  anc.fill(-1);
  const path = treeParent;
  const firstIn = graph.firstInEdge;
  const inEdges = graph.inEdges;
  const sources = graph.edgeSources;
  for (let i = total - 1; i >= 1; i--) {
    const w = vertex[i];
    const live = i < liveCount;
    let s = parent[i];
    // A root's predecessor is the super-root, even when the DFS reached it from another root.
    if (semi[i] === 1) s = 0;
    // With a single referrer, that referrer is the DFS parent and semi = parent: skip the scan
    // (most heap objects have exactly one).
    const start = firstIn[w];
    const end = firstIn[w + 1];
    if (s !== 0 && end - start > 1) {
      for (let k = start; k < end; k++) {
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

  // idom = NCA(parent, semi): climb from the parent while above the semidominator. In place:
  // parent[d] for d < i already holds idom(d).
  for (let i = 1; i < total; i++) {
    let d = parent[i];
    while (d > semi[i]) d = parent[d];
    parent[i] = d;
  }

  // Outputs and retained sizes in one pass, in decreasing preorder (dominators have smaller
  // numbers than what they dominate, so a node's retained size is complete when it is reached).
  // Unvisited nodes cannot remain (every garbage node lies below a source component), but a
  // corrupt graph must still get defined values: dfn is read for the last time here.
  for (let v = 0; v < n; v++) {
    if (dfn[v] === -1) {
      dfn[v] = -2;
      treeParent[v] = -1;
    }
  }
  const idom = dfn;
  retainedSizes.set(graph.sizes);
  for (let i = total - 1; i >= 1; i--) {
    const v = vertex[i];
    const p = parent[i] === 0 ? -1 : vertex[parent[i]];
    treeParent[v] = p;
    idom[v] = i < liveCount ? p : -2;
    if (p >= 0) retainedSizes[p] += retainedSizes[v];
  }
  return { idom, retainedSizes, treeParent, reachableCount: liveCount - 1, garbageEntries: entries };
}

/** True when `d` dominates `n` (every node dominates itself). Walks treeParent: O(depth). */
export function dominates(tree: DominatorTree, d: number, n: number): boolean {
  const parent = tree.treeParent ?? tree.idom;
  for (let v = n; v >= 0; v = parent[v]) if (v === d) return true;
  return false;
}
