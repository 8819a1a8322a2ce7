/**
 * Leak suspects of one dump, ranked by the bytes they retain: what a user probably did not mean
 * to keep. The story, one step per call:
 *   1. the root tree (rootTree.ts) names owners by path and tells which objects are held through
 *      the user's code (`userHeld`: the path passes a user module, class or instance);
 *   2. accumulation points (accumulation.ts), each given a kind and a reason (shapes.ts);
 *   3. tracebacks kept alive on their own (keptTracebacks.ts);
 *   4. big retainers (bigRetainers.ts) not already explained by an accumulation inside them;
 *   5. what gc.collect() cannot free and garbage waiting for it (garbageSuspects.ts).
 * Everything is O(nodes + edges) on typed arrays; per-suspect work is bounded. Start at
 * `findSuspects`.
 */
import { type HeapGraph, NodeFlag } from '../../model/HeapGraph.js';
import type { SimulationResult } from '../../gc/types.js';
import type { DominatorTree } from '../types.js';
import type { EditOverlay } from '../../whatif/types.js';
import type { HeldGroup, Suspect, SuspectOptions } from './types.js';
import { type PythonContext, isUserObject, pythonContext } from './pythonContext.js';
import { type RootTree, rootTree } from './rootTree.js';
import { ownerPath } from './ownerPath.js';
import { findAccumulations } from './accumulation.js';
import { classifyAccumulation } from './shapes.js';
import { findKeptTracebacks } from './keptTracebacks.js';
import { findBigRetainers } from './bigRetainers.js';
import { garbageSuspects } from './garbageSuspects.js';
import { countOf, formatBytes } from './format.js';

export interface SuspectInputs {
  graph: HeapGraph;
  dominators: DominatorTree;
  /** Without it, only live suspects (steps 1–4): a session adds the garbage ones per rule set. */
  simulation?: SimulationResult;
  overlay?: EditOverlay;
  /** Reused when given (a session caches both). */
  context?: PythonContext;
  tree?: RootTree;
}

/** Per node: 1 when its root-tree path passes a user module, class or instance. */
export function userHeldMask(ctx: PythonContext, tree: RootTree): Uint8Array {
  const g = ctx.graph;
  const mask = new Uint8Array(g.nodeCount);
  const userType = new Map<number, boolean>();
  const order = tree.order;
  for (let i = 0; i < order.length; i++) {
    const v = order[i];
    const e = tree.parentEdge[v];
    if (e >= 0 && mask[g.edgeSources[e]]) {
      mask[v] = 1;
      continue;
    }
    const t = g.typeIds[v];
    let u = userType.get(t);
    if (u === undefined || t === ctx.ids.module || t === ctx.ids.type) {
      u = isUserObject(ctx, v);
      if (t !== ctx.ids.module && t !== ctx.ids.type && (g.flags[v] & NodeFlag.IsType) === 0) userType.set(t, u);
    }
    if (u) mask[v] = 1;
  }
  return mask;
}

/** The nearest `k` ancestors of `node` on its root path, parent first. */
function holdersOf(g: HeapGraph, tree: RootTree, node: number, k: number): number[] {
  const out: number[] = [];
  let v = node;
  while (out.length < k && tree.parentEdge[v] >= 0) {
    v = g.edgeSources[tree.parentEdge[v]];
    out.push(v);
  }
  return out;
}

/** Level-1 referents the node dominates, grouped by type (a big retainer's "holds"). */
function dominatedChildren(g: HeapGraph, dom: DominatorTree, node: number): { holds: HeldGroup[]; held: number[] } {
  const rows = new Map<number, HeldGroup>();
  const held: number[] = [];
  for (let e = g.firstOutEdge[node], end = g.firstOutEdge[node + 1]; e < end; e++) {
    const w = g.edgeTargets[e];
    if (dom.idom[w] !== node || w === node) continue;
    const t = g.typeIds[w];
    const row = rows.get(t) ?? { type: g.strings.get(t), count: 0, bytes: 0 };
    if (row.count === 0) rows.set(t, row);
    row.count++;
    row.bytes += dom.retainedSizes[w];
    held.push(w);
  }
  return { holds: [...rows.values()].sort((a, b) => b.bytes - a.bytes || b.count - a.count), held };
}

