/**
 * "Why is this object alive?": shortest paths from a root (roots.ts) down to an object.
 *
 * Breadth-first search backwards over in-edges, from the object towards the roots, so the search
 * stops as soon as the nearest root is found instead of exploring everything reachable from every
 * root (the DevTools "retainers" approach, which precomputes distances from the roots for every node;
 * one query here touches only the object's neighbourhood). Removed edges (EditOverlay) and
 * referrers outside `liveMask` are skipped, so a path never runs through an object the simulation
 * frees.
 *
 * Ties: among paths of the shortest length, the search prefers edges held by tracked GC objects
 * and edges with a label (a path through `obj.attr` reads better than one through an anonymous
 * C slot). The BFS layers form a DAG, so the best-scoring path is a dynamic programme over them:
 * a node's score is final once its layer has been expanded, and a node discovered twice in the
 * same layer keeps the better of its two edges. Roots reached in the same layer are compared too.
 *
 * `retainerPaths` gives up to k paths that leave the object through different referrers: one
 * multi-source BFS in which each non-root node belongs to the referrer ("branch") that reached it
 * first — so the paths share no node except the object and possibly their root, and each is
 * shortest within its branch's share of the graph, not necessarily shortest overall. Start at `RetainerPathFinder.shortest`.
 */
import { type HeapGraph, type NodeOrdinal, NodeFlag } from '../model/HeapGraph.js';
import type { EditOverlay } from '../whatif/types.js';
import type { RetainerPath } from './types.js';

/**
 * Reusable scratch space for many queries on one graph (a UI explaining object after object):
 * arrays are allocated once and "cleared" by bumping a stamp.
 */
export class RetainerPathFinder {
  private readonly seen: Uint32Array;
  private readonly next: Int32Array;
  private readonly score: Int32Array;
  /** shortest(): the node's position in the queue; distinct(): the node's branch. */
  private readonly slot: Int32Array;
  private readonly queue: Uint32Array;
  private stamp = 0;

  constructor(private readonly graph: HeapGraph) {
    const n = graph.nodeCount;
    this.seen = new Uint32Array(n);
    this.next = new Int32Array(n);
    this.score = new Int32Array(n);
    this.slot = new Int32Array(n);
    this.queue = new Uint32Array(n);
  }

  private newSearch(): number {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private isRoot(node: number, overlay: EditOverlay | undefined): boolean {
    const g = this.graph;
    if (g.flags[node] & NodeFlag.Immortal) return true;
    const dropped = overlay && overlay.droppedExternal.size > 0 ? (overlay.droppedExternal.get(node) ?? 0) : 0;
    return g.refcounts[node] - dropped - (g.firstInEdge[node + 1] - g.firstInEdge[node]) > 0;
  }

  /** Follows `next` from `root` down to `target`. */
  private pathFrom(root: number, target: number): RetainerPath {
    const nodes: NodeOrdinal[] = [root];
    const edges: number[] = [];
    let v = root;
    while (v !== target) {
      const e = this.next[v];
      edges.push(e);
      v = this.graph.edgeTargets[e];
      nodes.push(v);
    }
    return { nodes, edges };
  }

  /** The shortest root → node path, best-scoring among equals; null when no root retains it. */
  shortest(node: NodeOrdinal, overlay?: EditOverlay, liveMask?: Uint8Array): RetainerPath | null {
    const g = this.graph;
    if (this.isRoot(node, overlay)) return { nodes: [node], edges: [] };
    const stamp = this.newSearch();
    const { seen, next, score, queue, slot } = this;
    const firstIn = g.firstInEdge;
    const inEdges = g.inEdges;
    const sources = g.edgeSources;
    const labels = g.edgeLabels;
    const flags = g.flags;
    const removed = overlay?.removedEdges;
    seen[node] = stamp;
    score[node] = 0;
    queue[0] = node;
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const layerEnd = tail;
      // Expand one whole layer; nodes at index >= layerEnd belong to the next one.
      for (; head < layerEnd; head++) {
        const v = queue[head];
        const base = score[v];
        const end = firstIn[v + 1];
        for (let i = firstIn[v]; i < end; i++) {
          const e = inEdges[i];
          if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
          const u = sources[e];
          if (liveMask && !liveMask[u]) continue;
          const s = base + (labels[e] !== 0 ? 1 : 0) + (flags[u] & NodeFlag.Tracked ? 1 : 0);
          if (seen[u] !== stamp) {
            seen[u] = stamp;
            next[u] = e;
            score[u] = s;
            slot[u] = tail;
            queue[tail++] = u;
          } else if (s > score[u] && slot[u] >= layerEnd) {
            // Discovered earlier in the layer being built: keep the better-scoring edge.
            next[u] = e;
            score[u] = s;
          }
        }
      }
      let best = -1;
      for (let i = layerEnd; i < tail; i++) {
        const u = queue[i];
        if (this.isRoot(u, overlay) && (best < 0 || score[u] > score[best])) best = u;
      }
      if (best >= 0) return this.pathFrom(best, node);
    }
    return null;
  }

