/**
 * Three ways to look at what holds memory, paged for the views: the class summary (per type:
 * count, shallow and retained bytes — DevTools' Summary), the dominator tree one level at a time
 * (children by retained size), and the retainers tree (an object's referrers, nearest to a root
 * first, each with its distance from the roots — DevTools' Retainers pane). Derived arrays are
 * cached per session and rebuilt when the dominator tree is replaced. Start at `classSummary`.
 */
import type {
  ClassSummaryRequest,
  ClassSummaryResponse,
  DominatorChildrenRequest,
  DominatorChildrenResponse,
  RetainersRequest,
  RetainersResponse,
} from '../../../../shared/suspectsApi.js';
import type { DominatorTree, HistogramRow } from '../../analysis/types.js';
import { histogram } from '../../analysis/histogram.js';
import { isEdgeRemoved } from '../../whatif/types.js';
import type { SessionContext } from '../context.js';
import { clampPage, nodeOf, summarize } from './summary.js';
import { sessionRootTree } from './suspects.js';

interface StructureCache {
  dom: DominatorTree;
  histogram?: HistogramRow[];
  /** Dominator-forest children CSR; slot n holds the top level. */
  firstChild?: Uint32Array;
  children?: Uint32Array;
  sorted?: Set<number>;
}

const caches = new WeakMap<SessionContext, StructureCache>();

/** Lets go of the histogram and dominator-forest children of the tree an edit replaces. */
export function forgetStructure(session: SessionContext): void {
  caches.delete(session);
}

function cacheOf(session: SessionContext): StructureCache {
  const dom = session.dominators();
  let c = caches.get(session);
  if (!c || c.dom !== dom) caches.set(session, (c = { dom }));
  return c;
}

export function classSummary(session: SessionContext, req: ClassSummaryRequest): ClassSummaryResponse {
  const c = cacheOf(session);
  c.histogram ??= histogram(session.graph, { dominators: c.dom, sortBy: 'retained' });
  const sort = req.sort ?? 'retained';
  const needle = (req.filter ?? '').toLowerCase();
  let rows = needle ? c.histogram.filter((r) => r.type.toLowerCase().includes(needle)) : c.histogram.slice();
  if (sort !== 'retained') rows = rows.sort((a, b) => (sort === 'count' ? b.count - a.count : b.bytes - a.bytes) || b.retainedBytes - a.retainedBytes);
  const { start, count } = clampPage(req.start, req.count, 500);
  return { start, total: rows.length, rows: rows.slice(start, start + count).map(({ type, count: n, bytes, retainedBytes }) => ({ type, count: n, bytes, retainedBytes })) };
}

/** Children lists of the dominator forest (treeParent), the top level in slot nodeCount. */
function forest(session: SessionContext, c: StructureCache): { firstChild: Uint32Array; children: Uint32Array } {
  if (c.firstChild && c.children) return { firstChild: c.firstChild, children: c.children };
  const n = session.graph.nodeCount;
  const parent = c.dom.treeParent ?? c.dom.idom;
  const slot = (v: number): number => (parent[v] >= 0 ? parent[v] : n);
  const firstChild = new Uint32Array(n + 2);
  for (let v = 0; v < n; v++) firstChild[slot(v) + 1]++;
  for (let i = 0; i <= n; i++) firstChild[i + 1] += firstChild[i];
  const fill = firstChild.slice(0, n + 1);
  const children = new Uint32Array(n);
  for (let v = 0; v < n; v++) children[fill[slot(v)]++] = v;
  c.firstChild = firstChild;
  c.children = children;
  c.sorted = new Set();
  return { firstChild, children };
}

export function dominatorChildren(session: SessionContext, req: DominatorChildrenRequest): DominatorChildrenResponse {
  const c = cacheOf(session);
  const { firstChild, children } = forest(session, c);
  const n = session.graph.nodeCount;
  const s = req.address === undefined ? n : nodeOf(session, req.address);
  const from = firstChild[s];
  const to = firstChild[s + 1];
  if (!c.sorted!.has(s)) {
    const retained = c.dom.retainedSizes;
    children.subarray(from, to).sort((a, b) => retained[b] - retained[a] || a - b);
    c.sorted!.add(s);
  }
  const { start, count } = clampPage(req.start, req.count, 500);
  const rows = [];
  for (let i = from + start; i < Math.min(to, from + start + count); i++) {
    const v = children[i];
    rows.push({ object: summarize(session, v), children: firstChild[v + 1] - firstChild[v] });
  }
  return { start, total: to - from, rows };
}

export function retainers(session: SessionContext, req: RetainersRequest): RetainersResponse {
  const g = session.graph;
  const node = nodeOf(session, req.address);
  const { tree } = sessionRootTree(session);
  const overlay = session.overlay();
  const edges: number[] = [];
  for (let i = g.firstInEdge[node], end = g.firstInEdge[node + 1]; i < end; i++) {
    const e = g.inEdges[i];
    if (!isEdgeRemoved(overlay, e)) edges.push(e);
  }
  const dist = (e: number): number => {
    const d = tree.depth[g.edgeSources[e]];
    return d < 0 ? Number.MAX_SAFE_INTEGER : d;
  };
  edges.sort((a, b) => dist(a) - dist(b) || a - b);
  const { start, count } = clampPage(req.start, req.count, 500);
  const rows = edges.slice(start, start + count).map((e) => {
    const src = g.edgeSources[e];
    return {
      edge: e,
      label: g.strings.get(g.edgeLabels[e]),
      object: summarize(session, src),
      distance: tree.depth[src],
      referrers: g.firstInEdge[src + 1] - g.firstInEdge[src],
    };
  });
  return { start, total: edges.length, distance: tree.depth[node], rows };
}
