/**
 * What gc.collect() cannot free, and what it would free but has not yet: suspects from the
 * simulation (gc/simulate.ts). Uncollectable objects are grouped by the legacy-finalizer object
 * that pins them (SimulationResult.pinnedBy), one suspect each; pending garbage (fate
 * "collected") is grouped by the entry of its part of the dominators' garbage forest
 * (dominators.ts `garbageEntries`), so a dead cycle is one suspect owned by its entry; groups too
 * small to report alone are summed into one suspect without an owner. Garbage has
 * no path from a root: `path` is null (for uncollectable objects in gc.garbage it names the slot).
 * Start at `garbageSuspects`.
 */
import { Fate, type SimulationResult } from '../../gc/types.js';
import { finalizerNames } from '../../model/HeapGraph.js';
import type { DominatorTree } from '../types.js';
import type { HeldGroup, Suspect } from './types.js';
import { countOf, formatBytes } from './format.js';
import type { PythonContext } from './pythonContext.js';

function groupByType(ctx: PythonContext, nodes: Iterable<number>): { holds: HeldGroup[]; bytes: number; count: number } {
  const g = ctx.graph;
  const rows = new Map<number, HeldGroup>();
  let bytes = 0;
  let count = 0;
  for (const v of nodes) {
    const t = g.typeIds[v];
    const row = rows.get(t) ?? { type: g.strings.get(t), count: 0, bytes: 0 };
    row.count++;
    row.bytes += g.sizes[v];
    rows.set(t, row);
    bytes += g.sizes[v];
    count++;
  }
  return { holds: [...rows.values()].sort((a, b) => b.bytes - a.bytes || b.count - a.count), bytes, count };
}

export function garbageSuspects(ctx: PythonContext, dom: DominatorTree, sim: SimulationResult, minBytes: number): Suspect[] {
  const g = ctx.graph;
  const out: Suspect[] = [];
  const describe = (v: number): string => g.strings.get(g.typeIds[v]);

  const byPin = new Map<number, number[]>();
  for (const v of sim.uncollectable) {
    const pin = sim.pinnedBy[v] >= 0 ? sim.pinnedBy[v] : v;
    const list = byPin.get(pin) ?? [];
    list.push(v);
    byPin.set(pin, list);
  }
  const garbageSlot = new Map<number, number>();
  sim.garbage.forEach((v, i) => garbageSlot.set(v, i));
  for (const [pin, members] of byPin) {
    const { holds, bytes, count } = groupByType(ctx, members);
    const fin = finalizerNames[g.finalizers[pin]];
    const slot = garbageSlot.get(pin);
    out.push({
      kind: 'uncollectable',
      owner: pin,
      path: slot === undefined ? null : `gc.garbage[${slot}]`,
      reason: `gc.collect() cannot free ${countOf(count, 'object')} (${formatBytes(bytes)}): the ${fin ? `legacy finalizer (${fin}) of` : 'finalizer of'} ${describe(pin)} keeps them under ${sim.rules} rules`,
      retainedBytes: bytes,
      holds,
      held: Uint32Array.from(members),
    });
  }

  // Pending garbage: members of each garbage-forest tree whose fate is "collected".
  const entries = dom.garbageEntries ?? new Uint32Array(0);
  const parent = dom.treeParent;
  if (entries.length === 0 || !parent) return out;
  const entryIndex = new Map<number, number>();
  entries.forEach((v, i) => entryIndex.set(v, i));
  const members: number[][] = entries.length <= 100_000 ? Array.from(entries, () => []) : [];
  if (members.length === 0) return out;
  // Each garbage node climbs treeParent to its entry; memoised per node.
  const entryOf = new Int32Array(g.nodeCount).fill(-1);
  const stack: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) {
    if (sim.fates[v] !== Fate.Collected || dom.idom[v] !== -2) continue;
    let u = v;
    while (entryOf[u] < 0 && parent[u] >= 0) {
      stack.push(u);
      u = parent[u];
    }
    const e = entryOf[u] >= 0 ? entryOf[u] : (entryIndex.get(u) ?? -1);
    entryOf[u] = e;
    while (stack.length > 0) entryOf[stack.pop()!] = e;
    if (e >= 0) members[e].push(v);
  }
  // Groups too small to report alone (a heap of little dead cycles) are reported together.
  const rest: number[] = [];
  let restGroups = 0;
  for (let i = 0; i < entries.length; i++) {
    if (members[i].length === 0) continue;
    const { holds, bytes, count } = groupByType(ctx, members[i]);
    if (bytes < minBytes) {
      for (const v of members[i]) rest.push(v);
      restGroups++;
      continue;
    }
    const entry = entries[i];
    out.push({
      kind: 'pending-garbage',
      owner: entry,
      path: null,
      reason: `${countOf(count, 'object')} (${formatBytes(bytes)}) around ${describe(entry)} are garbage that the next gc.collect() frees; nothing has collected them yet`,
      retainedBytes: bytes,
      holds,
      held: Uint32Array.from(members[i]),
    });
  }
  const small = groupByType(ctx, rest);
  if (restGroups > 0 && small.bytes >= minBytes) {
    out.push({
      kind: 'pending-garbage',
      owner: -1,
      path: null,
      reason: `${countOf(small.count, 'object')} (${formatBytes(small.bytes)}) in ${countOf(restGroups, 'unreachable group')} are garbage that the next gc.collect() frees; nothing has collected them yet`,
      retainedBytes: small.bytes,
      holds: small.holds,
      held: Uint32Array.from(rest),
    });
  }
  return out;
}
