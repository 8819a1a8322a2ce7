/**
 * Reference cycles as strongly connected components (SCCs) of the strong-reference graph.
 *
 * Algorithm: Tarjan, "Depth-first search and linear graph algorithms" (SIAM J. Comput. 1(2), 1972),
 * in the space-efficient form of Pearce ("A space-efficient algorithm for finding strongly connected
 * components", IPL 116(1), 2016): one `rindex` array serves as Tarjan's index and lowlink and, once
 * a node's component is complete, as its component number (numbers count down from n−1, so they
 * always compare above any live index); a bit per node says whether it is still a component root.
 * That matters here because touching fresh memory is the dominant cost on big heaps. Departures
 * from the paper: the recursion is an explicit call stack of (node, next out-edge) pairs in typed
 * arrays, because heaps are millions of objects deep (a linked list of 10^6 nodes would overflow
 * V8's stack); after a child returns, the parent re-reads the same edge, which performs Pearce's
 * post-visit lowlink update; edges removed by a what-if overlay and nodes outside an optional
 * subset are skipped as if absent. Every strong edge counts, including those tp_traverse does not
 * report: a cycle through a code object's co_consts still keeps its members alive.
 *
 * Start at `findCycles`; `strongComponents` is the raw pass (every node gets a component, singletons
 * included) and `subsetComponents` runs it on part of the graph (dominators.ts uses it on garbage).
 * Summaries live in cycleSummaries.ts.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import type { EditOverlay } from '../whatif/types.js';
import type { CycleSet } from './types.js';
import { type AnalysisScratch, int32Of, uint8Of } from './AnalysisScratch.js';

export interface Components {
  /** Per node (or per subset member): its component, numbered in the order they complete (reverse topological). */
  componentOf: Int32Array;
  count: number;
}

/** Scratch roles: computeDominators' (dominators.ts, length n + 1) for whole-heap passes. */
const wholeHeapRoles = ['dom.vertex', 'dom.parent', 'dom.semi'] as const;
const subsetRoles = ['scc.stack', 'scc.callNode', 'scc.callEdge'] as const;

/** Pearce's iterative pass; returns its two call-stack arrays too, as scratch space for callers. */
function pearce(
  graph: HeapGraph,
  overlay: EditOverlay | undefined,
  m: number,
  nodes: Uint32Array | null,
  localOf: Int32Array | null,
  scratch: AnalysisScratch | undefined,
): Components & { scratchA: Int32Array; scratchB: Int32Array; selfLoop: Uint8Array } {
  const firstOut = graph.firstOutEdge;
  const targets = graph.edgeTargets;
  const removed = overlay?.removedEdges;
  // rindex: 0 = unvisited; below c = visit index / lowlink; above c = complete, component m-1-rindex.
  const rindex = new Int32Array(m);
  // Bit 1: still a component root (Pearce's `root`); bit 2: has an edge to itself.
  const bits = uint8Of(scratch, 'scc.bits', m);
  if (scratch) bits.fill(0);
  // Pearce's stack S of visited nodes whose component is not complete and that are not roots.
  // A whole-heap pass borrows three of the dominator pass's work arrays (the two never run at once;
  // 12 bytes an object less held by a session); a subset pass runs inside that pass: its own.
  const roles = nodes ? subsetRoles : wholeHeapRoles;
  const work = (role: string): Int32Array => (nodes ? int32Of(scratch, role, m) : int32Of(scratch, role, m + 1).subarray(0, m));
  const stack = work(roles[0]);
  const callNode = work(roles[1]);
  const callEdge = work(roles[2]);
  let sp = 0;
  let index = 1;
  let c = m - 1;
  for (let s = 0; s < m; s++) {
    if (rindex[s] !== 0) continue;
    rindex[s] = index++;
    bits[s] |= 1;
    callNode[0] = s;
    callEdge[0] = firstOut[nodes ? nodes[s] : s];
    let csp = 1;
    while (csp > 0) {
      const v = callNode[csp - 1];
      const end = firstOut[(nodes ? nodes[v] : v) + 1];
      let e = callEdge[csp - 1];
      let child = -1;
      for (; e < end; e++) {
        if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
        const w = localOf ? localOf[targets[e]] : targets[e];
        if (w < 0) continue;
        if (rindex[w] === 0) {
          child = w;
          break;
        }
        if (w === v) bits[v] |= 2;
        // Also the post-visit update when w is the child that just returned (same edge re-read).
        if (rindex[w] < rindex[v]) {
          rindex[v] = rindex[w];
          bits[v] &= ~1;
        }
      }
      if (child >= 0) {
        callEdge[csp - 1] = e;
        rindex[child] = index++;
        bits[child] |= 1;
        callNode[csp] = child;
        callEdge[csp] = firstOut[nodes ? nodes[child] : child];
        csp++;
        continue;
      }
      csp--;
      if (bits[v] & 1) {
        index--;
        while (sp > 0 && rindex[v] <= rindex[stack[sp - 1]]) {
          rindex[stack[--sp]] = c;
          index--;
        }
        rindex[v] = c--;
      } else {
        stack[sp++] = v;
      }
    }
  }
  const count = m - 1 - c;
  for (let v = 0; v < m; v++) rindex[v] = m - 1 - rindex[v];
  return { componentOf: rindex, count, scratchA: callNode, scratchB: callEdge, selfLoop: bits };
}

