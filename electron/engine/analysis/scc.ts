/**
 * Reference cycles as strongly connected components (SCCs) of the strong-reference graph.
 *
 * Algorithm: Tarjan, "Depth-first search and linear graph algorithms" (SIAM J. Comput. 1(2), 1972),
 * made iterative: the recursion becomes an explicit call stack of (node, next out-edge) pairs in
 * typed arrays, because heaps are millions of objects deep (a linked list of 10^6 nodes would
 * overflow V8's stack). Departures from the paper: (1) the "on stack" bit is not stored — a visited
 * node is on Tarjan's stack exactly while it has no component yet (`componentOf === -1`), as in
 * Pearce's space-efficient variant; (2) edges removed by a what-if overlay and nodes outside an
 * optional mask are skipped as if absent. Every strong edge counts, including those tp_traverse
 * does not report: a cycle through a code object's co_consts still keeps its members alive.
 *
 * Start at `findCycles`; `strongComponents` is the raw pass (every node gets a component, singletons
 * included) that dominators.ts reuses on the garbage subgraph. Summaries live in cycleSummaries.ts.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import type { EditOverlay } from '../whatif/types.js';
import type { CycleSet } from './types.js';

export interface Components {
  /** Per node: its component, numbered in the order Tarjan completes them (reverse topological); -1 outside the mask. */
  componentOf: Int32Array;
  count: number;
}

/**
 * Tarjan over the nodes with mask[n] !== 0 (all nodes when no mask), following non-removed edges
 * that stay inside the mask. O(nodes + edges), four Int32/Uint32 arrays of nodeCount.
 */
export function strongComponents(graph: HeapGraph, overlay?: EditOverlay, mask?: Uint8Array): Components {
  const n = graph.nodeCount;
  const firstOut = graph.firstOutEdge;
  const targets = graph.edgeTargets;
  const removed = overlay?.removedEdges;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const componentOf = new Int32Array(n).fill(-1);
  // Tarjan's stack of visited nodes whose component is not yet known.
  const stack = new Uint32Array(n);
  // Explicit call stack: node and the next out-edge to look at.
  const callNode = new Uint32Array(n);
  const callEdge = new Uint32Array(n);
  let sp = 0;
  let counter = 0;
  let count = 0;

  for (let start = 0; start < n; start++) {
    if (index[start] !== -1 || (mask && !mask[start])) continue;
    index[start] = low[start] = counter++;
    stack[sp++] = start;
    callNode[0] = start;
    callEdge[0] = firstOut[start];
    let csp = 1;
    while (csp > 0) {
      const v = callNode[csp - 1];
      let e = callEdge[csp - 1];
      const end = firstOut[v + 1];
      let descended = false;
      // Invariant: low[v] = min index reachable from v's finished subtree via one back/cross edge
      // into a node still on Tarjan's stack.
      for (; e < end; e++) {
        if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
        const w = targets[e];
        if (mask && !mask[w]) continue;
        if (index[w] === -1) {
          callEdge[csp - 1] = e + 1;
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          callNode[csp] = w;
          callEdge[csp] = firstOut[w];
          csp++;
          descended = true;
          break;
        }
        if (componentOf[w] === -1 && index[w] < low[v]) low[v] = index[w];
      }
      if (descended) continue;
      csp--;
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp];
          componentOf[w] = count;
        } while (w !== v);
        count++;
      }
      if (csp > 0) {
        const u = callNode[csp - 1];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  return { componentOf, count };
}

/** True when `node` has a non-removed edge to itself. */
function hasSelfLoop(graph: HeapGraph, node: number, removed: Uint32Array | undefined): boolean {
  const end = graph.firstOutEdge[node + 1];
  for (let e = graph.firstOutEdge[node]; e < end; e++) {
    if (graph.edgeTargets[e] !== node) continue;
    if (removed && removed[e >>> 5] & (1 << (e & 31))) continue;
    return true;
  }
  return false;
}

/**
 * Every reference cycle: components with more than one member, or one member referencing itself.
 * Cycles are numbered by their lowest member ordinal; members are listed in ascending ordinal.
 */
export function findCycles(graph: HeapGraph, overlay?: EditOverlay): CycleSet {
  const n = graph.nodeCount;
  const { componentOf, count: compCount } = strongComponents(graph, overlay);
  const removed = overlay?.removedEdges;
  const compSize = new Uint32Array(compCount);
  for (let i = 0; i < n; i++) compSize[componentOf[i]]++;
  // Component -> cycle number, assigned in ascending order of the lowest member.
  const cycleOfComp = new Int32Array(compCount).fill(-1);
  const cycleOf = new Int32Array(n).fill(-1);
  let count = 0;
  let memberCount = 0;
  for (let i = 0; i < n; i++) {
    const c = componentOf[i];
    let cyc = cycleOfComp[c];
    if (cyc === -1) {
      if (compSize[c] === 1 && !hasSelfLoop(graph, i, removed)) continue;
      cyc = cycleOfComp[c] = count++;
    }
    cycleOf[i] = cyc;
    memberCount++;
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
