/**
 * Merged paths to roots (Eclipse MAT's "merge shortest paths to GC roots", LeakCanary's leak
 * signatures): the shortest root paths (rootTree.ts) of a set of objects merged into one tree,
 * each branch with how many of the objects it leads to and their bytes. Steps are merged by
 * *signature*, not by object: (label, type of the object reached), with list indices spelled
 * `[*]` and keys of ordinary dicts `[*]` (module, class and instance namespaces keep their names,
 * and so do sys.modules and any key that leads to a module) — so 11 records held at `records[0]` … `records[10]` merge into one
 * branch. Reusable by any caller with a set of node ordinals (dump comparison groups new objects
 * the same way).
 *
 * Top-down: the tree position of a graph node is a function of its root path, so it is computed
 * once per node touched (memoised in `trieOf`) — a million members under one list cost a million
 * single steps. Paths longer than `maxDepth` are cut at their deepest `maxDepth` steps (the branch
 * then starts with "…"). Members no root reaches hang under one "garbage" branch. Retained bytes
 * count a member only when no other member dominates it (dominators.ts), so nested members are not
 * counted twice. Start at `mergedPaths`.
 */
import { INDEX_LABEL_BASE } from '../../model/StringTable.js';
import type { DominatorTree } from '../types.js';
import type { PythonContext } from './pythonContext.js';
import { rootName, stepText } from './ownerPath.js';
import type { RootTree } from './rootTree.js';

export interface MergedPathNode {
  /** Index in `nodes`; the parent comes before its children. */
  id: number;
  /** −1 for a top-level node (a root, "garbage", or a cut path's first step). */
  parent: number;
  /** How the step reads: a root's name, `.records`, `[*]`, ` → tuple`, or "garbage". */
  step: string;
  type: string;
  /** Members at or below this node. */
  count: number;
  /** Members ending exactly here. */
  own: number;
  /** Shallow bytes of the members at or below. */
  bytes: number;
  /** Retained bytes of those members (members dominated by other members not counted twice). */
  retainedBytes: number;
  /** A graph node on this position (the first one found), for navigation. */
  sample: number;
  /** Distance from the top of its tree. */
  depth: number;
}

export interface MergedPaths {
  members: number;
  nodes: MergedPathNode[];
  /** One per position where members end, most members first: "11 × Payload ← frame (handle_job) ← …". */
  branches: { node: number; text: string; count: number; bytes: number; retainedBytes: number }[];
}

export interface MergedPathOptions {
  /** Steps kept per path (default 48). */
  maxDepth?: number;
  /** Branches listed (default 25). */
  maxBranches?: number;
}

const WILD_INDEX = -3;
const GARBAGE = -4;

