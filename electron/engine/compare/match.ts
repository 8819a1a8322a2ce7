/**
 * matchObjects: which objects of a later dump (AFTER) are the very objects of an earlier one
 * (BEFORE) of the same process, and how sure that is. CPython never moves an object, so a
 * survivor has the same address in both dumps; but addresses are reused, so the same address and
 * type is not proof (objgraph's get_new_ids is wrong for that reason). The evidence, strongest
 * first:
 *
 *   1. `firstSeen` (the dumper's weak-reference registry, FORMAT.md "Identity"): an object first
 *      seen by dump g ≤ BEFORE's sequence number is a survivor; g > it means new. Exact.
 *   2. No object at that address in BEFORE, or one of another type: new. Exact for tracked
 *      objects (the census holds every one of them), likely for untracked ones.
 *   3. Same address and type, no registry evidence (dicts, lists, tuples, strings…): survived,
 *      likely, when a survivor held it in BEFORE and still holds it (the edge exists in both
 *      dumps); spread outwards from the survivors of 1 breadth first.
 *   4. Still undecided and every referrer is new: new, likely (the __dict__ of a new instance that
 *      happens to sit where a freed one was); spread from the new objects.
 *   5. The rest: survived — likely when the structure is unchanged (same size and the same
 *      referents, by address), unknown otherwise.
 *
 * Only live objects take part (`live` masks, e.g. what survives a simulated gc.collect()). Runs
 * in O(nodes + edges) over typed arrays; no recursion. Start at `matchObjects`.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import { NodeFlag } from '../model/HeapGraph.js';

export const Status = { Absent: 0, New: 1, Survived: 2 } as const;
export const Confidence = { Exact: 0, Likely: 1, Unknown: 2 } as const;
export const confidenceNames = ['exact', 'likely', 'unknown'] as const;

export interface Matching {
  /** Per AFTER node: Status (Absent when not live). */
  status: Uint8Array;
  /** Per AFTER node: Confidence of its status. */
  confidence: Uint8Array;
  /** Per AFTER node: the BEFORE node it is, for survivors; -1 otherwise. */
  beforeOf: Int32Array;
  /** Per BEFORE node: 1 when some AFTER survivor is it. */
  matchedBefore: Uint8Array;
}

/** BEFORE type id per AFTER type id (-1 when BEFORE has no such type name). */
export function typeIdMap(before: HeapGraph, after: HeapGraph): Int32Array {
  const map = new Int32Array(Math.max(1, after.strings.size)).fill(-2);
  const t = after.typeIds;
  for (let i = 0; i < after.nodeCount; i++) {
    const id = t[i];
    if (map[id] === -2) map[id] = before.strings.find(after.strings.get(id));
  }
  return map;
}

