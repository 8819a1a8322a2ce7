/**
 * Big retainers: objects whose dominator-tree retained size is a large share of the live heap
 * (Eclipse MAT's "problem suspects"). A chain of dominators all retaining the same bytes (a module
 * → its namespace → an instance → its list) is reported once, at its deepest member that still
 * retains at least 80 % of its parent's share through objects of its own: the object that
 * actually holds the bytes. Machinery
 * (modules, namespaces, types, sys.modules) and objects not held through the user's code are never
 * big retainers themselves. Start at `findBigRetainers`.
 */
import type { DominatorTree } from '../types.js';
import { isMachinery, isUserObject, type PythonContext } from './pythonContext.js';

export interface BigRetainer {
  node: number;
  share: number;
}

export function findBigRetainers(ctx: PythonContext, dom: DominatorTree, userHeld: Uint8Array, share: number): BigRetainer[] {
  const g = ctx.graph;
  const n = g.nodeCount;
  const idom = dom.idom;
  const retained = dom.retainedSizes;
  let live = 0;
  for (let v = 0; v < n; v++) if (idom[v] !== -2) live += g.sizes[v];
  if (live <= 0) return [];
  const threshold = live * share;
  const candidates = new Set<number>();
  for (let v = 0; v < n; v++) if (idom[v] !== -2 && retained[v] >= threshold) candidates.add(v);
  // A candidate passes its share on to a candidate child that keeps most of it through objects of
  // its own (not to a leaf such as one big bytearray: its holder is the one to name).
  const passedOn = new Set<number>();
  for (const c of candidates) {
    const p = idom[c];
    if (p >= 0 && candidates.has(p) && retained[c] >= 0.8 * retained[p] && retained[c] - g.sizes[c] >= 0.5 * retained[p]) passedOn.add(p);
  }
  const out: BigRetainer[] = [];
  for (const c of candidates) {
    if (passedOn.has(c) || isMachinery(ctx, c)) continue;
    if (!userHeld[c] && !isUserObject(ctx, c)) continue;
    out.push({ node: c, share: retained[c] / live });
  }
  return out.sort((a, b) => retained[b.node] - retained[a.node]);
}