  /**
   * Up to k root → node paths, each leaving the node through a different referrer, shortest first.
   * The first is a shortest path overall (ties broken by discovery order, not by score).
   */
  distinct(node: NodeOrdinal, k: number, overlay?: EditOverlay, liveMask?: Uint8Array): RetainerPath[] {
    const g = this.graph;
    const paths: RetainerPath[] = [];
    if (k <= 0) return paths;
    if (this.isRoot(node, overlay)) {
      paths.push({ nodes: [node], edges: [] });
      if (paths.length >= k) return paths;
    }
    const stamp = this.newSearch();
    const { seen, next, queue } = this;
    const branch = this.slot;
    const firstIn = g.firstInEdge;
    const inEdges = g.inEdges;
    const sources = g.edgeSources;
    const removed = overlay?.removedEdges;
    const done: boolean[] = [];
    seen[node] = stamp;
    let tail = 0;
    // Roots are never claimed by a branch, so several branches may end at the same root.
    const end0 = firstIn[node + 1];
    for (let i = firstIn[node]; i < end0 && paths.length < k; i++) {
      const e = inEdges[i];
      if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
      const u = sources[e];
      if ((liveMask && !liveMask[u]) || seen[u] === stamp) continue;
      seen[u] = stamp;
      next[u] = e;
      if (this.isRoot(u, overlay)) {
        paths.push(this.pathFrom(u, node));
        continue;
      }
      branch[u] = done.length;
      done.push(false);
      queue[tail++] = u;
    }
    for (let head = 0; head < tail && paths.length < k; head++) {
      const v = queue[head];
      const b = branch[v];
      if (done[b]) continue;
      const end = firstIn[v + 1];
      for (let i = firstIn[v]; i < end; i++) {
        const e = inEdges[i];
        if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
        const u = sources[e];
        if ((liveMask && !liveMask[u]) || u === node) continue;
        if (this.isRoot(u, overlay)) {
          const rest = this.pathFrom(v, node);
          paths.push({ nodes: [u, ...rest.nodes], edges: [e, ...rest.edges] });
          done[b] = true;
          break;
        }
        if (seen[u] === stamp) continue;
        seen[u] = stamp;
        next[u] = e;
        branch[u] = b;
        queue[tail++] = u;
      }
    }
    return paths;
  }
}

/**
 * The shortest path from a root to `node` (nodes[0] is the root, edges[i] goes nodes[i] → nodes[i+1]),
 * or null when nothing outside the dump retains it (garbage). Allocates scratch arrays of nodeCount
 * per call: keep a RetainerPathFinder for repeated queries.
 */
export function shortestRetainerPath(graph: HeapGraph, node: NodeOrdinal, overlay?: EditOverlay, liveMask?: Uint8Array): RetainerPath | null {
  return new RetainerPathFinder(graph).shortest(node, overlay, liveMask);
}

/** Up to k root → node paths through different referrers of `node` (see RetainerPathFinder.distinct). */
export function retainerPaths(graph: HeapGraph, node: NodeOrdinal, k: number, overlay?: EditOverlay, liveMask?: Uint8Array): RetainerPath[] {
  return new RetainerPathFinder(graph).distinct(node, k, overlay, liveMask);
}
