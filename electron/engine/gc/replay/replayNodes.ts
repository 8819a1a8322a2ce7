/**
 * Which objects a replay follows: the ones asked for and every member of their reference cycles
 * (strongly connected components under the edits), capped so a replay never becomes the whole
 * heap — a module's namespace cycle can hold thousands of objects.
 */
import type { HeapGraph } from '../../model/HeapGraph.js';
import type { EditOverlay } from '../../whatif/types.js';
import { strongComponents } from '../../analysis/scc.js';

export const defaultReplayLimit = 200;

export interface ReplayNodes {
  /** Ascending ordinals. */
  nodes: Uint32Array;
  /** True when the cycles held more objects than the limit (the asked-for ones are always in). */
  truncated: boolean;
}

export function replayNodes(graph: HeapGraph, seeds: readonly number[], overlay?: EditOverlay, limit = defaultReplayLimit): ReplayNodes {
  const { componentOf } = strongComponents(graph, overlay);
  const wanted = new Set<number>();
  for (const s of seeds) wanted.add(componentOf[s]);
  const picked = new Set<number>(seeds);
  let truncated = false;
  for (let x = 0; x < graph.nodeCount; x++) {
    if (!wanted.has(componentOf[x]) || picked.has(x)) continue;
    if (picked.size >= Math.max(limit, seeds.length)) {
      truncated = true;
      break;
    }
    picked.add(x);
  }
  return { nodes: Uint32Array.from(picked).sort(), truncated };
}