export function matchObjects(
  before: HeapGraph,
  after: HeapGraph,
  beforeSeq: number,
  liveBefore?: Uint8Array,
  liveAfter?: Uint8Array,
): Matching {
  const n = after.nodeCount;
  const status = new Uint8Array(n);
  const confidence = new Uint8Array(n);
  const beforeOf = new Int32Array(n).fill(-1);
  const matchedBefore = new Uint8Array(before.nodeCount);
  const types = typeIdMap(before, after);
  const seenA = after.firstSeen;
  const seenB = before.firstSeen;
  const addr = after.addresses;
  const flags = after.flags;
  const queue = new Int32Array(Math.max(1, n));
  let qh = 0;
  let qt = 0;
  // Candidate BEFORE node at the same address and type (rule 3 and later), -1 if none.
  const cand = new Int32Array(n).fill(-1);

  const survive = (t: number, b: number, c: number): void => {
    status[t] = Status.Survived;
    confidence[t] = c;
    beforeOf[t] = b;
    matchedBefore[b] = 1;
  };

  // Rules 1 and 2; survivors queue for rule 3.
  for (let t = 0; t < n; t++) {
    if (liveAfter && !liveAfter[t]) continue;
    let b = before.index.get(addr[t]);
    if (b >= 0 && liveBefore && !liveBefore[b]) b = -1;
    const sameType = b >= 0 && types[after.typeIds[t]] === before.typeIds[b];
    const g = seenA ? seenA[t] : 0;
    if (g > 0) {
      if (g > beforeSeq) {
        status[t] = Status.New;
        confidence[t] = Confidence.Exact;
      } else if (sameType) {
        survive(t, b, Confidence.Exact);
        queue[qt++] = t;
      } else {
        // Seen before BEFORE yet not live in it (left out of it, or garbage there): it did exist.
        status[t] = Status.Survived;
        confidence[t] = Confidence.Likely;
      }
    } else if (!sameType) {
      status[t] = Status.New;
      confidence[t] = b >= 0 || (flags[t] & NodeFlag.Tracked) !== 0 ? Confidence.Exact : Confidence.Likely;
    } else if (seenB && seenB[b] > 0 && seenA) {
      // BEFORE's object was registered and this one is not: it died and this one is new.
      status[t] = Status.New;
      confidence[t] = Confidence.Exact;
    } else {
      cand[t] = b;
    }
  }

  // Rule 3: a survivor that held the candidate's address in BEFORE still holds it.
  const stamp = new Int32Array(before.nodeCount).fill(-1);
  const outA = after.firstOutEdge;
  const tgtA = after.edgeTargets;
  const outB = before.firstOutEdge;
  const tgtB = before.edgeTargets;
  while (qh < qt) {
    const p = queue[qh++];
    const bp = beforeOf[p];
    if (bp < 0) continue;
    for (let e = outB[bp]; e < outB[bp + 1]; e++) stamp[tgtB[e]] = p;
    for (let e = outA[p]; e < outA[p + 1]; e++) {
      const c = tgtA[e];
      if (status[c] !== Status.Absent || cand[c] < 0) continue;
      if (stamp[cand[c]] === p) {
        survive(c, cand[c], Confidence.Likely);
        queue[qt++] = c;
      }
    }
  }

  // Rule 4: undecided objects all of whose live referrers are new.
  const remaining = new Int32Array(n);
  const firstIn = after.firstInEdge;
  const inEdges = after.inEdges;
  const srcA = after.edgeSources;
  qh = 0;
  qt = 0;
  for (let t = 0; t < n; t++) {
    if (status[t] === Status.New) queue[qt++] = t;
    else if (status[t] === Status.Absent && cand[t] >= 0) {
      let live = 0;
      for (let i = firstIn[t]; i < firstIn[t + 1]; i++) {
        const s = srcA[inEdges[i]];
        if (!liveAfter || liveAfter[s]) live++;
      }
      remaining[t] = live;
    }
  }
  while (qh < qt) {
    const p = queue[qh++];
    for (let e = outA[p]; e < outA[p + 1]; e++) {
      const c = tgtA[e];
      if (status[c] !== Status.Absent || cand[c] < 0 || remaining[c] <= 0) continue;
      if (--remaining[c] === 0) {
        status[c] = Status.New;
        confidence[c] = Confidence.Likely;
        queue[qt++] = c;
      }
    }
  }

  // Rule 5: the rest survived; unchanged structure makes it likely.
  const addrB = before.addresses;
  for (let t = 0; t < n; t++) {
    if (status[t] !== Status.Absent || cand[t] < 0) continue;
    const b = cand[t];
    let same = after.sizes[t] === before.sizes[b] && outA[t + 1] - outA[t] === outB[b + 1] - outB[b];
    for (let i = 0; same && i < outA[t + 1] - outA[t]; i++) same = addr[tgtA[outA[t] + i]] === addrB[tgtB[outB[b] + i]];
    survive(t, b, same ? Confidence.Likely : Confidence.Unknown);
  }
  return { status, confidence, beforeOf, matchedBefore };
}
