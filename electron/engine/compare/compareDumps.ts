/**
 * compareDumps: BASE → TARGET (→ FINAL), the engine behind `heapscope diff`, `check --baseline`
 * and the Comparison view. Reads as its steps:
 *
 *   1. relate the dumps (relation.ts): one process → object identity; otherwise type aggregates;
 *   2. choose what counts as present: every dumped object ("as-dumped") or what would survive a
 *      simulated gc.collect() under each dump's own rules ("after-collect", the default), so
 *      garbage waiting for a collection does not read as growth (the dumps are never changed);
 *   3. match TARGET's objects to BASE's (match.ts): new / survived, each exact, likely or unknown;
 *   4. per type: before, after, new, freed, delta, bytes delta and (optionally) retained delta;
 *   5. leak candidates grouped by signature (signature.ts): the new objects, or with FINAL
 *      memlab's rule — new in TARGET and still alive in FINAL.
 *
 * Per-object state stays in typed arrays (match.ts); only result rows are objects.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import { simulate } from '../gc/simulate.js';
import { Fate } from '../gc/types.js';
import { computeDominators } from '../analysis/dominators.js';
import { histogram } from '../analysis/histogram.js';
import { type ComparedDump, type Relation, identityOf, relate } from './relation.js';
import { Confidence, type Matching, Status, matchObjects } from './match.js';
import { type SignatureFn, mergedPathSignatures } from './signature.js';

export type CompareMode = 'after-collect' | 'as-dumped';

export interface TypeDelta {
  type: string;
  before: number;
  after: number;
  new: number;
  freed: number;
  delta: number;
  bytesDelta: number;
  /** Retained bytes after − before (dominator tree); present when asked for. */
  retainedDelta?: number;
}

export interface LeakGroup {
  signature: string;
  type: string;
  count: number;
  bytes: number;
  /** Addresses in TARGET, at most `maxLeakObjects`. */
  objects: number[];
  /** TARGET ordinals of `objects`. */
  nodes: number[];
  /** The most common allocation site ("file:line") of the group, when the dump has tracemalloc sites. */
  allocatedAt?: string;
}

export interface CompareOptions {
  mode?: CompareMode;
  /** Compute retained-bytes deltas (two dominator trees). Default false. */
  retained?: boolean;
  /** Objects listed per leak group (the count is always complete). Default: all. */
  maxLeakObjects?: number;
  /** Swap in another signature (e.g. the suspects work's merged paths). */
  signatures?: (g: HeapGraph, live?: Uint8Array) => SignatureFn;
}

export interface Comparison {
  mode: CompareMode;
  /** BASE → TARGET. */
  relation: Relation;
  /** TARGET → FINAL, with a FINAL dump. */
  finalRelation?: Relation;
  types: TypeDelta[];
  leaks: LeakGroup[];
  /** Over TARGET's present objects: how sure each one's new / survived status is. */
  identity: { exact: number; likely: number; unknown: number };
  /** BASE → TARGET matching, when the dumps are of one process. */
  matching?: Matching;
  /** Per TARGET node: 1 when it is present in this mode. */
  liveTarget: Uint8Array;
  /** Per TARGET node: 1 for leak candidates. */
  leakMask: Uint8Array;
  totals: { beforeObjects: number; afterObjects: number; beforeBytes: number; afterBytes: number };
  notes: string[];
}

/** 1 for objects that remain after a simulated full collection (alive, uncollectable, resurrected). */
export function survivorsOfCollect(g: HeapGraph): Uint8Array {
  const fates = simulate(g).fates;
  const live = new Uint8Array(g.nodeCount);
  for (let i = 0; i < live.length; i++) {
    const f = fates[i];
    live[i] = f === Fate.Alive || f === Fate.Uncollectable || f === Fate.Resurrected ? 1 : 0;
  }
  return live;
}

function presence(g: HeapGraph, mode: CompareMode): Uint8Array {
  return mode === 'after-collect' ? survivorsOfCollect(g) : new Uint8Array(g.nodeCount).fill(1);
}

interface Row {
  d: TypeDelta;
  beforeBytes: number;
  afterBytes: number;
}

