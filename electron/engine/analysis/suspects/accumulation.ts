/**
 * Accumulation points: containers that hold many objects of one type, directly (a list of
 * records) or one level down (a dict of lists, a cache whose keys are tuples holding `self`),
 * and retain a lot through them. Eclipse MAT's "accumulation point" and LeakCanary's "a
 * collection that keeps growing", read from one dump.
 *
 * Candidates are containers whose retained size (dominators.ts) is at least `minBytes`; only
 * they are examined, so the pass costs O(nodes) plus the out-edges of the candidates:
 *   1. Level 1: the container's distinct referents grouped by type. A group's bytes are the
 *      retained sizes of the members the container alone keeps (idom = container).
 *   2. When the group with the most bytes is itself of a container type with at least two
 *      members, level 2: the distinct referents of those members that the container dominates,
 *      grouped by type (each member is expanded only by its immediate dominator, so all level-2
 *      work together is bounded by the edge count). Level 2 counts only when its top type comes
 *      from at least two of the members (a dict of lists), not from one list among an
 *      instance's attributes (then that list is the accumulation point itself).
 *   3. The container is an accumulation when its top group (most bytes) has at least `minCount`
 *      objects and the groups hold at least `minBytes`. A container expanded at level 2 absorbs
 *      the members it expanded: they are not reported again.
 * Interpreter machinery (sys.modules, module and class namespaces) is never an owner, and an
 * owner must be held through the user's code (its root path passes a user module, class or
 * instance) or hold objects of a user-defined type. Start at `findAccumulations`.
 */
import type { HeapGraph } from '../../model/HeapGraph.js';
import type { DominatorTree } from '../types.js';
import type { HeldGroup } from './types.js';
import { derivesFrom, isMachinery, isUserType, type PythonContext } from './pythonContext.js';

export interface Accumulation {
  owner: number;
  /** 1 = the owner's own items, 2 = one level down. */
  level: 1 | 2;
  holds: HeldGroup[];
  /** Type id of the top group. */
  topType: number;
  /** Distinct held objects of the top group (what merged paths and the UI follow). */
  held: Uint32Array;
  heldBytes: number;
  /** Level-2 only: how many intermediate containers were expanded. */
  via: number;
}

const builtinContainers = new Set([
  'list',
  'dict',
  'set',
  'frozenset',
  'tuple',
  'deque',
  'collections.deque',
  'defaultdict',
  'collections.defaultdict',
  'OrderedDict',
  'collections.OrderedDict',
  'functools._lru_cache_wrapper',
  'functools._HashedSeq',
]);

/** Per type id: 1 when objects of that type are containers (builtin ones, or subclasses of list, dict, set). */
export class ContainerTypes {
  private readonly known = new Map<number, boolean>();
  constructor(private readonly ctx: PythonContext) {}

  is(typeId: number): boolean {
    let k = this.known.get(typeId);
    if (k === undefined) {
      const name = this.ctx.graph.strings.get(typeId);
      k = builtinContainers.has(name) || (name.includes('.') && ['list', 'dict', 'set', 'collections.OrderedDict', 'collections.deque'].some((b) => derivesFrom(this.ctx, name, b)));
      this.known.set(typeId, k);
    }
    return k;
  }
}

interface Groups {
  /**
   * `via`: how many intermediate containers contributed (level 2), `last` the latest of them;
   * `run` what `last` gave so far and `most` the most any one of them gave (members of one
   * container are added together).
   */
  byType: Map<number, { count: number; bytes: number; via: number; last: number; run: number; most: number }>;
  members: number[];
}

/** Adds `w` to the groups when not seen for this owner (`stamp`). */
function addMember(g: HeapGraph, groups: Groups, seen: Int32Array, stamp: number, w: number, bytes: number, from: number): void {
  if (seen[w] === stamp) return;
  seen[w] = stamp;
  const t = g.typeIds[w];
  const row = groups.byType.get(t);
  if (row) {
    row.count++;
    row.bytes += bytes;
    if (row.last !== from) {
      row.via++;
      row.last = from;
      row.run = 0;
    }
    row.most = Math.max(row.most, ++row.run);
  } else groups.byType.set(t, { count: 1, bytes, via: 1, last: from, run: 1, most: 1 });
  groups.members.push(w);
}

