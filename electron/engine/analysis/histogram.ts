/**
 * Histogram by type: how many objects of each type, their shallow bytes, and the bytes they retain.
 *
 * Retained bytes of a type must not count anything twice: when a list dominates a dict that
 * dominates another list, the inner list's retained size is already inside the outer one's. The
 * usual shortcut (DevTools, MAT) sums the retained sizes of objects whose *immediate* dominator is
 * of another type, which still double-counts across an intervening type as in that example. Here
 * the dominator forest is walked once, depth first (iteratively), keeping per type the number of
 * open ancestors of that type; an object adds its retained size only when no ancestor of its type
 * is open. So a type's retained bytes = bytes freed if every object of that type went — exact, in
 * O(nodes). With a node mask (e.g. only uncollectable objects), only masked objects are counted
 * and only masked ancestors block. Garbage uses the garbage forest of dominators.ts (`treeParent`).
 * Start at `histogram`.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import type { DominatorTree, HistogramRow } from './types.js';
import { type AnalysisScratch, int32Of } from './AnalysisScratch.js';

export interface HistogramOptions {
  /** Needed for retained bytes; without it retainedBytes is 0. */
  dominators?: DominatorTree;
  /** Only nodes with mask[n] !== 0 are counted. */
  mask?: Uint8Array;
  /** Default 'retained' (then bytes, count, name). */
  sortBy?: 'retained' | 'bytes' | 'count';
  /** Reuse work arrays between calls. */
  scratch?: AnalysisScratch;
}

/** Per type retained bytes, as described in the file header; indexed by dense type number. */
function retainedByType(
  graph: HeapGraph,
  tree: DominatorTree,
  mask: Uint8Array | undefined,
  dense: Int32Array,
  typeCount: number,
  scratch: AnalysisScratch | undefined,
): Float64Array {
  const n = graph.nodeCount;
  const parent = tree.treeParent ?? tree.idom;
  const typeIds = graph.typeIds;
  const retained = tree.retainedSizes;
  // Children CSR of the dominator forest.
  const firstChild = int32Of(scratch, 'hist.firstChild', n + 2).fill(0);
  for (let v = 0; v < n; v++) if (parent[v] >= 0) firstChild[parent[v] + 2]++;
  for (let v = 0; v < n; v++) firstChild[v + 2] += firstChild[v + 1];
  const children = int32Of(scratch, 'hist.children', firstChild[n + 1]);
  for (let v = 0; v < n; v++) if (parent[v] >= 0) children[firstChild[parent[v] + 1]++] = v;
  // Now children of v are children[firstChild[v] .. firstChild[v+1]-1].

  const byType = new Float64Array(typeCount);
  const open = new Int32Array(typeCount);
  // DFS with a stack of nodes to enter only; the path back to the forest root is walked through
  // `parent` ("closing" nodes) when the next node to enter is not a child of the current one.
  const stack = int32Of(scratch, 'hist.stack', n);
  for (let r = 0; r < n; r++) {
    if (parent[r] >= 0) continue;
    let cur = -1;
    let sp = 0;
    stack[sp++] = r;
    while (sp > 0) {
      const x = stack[--sp];
      const p = parent[x] < 0 ? -1 : parent[x];
      for (; cur !== p; cur = parent[cur] < 0 ? -1 : parent[cur]) if (!mask || mask[cur]) open[dense[typeIds[cur]]]--;
      if (!mask || mask[x]) {
        const t = dense[typeIds[x]];
        if (open[t] === 0) byType[t] += retained[x];
        open[t]++;
      }
      cur = x;
      for (let i = firstChild[x]; i < firstChild[x + 1]; i++) stack[sp++] = children[i];
    }
    for (; cur !== -1; cur = parent[cur] < 0 ? -1 : parent[cur]) if (!mask || mask[cur]) open[dense[typeIds[cur]]]--;
  }
  return byType;
}

/** One row per type present (in the mask), sorted as `opts.sortBy` says. */
export function histogram(graph: HeapGraph, opts: HistogramOptions = {}): HistogramRow[] {
  const n = graph.nodeCount;
  const mask = opts.mask;
  const typeIds = graph.typeIds;
  const sizes = graph.sizes;
  // Type ids index the string table (types, labels, reprs): renumber the types densely.
  const dense = int32Of(opts.scratch, 'hist.dense', graph.strings.size).fill(-1);
  const typeOf: number[] = [];
  for (let v = 0; v < n; v++) {
    const t = typeIds[v];
    if (dense[t] === -1) {
      dense[t] = typeOf.length;
      typeOf.push(t);
    }
  }
  const counts = new Float64Array(typeOf.length);
  const bytes = new Float64Array(typeOf.length);
  for (let v = 0; v < n; v++) {
    if (mask && !mask[v]) continue;
    const d = dense[typeIds[v]];
    counts[d]++;
    bytes[d] += sizes[v];
  }
  const retained = opts.dominators ? retainedByType(graph, opts.dominators, mask, dense, typeOf.length, opts.scratch) : undefined;
  const rows: HistogramRow[] = [];
  for (let d = 0; d < typeOf.length; d++) {
    if (counts[d] === 0) continue;
    const t = typeOf[d];
    rows.push({ typeId: t, type: graph.strings.get(t), count: counts[d], bytes: bytes[d], retainedBytes: retained ? retained[d] : 0 });
  }
  const by = opts.sortBy ?? 'retained';
  rows.sort(
    (a, b) =>
      (by === 'retained' ? b.retainedBytes - a.retainedBytes : 0) ||
      (by === 'count' ? b.count - a.count : 0) ||
      b.bytes - a.bytes ||
      b.count - a.count ||
      (a.type < b.type ? -1 : a.type > b.type ? 1 : 0),
  );
  return rows;
}