/** Components of the whole graph under `overlay`. O(nodes + edges). */
export function strongComponents(graph: HeapGraph, overlay?: EditOverlay, scratch?: AnalysisScratch): Components {
  const { componentOf, count } = pearce(graph, overlay, graph.nodeCount, null, null, scratch);
  return { componentOf, count };
}

/**
 * Components of the subgraph induced by `nodes` (local i = nodes[i]); `localOf[node]` is the local
 * number of a member, negative for everything else. componentOf is indexed by local number.
 */
export function subsetComponents(graph: HeapGraph, nodes: Uint32Array, localOf: Int32Array, overlay?: EditOverlay, scratch?: AnalysisScratch): Components {
  const { componentOf, count } = pearce(graph, overlay, nodes.length, nodes, localOf, scratch);
  return { componentOf, count };
}

/**
 * Every reference cycle: components with more than one member, or one member referencing itself.
 * Cycles are numbered by their lowest member ordinal; members are listed in ascending ordinal.
 * Pass an AnalysisScratch to reuse work arrays between calls.
 */
export function findCycles(graph: HeapGraph, overlay?: EditOverlay, scratch?: AnalysisScratch): CycleSet {
  const n = graph.nodeCount;
  const { componentOf, count: compCount, scratchA, scratchB, selfLoop } = pearce(graph, overlay, n, null, null, scratch);
  // The call stacks are free now: reuse them rather than touch fresh memory.
  const compSize = scratchA.fill(0, 0, compCount);
  for (let i = 0; i < n; i++) compSize[componentOf[i]]++;
  // Component -> cycle number, assigned in ascending order of the lowest member.
  const cycleOfComp = scratchB.fill(-1, 0, compCount);
  // componentOf becomes cycleOf in place: entry i is read before it is overwritten.
  const cycleOf = componentOf;
  let count = 0;
  let memberCount = 0;
  for (let i = 0; i < n; i++) {
    const comp = componentOf[i];
    let cyc = cycleOfComp[comp];
    if (cyc === -1) {
      if (compSize[comp] === 1 && (selfLoop[i] & 2) === 0) cyc = cycleOfComp[comp] = -2;
      else cyc = cycleOfComp[comp] = count++;
    }
    if (cyc >= 0) {
      cycleOf[i] = cyc;
      memberCount++;
    } else {
      cycleOf[i] = -1;
    }
  }
  const firstMember = new Uint32Array(count + 1);
  for (let i = 0; i < n; i++) if (cycleOf[i] >= 0) firstMember[cycleOf[i] + 1]++;
  for (let c = 0; c < count; c++) firstMember[c + 1] += firstMember[c];
  const cursor = firstMember.slice(0, count);
  const members = new Uint32Array(memberCount);
  for (let i = 0; i < n; i++) if (cycleOf[i] >= 0) members[cursor[cycleOf[i]]++] = i;
  return { cycleOf, firstMember, members, count };
}

export { cycleSummaries, cycleFate, cycleRetainedBytes, type CycleSummaryOptions } from './cycleSummaries.js';
