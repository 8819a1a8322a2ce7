/**
 * The shortest-path tree from the roots: for every object reachable from a root (roots.ts), the
 * edge through which a breadth-first search from all roots at once first reached it. It names
 * suspects by their path (`sys.modules['__main__'].recent.records`), merges the paths of many
 * objects (mergedPaths.ts) and gives every object its distance from a root (the retainers tree).
 *
 * One multi-source BFS over out-edges, O(nodes + edges), no per-node allocation. Two departures
 * from a plain BFS make the paths read like Python: roots that are modules (and the dict that maps
 * module names to modules, sys.modules) are enqueued first, so among equally short paths the one
 * from a module wins over one from an anonymous C holder; and within a layer a node keeps the
 * first *labelled* edge from a tracked object that reaches it (`.records` beats an unnamed slot),
 * as retainerPaths.ts prefers. Removed edges of an EditOverlay are skipped. Start at `rootTree`.
 */
import { type HeapGraph, NodeFlag } from '../../model/HeapGraph.js';
import type { EditOverlay } from '../../whatif/types.js';
import { findRoots } from '../roots.js';

export interface RootTree {
  /** Per node: the edge into it on its shortest path, −1 for a root, −2 when no root reaches it. */
  parentEdge: Int32Array;
  /** Per node: edges from the nearest root (0 for roots), −1 when unreachable. */
  depth: Int32Array;
  /** Reachable nodes in BFS order: every node comes after its tree parent (a session empties it once its suspects are found). */
  order: Uint32Array;
  /** Roots mask (1 = root), as findRoots gives it. */
  rootMask: Uint8Array;
}

/** True for roots whose names read best at the start of a path (modules, module-name dicts). */
function preferredRoot(graph: HeapGraph, node: number, moduleType: number): boolean {
  if (graph.typeIds[node] === moduleType) return true;
  // A dict whose first few values are modules: sys.modules (or a copy of it).
  const first = graph.firstOutEdge[node];
  const end = Math.min(graph.firstOutEdge[node + 1], first + 8);
  for (let e = first; e < end; e++) if (graph.typeIds[graph.edgeTargets[e]] === moduleType) return true;
  return false;
}

export function rootTree(graph: HeapGraph, overlay?: EditOverlay): RootTree {
  const n = graph.nodeCount;
  const roots = findRoots(graph, overlay);
  const parentEdge = new Int32Array(n).fill(-2);
  const depth = new Int32Array(n).fill(-1);
  const order = new Uint32Array(n);
  const moduleType = graph.strings.find('module');
  const firstOut = graph.firstOutEdge;
  const targets = graph.edgeTargets;
  const labels = graph.edgeLabels;
  const sources = graph.edgeSources;
  const flags = graph.flags;
  const removed = overlay?.removedEdges;
  let tail = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < roots.list.length; i++) {
      const r = roots.list[i];
      if (depth[r] >= 0 || preferredRoot(graph, r, moduleType) !== (pass === 0)) continue;
      parentEdge[r] = -1;
      depth[r] = 0;
      order[tail++] = r;
    }
  }
  let head = 0;
  while (head < tail) {
    const v = order[head++];
    const d = depth[v] + 1;
    const end = firstOut[v + 1];
    for (let e = firstOut[v]; e < end; e++) {
      if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
      const w = targets[e];
      if (depth[w] < 0) {
        depth[w] = d;
        parentEdge[w] = e;
        order[tail++] = w;
      } else if (depth[w] === d && labels[e] !== 0) {
        // Same layer: upgrade to a labelled edge from a tracked object when the first one was not.
        const p = parentEdge[w];
        const pGood = labels[p] !== 0 && (flags[sources[p]] & NodeFlag.Tracked) !== 0;
        if (!pGood && (flags[v] & NodeFlag.Tracked) !== 0) parentEdge[w] = e;
      }
    }
  }
  return { parentEdge, depth, order: order.subarray(0, tail), rootMask: roots.mask };
}

/** The nodes from the root down to `node` (root first), at most `max` of the last ones; [] when unreachable. */
export function treePath(graph: HeapGraph, tree: RootTree, node: number, max = 64): { nodes: number[]; edges: number[]; elided: boolean } {
  if (tree.parentEdge[node] === -2) return { nodes: [], edges: [], elided: false };
  const nodes = [node];
  const edges: number[] = [];
  let v = node;
  while (tree.parentEdge[v] >= 0 && nodes.length < max) {
    const e = tree.parentEdge[v];
    edges.push(e);
    v = graph.edgeSources[e];
    nodes.push(v);
  }
  const elided = tree.parentEdge[v] >= 0;
  return { nodes: nodes.reverse(), edges: edges.reverse(), elided };
}
