/**
 * What the Cycles view and `heapscope cycles` say about each cycle found by scc.ts: size, bytes,
 * member types, finalizers, retained bytes and fate. Start at `cycleSummaries`.
 *
 * Retained bytes of a cycle = sum of the retained sizes of the members whose dominator-tree parent
 * is not itself a member. That counts nothing twice: if member a dominated member b through a
 * chain a → x → … → b, every x on the chain is reachable from a and reaches b, which reaches a —
 * so x is in the same component; hence a dominated member's parent is always a member too, and the
 * counted members' subtrees are disjoint. It is what freeing the members one by one would free;
 * objects held only by the cycle *as a whole* (by two members, neither dominating) are included
 * only when something in the cycle dominates them (for a garbage cycle, its entry node does).
 */
import { type HeapGraph, finalizerNames } from '../model/HeapGraph.js';
import type { FateCode } from '../gc/types.js';
import type { CycleSet, CycleSummary, DominatorTree } from './types.js';

export interface CycleSummaryOptions {
  /** Adds retainedBytes. */
  dominators?: DominatorTree;
  /** Per-node FateCodes (SimulationResult.fates): adds fate. */
  fates?: Uint8Array;
  /** First cycle to summarise (default 0) and how many (default all). */
  start?: number;
  count?: number;
}

/** The fate shared by every member of cycle `c`, or 'mixed'. */
export function cycleFate(cycles: CycleSet, c: number, fates: Uint8Array): FateCode | 'mixed' {
  const from = cycles.firstMember[c];
  const to = cycles.firstMember[c + 1];
  const first = fates[cycles.members[from]];
  for (let i = from + 1; i < to; i++) if (fates[cycles.members[i]] !== first) return 'mixed';
  return first as FateCode;
}

/** Bytes freed by freeing every member of cycle `c` (see the file header). */
export function cycleRetainedBytes(cycles: CycleSet, c: number, dominators: DominatorTree): number {
  const parent = dominators.treeParent ?? dominators.idom;
  let total = 0;
  for (let i = cycles.firstMember[c]; i < cycles.firstMember[c + 1]; i++) {
    const m = cycles.members[i];
    const p = parent[m];
    if (p < 0 || cycles.cycleOf[p] !== c) total += dominators.retainedSizes[m];
  }
  return total;
}

function countsToList<K extends string>(counts: Map<number, number>, name: (id: number) => string, key: K): ({ [P in K]: string } & { count: number })[] {
  const rows = [...counts].map(([id, count]) => ({ [key]: name(id), count }) as { [P in K]: string } & { count: number });
  rows.sort((a, b) => b.count - a.count || (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : 0));
  return rows;
}

/** Counts per id with a typed array, for cycles too big for a Map per member. */
class DenseCounter {
  private readonly counts: Float64Array;
  private readonly touched: number[] = [];
  constructor(size: number) {
    this.counts = new Float64Array(size);
  }
  add(id: number): void {
    if (this.counts[id]++ === 0) this.touched.push(id);
  }
  /** The counts as a Map, then reset. */
  drain(): Map<number, number> {
    const out = new Map<number, number>();
    for (const id of this.touched) {
      out.set(id, this.counts[id]);
      this.counts[id] = 0;
    }
    this.touched.length = 0;
    return out;
  }
}

/** Summaries of cycles start .. start+count-1, in CycleSet order. O(members summarised). */
export function cycleSummaries(graph: HeapGraph, cycles: CycleSet, opts: CycleSummaryOptions = {}): CycleSummary[] {
  const start = Math.max(0, opts.start ?? 0);
  const end = Math.min(cycles.count, start + (opts.count ?? cycles.count));
  const out: CycleSummary[] = [];
  let dense: DenseCounter | undefined;
  for (let c = start; c < end; c++) {
    const from = cycles.firstMember[c];
    const to = cycles.firstMember[c + 1];
    let bytes = 0;
    let types: Map<number, number>;
    const fins = new Map<number, number>();
    if (to - from > 256) {
      dense ??= new DenseCounter(graph.strings.size);
      for (let i = from; i < to; i++) {
        const m = cycles.members[i];
        bytes += graph.sizes[m];
        dense.add(graph.typeIds[m]);
        const f = graph.finalizers[m];
        if (f !== 0) fins.set(f, (fins.get(f) ?? 0) + 1);
      }
      types = dense.drain();
    } else {
      types = new Map<number, number>();
      for (let i = from; i < to; i++) {
        const m = cycles.members[i];
        bytes += graph.sizes[m];
        const t = graph.typeIds[m];
        types.set(t, (types.get(t) ?? 0) + 1);
        const f = graph.finalizers[m];
        if (f !== 0) fins.set(f, (fins.get(f) ?? 0) + 1);
      }
    }
    const summary: CycleSummary = {
      cycle: c,
      size: to - from,
      bytes,
      types: countsToList(types, (id) => graph.strings.get(id), 'type'),
      finalizers: countsToList(fins, (id) => finalizerNames[id] ?? String(id), 'kind'),
      hasFinalizers: fins.size > 0,
    };
    if (opts.dominators) summary.retainedBytes = cycleRetainedBytes(cycles, c, opts.dominators);
    if (opts.fates) summary.fate = cycleFate(cycles, c, opts.fates);
    out.push(summary);
  }
  return out;
}