export function findSuspects(inputs: SuspectInputs, options: SuspectOptions = {}): Suspect[] {
  const { graph: g, dominators: dom, simulation: sim } = inputs;
  const minBytes = options.minBytes ?? 64 * 1024;
  const minCount = options.minCount ?? 10;
  const limit = options.limit ?? 50;
  const ctx = inputs.context ?? pythonContext(g);
  const tree = inputs.tree ?? rootTree(g, inputs.overlay);
  const userHeld = userHeldMask(ctx, tree);
  const out: Suspect[] = [];
  const owners = new Set<number>();

  for (const acc of findAccumulations(ctx, dom, { minBytes, minCount, userHeld })) {
    const path = ownerPath(ctx, tree, acc.owner);
    const shape = classifyAccumulation(ctx, dom, acc, path ?? '', holdersOf(g, tree, acc.owner, 3));
    owners.add(acc.owner);
    out.push({ kind: shape.kind, owner: acc.owner, path, reason: shape.reason, retainedBytes: dom.retainedSizes[acc.owner], holds: acc.holds, held: acc.held });
  }

  // Inside a reported owner's dominator subtree (bounded climb: dominator chains can be deep).
  const covered = (node: number): boolean => {
    let v = dom.idom[node];
    for (let steps = 0; v >= 0 && steps < 10_000; steps++, v = dom.idom[v]) if (owners.has(v)) return true;
    return false;
  };
  for (const tb of findKeptTracebacks(ctx, dom, minBytes, covered)) {
    const path = ownerPath(ctx, tree, tb.node);
    const frames = tb.frames.length > 0 ? ` of ${tb.frames.slice(0, 4).join(', ')}` : '';
    const { holds, held } = dominatedChildren(g, dom, tb.node);
    owners.add(tb.node);
    out.push({
      kind: 'traceback',
      owner: tb.node,
      path,
      reason: `a traceback kept alive keeps its frames${frames} and their locals: ${formatBytes(dom.retainedSizes[tb.node])}`,
      retainedBytes: dom.retainedSizes[tb.node],
      holds,
      held: Uint32Array.from(held),
    });
  }

  // A big retainer is explained by a reported owner inside it that holds half of its bytes.
  const explained = new Set<number>();
  for (const o of owners) {
    let v = dom.idom[o];
    for (let steps = 0; v >= 0 && steps < 10_000; steps++, v = dom.idom[v]) if (dom.retainedSizes[o] >= 0.5 * dom.retainedSizes[v]) explained.add(v);
  }
  for (const big of findBigRetainers(ctx, dom, userHeld, options.bigShare ?? 0.1)) {
    if (owners.has(big.node) || explained.has(big.node) || covered(big.node)) continue;
    const { holds, held } = dominatedChildren(g, dom, big.node);
    out.push({
      kind: 'big-retainer',
      owner: big.node,
      path: ownerPath(ctx, tree, big.node),
      reason: `${g.strings.get(g.typeIds[big.node])} retains ${formatBytes(dom.retainedSizes[big.node])}, ${(big.share * 100).toFixed(0)}% of the live heap${holds[0] ? `, most of it through ${countOf(holds[0].count, holds[0].type, holds[0].type)}` : ''}`,
      retainedBytes: dom.retainedSizes[big.node],
      holds,
      held: Uint32Array.from(held),
    });
  }

  if (sim) out.push(...garbageSuspects(ctx, dom, sim, minBytes));
  return rankSuspects(out, limit);
}

/** Best first: most retained bytes, then by owner. */
export function rankSuspects(list: Suspect[], limit: number): Suspect[] {
  list.sort((a, b) => b.retainedBytes - a.retainedBytes || a.owner - b.owner);
  return list.slice(0, limit);
}
