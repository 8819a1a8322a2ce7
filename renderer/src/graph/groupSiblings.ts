/**
 * Folds many same-type siblings into one node: eleven LogRecords held by one list become one
 * "11 × LogRecord" node (the first of them stands for the group, with its own references, so one
 * example's shape stays visible); the others, and what only they lead to, are left out until the
 * group is expanded (double-click). Pure: a neighbourhood in, a smaller one and its groups out.
 */
import type { NeighbourhoodResponse } from '../../../shared/exploreApi';

export interface SiblingGroup {
  /** "parent:type:side", stable across refetches: the expanded set is kept by it. */
  key: string;
  type: string;
  /** All members, the representative first. */
  members: number[];
}

export interface Grouped {
  graph: NeighbourhoodResponse;
  /** By representative address. */
  groups: Map<number, SiblingGroup>;
}

/** Siblings of one type under one parent from this many on are folded. */
export const groupMin = 5;

export function groupSiblings(g: NeighbourhoodResponse, expanded: ReadonlySet<string> = new Set(), min = groupMin): Grouped {
  const byAddress = new Map(g.nodes.map((n) => [n.address, n]));
  // Children of a parent: the neighbours one hop further from the centre, on either side.
  const buckets = new Map<string, number[]>();
  for (const e of g.edges) {
    const s = byAddress.get(e.source);
    const t = byAddress.get(e.target);
    if (!s || !t) continue;
    let parent, child;
    if (t.hop > 0 && t.hop === s.hop + 1) [parent, child] = [s, t];
    else if (s.hop < 0 && s.hop === t.hop - 1) [parent, child] = [t, s];
    else continue;
    const key = `${parent.address}:${child.type}:${child.hop > 0 ? '+' : '-'}`;
    const list = buckets.get(key) ?? [];
    if (!list.includes(child.address)) list.push(child.address);
    buckets.set(key, list);
  }
  const groups = new Map<number, SiblingGroup>();
  const dropped = new Set<number>();
  for (const [key, members] of buckets) {
    if (members.length < min || expanded.has(key)) continue;
    const free = members.filter((m) => !dropped.has(m) && !groups.has(m) && byAddress.get(m)!.hop !== 0);
    if (free.length < min) continue;
    groups.set(free[0], { key, type: byAddress.get(free[0])!.type, members: free });
    for (const m of free.slice(1)) dropped.add(m);
  }
  if (dropped.size === 0) return { graph: g, groups };
  // What only dropped members lead to goes too (their dicts, their payloads), outwards only.
  for (let changed = true; changed; ) {
    changed = false;
    const kept = new Map<number, boolean>();
    for (const e of g.edges) {
      for (const [near, far] of [
        [e.source, e.target],
        [e.target, e.source],
      ]) {
        const n = byAddress.get(far);
        const from = byAddress.get(near);
        if (!n || !from || dropped.has(far) || n.hop === 0 || groups.has(far)) continue;
        const inward = Math.abs(from.hop) < Math.abs(n.hop);
        if (inward && !dropped.has(near)) kept.set(far, true);
        else if (inward && !kept.has(far)) kept.set(far, false);
      }
    }
    for (const [a, keep] of kept) {
      if (!keep && !dropped.has(a)) {
        dropped.add(a);
        changed = true;
      }
    }
  }
  return {
    graph: {
      ...g,
      nodes: g.nodes.filter((n) => !dropped.has(n.address)),
      edges: g.edges.filter((e) => !dropped.has(e.source) && !dropped.has(e.target)),
    },
    groups,
  };
}