export function compareDumps(base: ComparedDump, target: ComparedDump, final?: ComparedDump, options: CompareOptions = {}): Comparison {
  const mode = options.mode ?? 'after-collect';
  const relation = relate(base, target);
  const finalRelation = final ? relate(target, final) : undefined;
  const notes: string[] = [];
  if (relation.kind === 'aggregates') notes.push(relation.reason);
  if (finalRelation?.kind === 'aggregates') notes.push(`${finalRelation.reason}; no leak candidates without identity`);
  const B = base.graph;
  const T = target.graph;
  const liveB = presence(B, mode);
  const liveT = presence(T, mode);

  const rows = new Map<string, Row>();
  const rowOf = (name: string): Row => {
    let r = rows.get(name);
    if (!r) {
      r = { d: { type: name, before: 0, after: 0, new: 0, freed: 0, delta: 0, bytesDelta: 0 }, beforeBytes: 0, afterBytes: 0 };
      rows.set(name, r);
    }
    return r;
  };
  // Rows per type id, so the per-node loops do one array read instead of a string lookup.
  const rowsByTypeId = (g: HeapGraph): (Row | undefined)[] => new Array<Row | undefined>(g.strings.size);
  const rowsB = rowsByTypeId(B);
  const rowsT = rowsByTypeId(T);
  const rowB = (n: number): Row => (rowsB[B.typeIds[n]] ??= rowOf(B.strings.get(B.typeIds[n])));
  const rowT = (n: number): Row => (rowsT[T.typeIds[n]] ??= rowOf(T.strings.get(T.typeIds[n])));

  const totals = { beforeObjects: 0, afterObjects: 0, beforeBytes: 0, afterBytes: 0 };
  for (let n = 0; n < B.nodeCount; n++) {
    if (!liveB[n]) continue;
    const r = rowB(n);
    r.d.before++;
    r.beforeBytes += B.sizes[n];
    totals.beforeObjects++;
    totals.beforeBytes += B.sizes[n];
  }
  for (let n = 0; n < T.nodeCount; n++) {
    if (!liveT[n]) continue;
    const r = rowT(n);
    r.d.after++;
    r.afterBytes += T.sizes[n];
    totals.afterObjects++;
    totals.afterBytes += T.sizes[n];
  }

  const identity = { exact: 0, likely: 0, unknown: 0 };
  let matching: Matching | undefined;
  const leakMask = new Uint8Array(T.nodeCount);
  if (relation.kind === 'identity') {
    matching = matchObjects(B, T, identityOf(B)!.seq, liveB, liveT);
    const { status, confidence, matchedBefore } = matching;
    for (let n = 0; n < T.nodeCount; n++) {
      if (status[n] === Status.Absent) continue;
      const c = confidence[n];
      if (c === Confidence.Exact) identity.exact++;
      else if (c === Confidence.Likely) identity.likely++;
      else identity.unknown++;
      if (status[n] === Status.New) {
        rowT(n).d.new++;
        leakMask[n] = 1;
      }
    }
    for (let n = 0; n < B.nodeCount; n++) if (liveB[n] && !matchedBefore[n]) rowB(n).d.freed++;
    if (final) {
      if (finalRelation?.kind === 'identity') {
        // memlab's rule: new in TARGET and still the same object in FINAL (exact or likely).
        const F = final.graph;
        const toFinal = matchObjects(T, F, identityOf(T)!.seq, liveT, presence(F, mode));
        const kept = new Uint8Array(T.nodeCount);
        for (let f = 0; f < F.nodeCount; f++) {
          const t = toFinal.beforeOf[f];
          if (t >= 0 && toFinal.confidence[f] !== Confidence.Unknown) kept[t] = 1;
        }
        for (let n = 0; n < T.nodeCount; n++) leakMask[n] &= kept[n];
      } else {
        leakMask.fill(0);
      }
    }
  } else {
    identity.unknown = totals.afterObjects;
  }

  const types: TypeDelta[] = [];
  for (const r of rows.values()) {
    const d = r.d;
    d.delta = d.after - d.before;
    d.bytesDelta = r.afterBytes - r.beforeBytes;
    if (relation.kind === 'aggregates') {
      d.new = Math.max(0, d.delta);
      d.freed = Math.max(0, -d.delta);
    }
    if (d.new !== 0 || d.freed !== 0) types.push(d);
  }
  if (options.retained) addRetainedDeltas(B, T, liveB, liveT, types);
  types.sort((a, b) => b.delta - a.delta || b.bytesDelta - a.bytesDelta || b.new - a.new || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));

  const leaks = groupLeaks(T, leakMask, liveT, options);
  return { mode, relation, finalRelation, types, leaks, identity, matching, liveTarget: liveT, leakMask, totals, notes };
}

function addRetainedDeltas(B: HeapGraph, T: HeapGraph, liveB: Uint8Array, liveT: Uint8Array, types: TypeDelta[]): void {
  const retained = (g: HeapGraph, live: Uint8Array): Map<string, number> => {
    const rows = histogram(g, { dominators: computeDominators(g), mask: live });
    return new Map(rows.map((r) => [r.type, r.retainedBytes]));
  };
  const rb = retained(B, liveB);
  const rt = retained(T, liveT);
  for (const d of types) d.retainedDelta = (rt.get(d.type) ?? 0) - (rb.get(d.type) ?? 0);
}

function groupLeaks(T: HeapGraph, mask: Uint8Array, live: Uint8Array, options: CompareOptions): LeakGroup[] {
  let any = false;
  for (let n = 0; n < mask.length && !any; n++) any = mask[n] === 1;
  if (!any) return [];
  const sig = (options.signatures ?? mergedPathSignatures)(T, live);
  const max = options.maxLeakObjects ?? Infinity;
  const groups = new Map<string, LeakGroup>();
  for (let n = 0; n < T.nodeCount; n++) {
    if (!mask[n]) continue;
    const signature = sig(n);
    const type = T.strings.get(T.typeIds[n]);
    const key = `${type}\u0000${signature}`;
    let g = groups.get(key);
    if (!g) {
      g = { signature, type, count: 0, bytes: 0, objects: [], nodes: [] };
      groups.set(key, g);
    }
    g.count++;
    g.bytes += T.sizes[n];
    if (g.objects.length < max) {
      g.objects.push(T.addresses[n]);
      g.nodes.push(n);
    }
  }
  const sites = T.allocationSites;
  if (sites) for (const g of groups.values()) g.allocatedAt = commonSite(sites.names, sites.siteOf, g.nodes);
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes || b.count - a.count || (a.signature < b.signature ? -1 : 1));
}

function commonSite(names: readonly string[], siteOf: Int32Array, nodes: readonly number[]): string | undefined {
  const counts = new Map<number, number>();
  let best = -1;
  let bestCount = 0;
  for (const n of nodes) {
    const s = siteOf[n];
    if (s < 0) continue;
    const c = (counts.get(s) ?? 0) + 1;
    counts.set(s, c);
    if (c > bestCount) [best, bestCount] = [s, c];
  }
  return best >= 0 ? names[best] : undefined;
}