function topGroup(groups: Groups): number {
  let best = -1;
  let bestBytes = -1;
  let bestCount = -1;
  for (const [t, row] of groups.byType) {
    if (row.bytes > bestBytes || (row.bytes === bestBytes && row.count > bestCount)) {
      best = t;
      bestBytes = row.bytes;
      bestCount = row.count;
    }
  }
  return best;
}

function toHolds(g: HeapGraph, groups: Groups): HeldGroup[] {
  return [...groups.byType]
    .map(([t, row]) => ({ type: g.strings.get(t), count: row.count, bytes: row.bytes }))
    .sort((a, b) => b.bytes - a.bytes || b.count - a.count || (a.type < b.type ? -1 : 1));
}

export interface AccumulationOptions {
  minBytes: number;
  minCount: number;
  /** Per node: 1 when its root path passes the user's code (findSuspects.ts). */
  userHeld: Uint8Array;
}

export function findAccumulations(ctx: PythonContext, dom: DominatorTree, opts: AccumulationOptions): Accumulation[] {
  const g = ctx.graph;
  const n = g.nodeCount;
  const retained = dom.retainedSizes;
  const idom = dom.idom;
  const firstOut = g.firstOutEdge;
  const targets = g.edgeTargets;
  const typeIds = g.typeIds;
  const containers = new ContainerTypes(ctx);
  // Stamps: 2v for level-1 members of owner v, 2v+1 for level-2 ones; −1 never matches.
  const seen = new Int32Array(n).fill(-1);
  const absorbed = new Uint8Array(n);
  const found: Accumulation[] = [];
  const userType = new Map<number, boolean>();
  const isUser = (t: number): boolean => {
    let u = userType.get(t);
    if (u === undefined) userType.set(t, (u = isUserType(ctx, g.strings.get(t))));
    return u;
  };

  for (let v = 0; v < n; v++) {
    if (retained[v] < opts.minBytes || idom[v] === -2 || !containers.is(typeIds[v]) || isMachinery(ctx, v)) continue;
    const level1: Groups = { byType: new Map(), members: [] };
    for (let e = firstOut[v], end = firstOut[v + 1]; e < end; e++) {
      const w = targets[e];
      if (w === v) continue;
      addMember(g, level1, seen, 2 * v, w, idom[w] === v ? retained[w] : 0, v);
    }
    let groups = level1;
    let level: 1 | 2 = 1;
    let via = 0;
    const t1 = topGroup(level1);
    if (t1 >= 0 && containers.is(t1) && level1.byType.get(t1)!.count >= 2) {
      const level2: Groups = { byType: new Map(), members: [] };
      for (const m of level1.members) {
        if (typeIds[m] !== t1 || idom[m] !== v) continue;
        via++;
        for (let e = firstOut[m], end = firstOut[m + 1]; e < end; e++) {
          const x = targets[e];
          if (x === m || x === v) continue;
          addMember(g, level2, seen, 2 * v + 1, x, idom[x] === m || idom[x] === v ? retained[x] : 0, m);
        }
      }
      const t2 = topGroup(level2);
      // One level down only when the objects are spread over several containers (a dict of lists),
      // not when one attribute of an instance happens to be a list among others, nor when one
      // container gives nearly all of them (an lru_cache wrapper's cache dict beside its __dict__,
      // which holds one empty tuple on 3.12+): that container is the accumulation point.
      const row2 = t2 >= 0 ? level2.byType.get(t2)! : undefined;
      if (row2 && row2.count >= opts.minCount && row2.via >= 2 && row2.most < 0.9 * row2.count) {
        groups = level2;
        level = 2;
      }
    }
    const top = topGroup(groups);
    if (top < 0) continue;
    const topRow = groups.byType.get(top)!;
    let heldBytes = 0;
    for (const row of groups.byType.values()) heldBytes += row.bytes;
    if (topRow.count < opts.minCount || heldBytes < opts.minBytes) continue;
    if (!opts.userHeld[v] && !isUser(top)) continue;
    if (level === 2) for (const m of level1.members) if (typeIds[m] === t1 && idom[m] === v) absorbed[m] = 1;
    found.push({ owner: v, level, holds: toHolds(g, groups), topType: top, held: Uint32Array.from(groups.members.filter((m) => typeIds[m] === top)), heldBytes, via: level === 2 ? via : 0 });
  }
  return found.filter((a) => !absorbed[a.owner]);
}