export function mergedPaths(ctx: PythonContext, tree: RootTree, dom: DominatorTree, members: ArrayLike<number>, options: MergedPathOptions = {}): MergedPaths {
  const g = ctx.graph;
  const maxDepth = options.maxDepth ?? 48;
  const n = g.nodeCount;
  const trieOf = new Int32Array(n).fill(-1);
  const nodes: MergedPathNode[] = [];
  const children: Map<number, number>[] = [];
  const tops = new Map<number, number>();
  const labelKeys = new Map<number, number>();
  const dense = (k: number): number => {
    let d = labelKeys.get(k);
    if (d === undefined) labelKeys.set(k, (d = labelKeys.size));
    return d;
  };
  const newNode = (parent: number, step: string, typeId: number, sample: number): number => {
    const id = nodes.length;
    nodes.push({ id, parent, step, type: g.strings.get(typeId), count: 0, own: 0, bytes: 0, retainedBytes: 0, sample, depth: parent < 0 ? 0 : nodes[parent].depth + 1 });
    children.push(new Map());
    return id;
  };
  /** The signature key of the edge into `to` (label normalised) combined with its type. */
  const keyOf = (edge: number, from: number, to: number): { key: number; step: string } => {
    const l = g.edgeLabels[edge];
    let norm = l;
    if (l >= INDEX_LABEL_BASE) norm = WILD_INDEX;
    else if (l !== 0 && from !== ctx.sysModules && ctx.namespaceDict[from] === 0 && g.typeIds[to] !== ctx.ids.module) {
      const s = g.strings.get(l);
      if (s.startsWith('[') || s.startsWith('<')) norm = WILD_INDEX;
    }
    const step = norm === WILD_INDEX ? '[*]' : stepText(ctx, from, edge);
    return { key: dense(norm) * 16_777_216 + g.typeIds[to], step };
  };

  // 1. Trie positions, top-down from the nearest memoised ancestor.
  const stack: number[] = [];
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    if (trieOf[m] >= 0) continue;
    if (tree.parentEdge[m] === -2) {
      let top = tops.get(GARBAGE);
      if (top === undefined) tops.set(GARBAGE, (top = newNode(-1, 'garbage (no root)', g.typeIds[m], m)));
      const k = g.typeIds[m];
      let c = children[top].get(k);
      if (c === undefined) children[top].set(k, (c = newNode(top, '', k, m)));
      trieOf[m] = c;
      continue;
    }
    let v = m;
    while (trieOf[v] < 0 && tree.parentEdge[v] >= 0 && stack.length < maxDepth) {
      stack.push(v);
      v = g.edgeSources[tree.parentEdge[v]];
    }
    let pos = trieOf[v];
    if (pos < 0) {
      // v is a root, or the cut point of a long path.
      const cut = tree.parentEdge[v] >= 0;
      const topKey = cut ? -(g.typeIds[v] + 10) : v;
      let top = tops.get(topKey);
      if (top === undefined) tops.set(topKey, (top = newNode(-1, cut ? `… ${g.strings.get(g.typeIds[v])}` : rootName(ctx, v), g.typeIds[v], v)));
      pos = top;
      trieOf[v] = pos;
    }
    while (stack.length > 0) {
      const w = stack.pop()!;
      const e = tree.parentEdge[w];
      const from = g.edgeSources[e];
      const { key, step } = keyOf(e, from, w);
      let c = children[pos].get(key);
      if (c === undefined) children[pos].set(key, (c = newNode(pos, step, g.typeIds[w], w)));
      trieOf[w] = c;
      pos = c;
    }
  }

  // 2. Retained bytes without double counting: 1 = a member dominates it, 2 = none does.
  const isMember = new Uint8Array(n);
  for (let i = 0; i < members.length; i++) isMember[members[i]] = 1;
  const state = new Uint8Array(n);
  const parent = dom.treeParent ?? dom.idom;
  const walk: number[] = [];
  const memberAbove = (m: number): boolean => {
    let u = parent[m];
    let result = 2;
    while (u >= 0) {
      if (isMember[u]) {
        result = 1;
        break;
      }
      if (state[u] !== 0) {
        result = state[u];
        break;
      }
      walk.push(u);
      u = parent[u];
    }
    while (walk.length > 0) state[walk.pop()!] = result;
    return result === 1;
  };

  // 3. Counts up the trie.
  for (let i = 0; i < members.length; i++) {
    const m = members[i];
    if (isMember[m] === 2) continue; // listed twice
    isMember[m] = 2;
    const retained = memberAbove(m) ? 0 : dom.retainedSizes[m];
    const leaf = trieOf[m];
    nodes[leaf].own++;
    for (let p = leaf; p >= 0; p = nodes[p].parent) {
      nodes[p].count++;
      nodes[p].bytes += g.sizes[m];
      nodes[p].retainedBytes += retained;
    }
  }
  return { members: members.length, nodes, branches: branchesOf(ctx, nodes, options.maxBranches ?? 25) };
}

/** A short name for a position: `frame (handle_job)` for frames, the type otherwise. */
function positionName(ctx: PythonContext, node: MergedPathNode): string {
  const g = ctx.graph;
  if (g.typeIds[node.sample] === ctx.ids.module) return `module ${g.strings.get(g.reprIds[node.sample])}`;
  if (node.type === 'frame') {
    for (let e = g.firstOutEdge[node.sample], end = g.firstOutEdge[node.sample + 1]; e < end; e++) {
      const w = g.edgeTargets[e];
      if (g.typeIds[w] === ctx.ids.code) return `frame (${g.strings.get(g.reprIds[w]).split(' ')[0]})`;
    }
  }
  return node.type;
}

function branchesOf(ctx: PythonContext, nodes: MergedPathNode[], max: number): MergedPaths['branches'] {
  const ends = nodes.filter((x) => x.own > 0).sort((a, b) => b.own - a.own || b.retainedBytes - a.retainedBytes);
  return ends.slice(0, max).map((end) => {
    const parts = [`${end.own.toLocaleString('en-US')} × ${positionName(ctx, end)}`];
    let pending = end.step;
    for (let x = end; x.parent >= 0; x = nodes[x.parent]) {
      const up = nodes[x.parent];
      // A namespace reached by a silent `__dict__` step: its key belongs to its owner (`module __main__.recent`).
      if (up.parent >= 0 && up.step === '' && ctx.namespaceDict[up.sample]) continue;
      const label = pending.startsWith(' → ') ? '' : pending;
      parts.push(`${up.parent < 0 ? up.step : positionName(ctx, up)}${label}`);
      pending = up.step;
    }
    let bytes = 0;
    let retainedBytes = 0;
    // Own members' bytes: the node's totals minus its children's.
    bytes = end.bytes;
    retainedBytes = end.retainedBytes;
    for (const c of nodes) {
      if (c.parent === end.id) {
        bytes -= c.bytes;
        retainedBytes -= c.retainedBytes;
      }
    }
    return { node: end.id, text: parts.join(' ← '), count: end.own, bytes, retainedBytes };
  });
}
