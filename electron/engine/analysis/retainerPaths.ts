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
 * Visited set of one search: an open-addressing hash table node -> (next edge, score, slot) that
 * grows with what the search touches, not with the heap — most queries visit a handful of objects,
 * and allocating arrays of nodeCount per query (tens of MB on a big dump) would cost more than the
 * search itself.
 */
class VisitTable {
  keys = new Int32Array(1024).fill(-1);
  next = new Int32Array(1024);
  score = new Int32Array(1024);
  /** shortest(): the node's position in the queue; distinct(): the node's branch. */
  slot = new Int32Array(1024);
  size = 0;
  private shift = 22; // 32 - log2(capacity)

  clear(): void {
    if (this.size > 0) this.keys.fill(-1);
    this.size = 0;
  }

  private home(node: number): number {
    return Math.imul(node, 0x9e3779b1) >>> this.shift;
  }

  /** Entry index of `node`, or -1. */
  find(node: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    for (let i = this.home(node); ; i = (i + 1) & mask) {
      const k = keys[i];
      if (k === node) return i;
      if (k === -1) return -1;
    }
  }

  /** Adds `node` (not present) and returns its entry index. */
  add(node: number, next: number, score: number, slot: number): number {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = this.home(node);
    while (keys[i] !== -1) i = (i + 1) & mask;
    keys[i] = node;
    this.next[i] = next;
    this.score[i] = score;
    this.slot[i] = slot;
    this.size++;
    return i;
  }

  private grow(): void {
    const { keys, next, score, slot } = this;
    const cap = keys.length * 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.next = new Int32Array(cap);
    this.score = new Int32Array(cap);
    this.slot = new Int32Array(cap);
    this.shift--;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.add(keys[i], next[i], score[i], slot[i]);
  }
}

/** Reusable state for many queries on one graph (a UI explaining object after object). */
export class RetainerPathFinder {
  private readonly visited = new VisitTable();
  private queue = new Int32Array(1024);

  constructor(private readonly graph: HeapGraph) {}

  private push(tail: number, node: number): void {
    if (tail === this.queue.length) {
      const q = new Int32Array(tail * 2);
      q.set(this.queue);
      this.queue = q;
    }
    this.queue[tail] = node;
  }

  private isRoot(node: number, overlay: EditOverlay | undefined): boolean {
    const g = this.graph;
    if (g.flags[node] & NodeFlag.Immortal) return true;
    const dropped = overlay && overlay.droppedExternal.size > 0 ? (overlay.droppedExternal.get(node) ?? 0) : 0;
    return g.refcounts[node] - dropped - (g.firstInEdge[node + 1] - g.firstInEdge[node]) > 0;
  }

  /** Follows the recorded next edges from `root` down to `target`. */
  private pathFrom(root: number, target: number): RetainerPath {
    const nodes: NodeOrdinal[] = [root];
    const edges: number[] = [];
    const t = this.visited;
    let v = root;
    while (v !== target) {
      const e = t.next[t.find(v)];
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
    const t = this.visited;
    t.clear();
    const firstIn = g.firstInEdge;
    const inEdges = g.inEdges;
    const sources = g.edgeSources;
    const labels = g.edgeLabels;
    const flags = g.flags;
    const removed = overlay?.removedEdges;
    t.add(node, -1, 0, 0);
    this.push(0, node);
    let head = 0;
    let tail = 1;
    while (head < tail) {
      const layerEnd = tail;
      // Expand one whole layer; nodes at index >= layerEnd belong to the next one.
      for (; head < layerEnd; head++) {
        const v = this.queue[head];
        const base = t.score[t.find(v)];
        const end = firstIn[v + 1];
        for (let i = firstIn[v]; i < end; i++) {
          const e = inEdges[i];
          if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
          const u = sources[e];
          if (liveMask && !liveMask[u]) continue;
          const s = base + (labels[e] !== 0 ? 1 : 0) + (flags[u] & NodeFlag.Tracked ? 1 : 0);
          const k = t.find(u);
          if (k < 0) {
            t.add(u, e, s, tail);
            this.push(tail++, u);
          } else if (s > t.score[k] && t.slot[k] >= layerEnd) {
            // Discovered earlier in the layer being built: keep the better-scoring edge.
            t.next[k] = e;
            t.score[k] = s;
          }
        }
      }
      let best = -1;
      let bestScore = -1;
      for (let i = layerEnd; i < tail; i++) {
        const u = this.queue[i];
        if (!this.isRoot(u, overlay)) continue;
        const s = t.score[t.find(u)];
        if (s > bestScore) {
          best = u;
          bestScore = s;
        }
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
    const t = this.visited;
    t.clear();
    const firstIn = g.firstInEdge;
    const inEdges = g.inEdges;
    const sources = g.edgeSources;
    const removed = overlay?.removedEdges;
    const done: boolean[] = [];
    t.add(node, -1, 0, -1);
    let tail = 0;
    // Roots are never claimed by a branch, so several branches may end at the same root.
    const end0 = firstIn[node + 1];
    for (let i = firstIn[node]; i < end0 && paths.length < k; i++) {
      const e = inEdges[i];
      if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
      const u = sources[e];
      if ((liveMask && !liveMask[u]) || t.find(u) >= 0) continue;
      if (this.isRoot(u, overlay)) {
        t.add(u, e, 0, -1);
        paths.push(this.pathFrom(u, node));
        continue;
      }
      t.add(u, e, 0, done.length);
      done.push(false);
      this.push(tail++, u);
    }
    for (let head = 0; head < tail && paths.length < k; head++) {
      const v = this.queue[head];
      const b = t.slot[t.find(v)];
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
        if (t.find(u) >= 0) continue;
        t.add(u, e, 0, b);
        this.push(tail++, u);
      }
    }
    return paths;
  }
}

/**
 * The shortest path from a root to `node` (nodes[0] is the root, edges[i] goes nodes[i] → nodes[i+1]),
 * or null when nothing outside the dump retains it (garbage). Memory grows with the objects the
 * search visits, not with the heap; a RetainerPathFinder reuses it across queries.
 */
export function shortestRetainerPath(graph: HeapGraph, node: NodeOrdinal, overlay?: EditOverlay, liveMask?: Uint8Array): RetainerPath | null {
  return new RetainerPathFinder(graph).shortest(node, overlay, liveMask);
}

/** Up to k root → node paths through different referrers of `node` (see RetainerPathFinder.distinct). */
export function retainerPaths(graph: HeapGraph, node: NodeOrdinal, k: number, overlay?: EditOverlay, liveMask?: Uint8Array): RetainerPath[] {
  return new RetainerPathFinder(graph).distinct(node, k, overlay, liveMask);
}
