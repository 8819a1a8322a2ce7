/**
 * Leak suspects for the subcommands (suspects, analyze, check): computed on the simulated heap with
 * the edits applied, and printed the same way everywhere.
 */
import { computeDominators } from '../engine/analysis/dominators.js';
import type { DominatorTree } from '../engine/analysis/types.js';
import { findSuspects } from '../engine/analysis/suspects/findSuspects.js';
import { pythonContext, type PythonContext } from '../engine/analysis/suspects/pythonContext.js';
import { rootTree, type RootTree } from '../engine/analysis/suspects/rootTree.js';
import type { Suspect } from '../engine/analysis/suspects/types.js';
import { suspectSentence, suspectsBytes } from '../engine/session/explore/suspects.js';
import type { HeapGraph } from '../engine/model/HeapGraph.js';
import type { SimulationResult } from '../engine/gc/types.js';
import type { Edit } from '../engine/whatif/types.js';
import type { SuspectDto } from '../../shared/suspectsApi.js';
import { bytes } from './openDump.js';
import { overlayOf } from './edits.js';

export interface SuspectsResult {
  dominators: DominatorTree;
  context: PythonContext;
  tree: RootTree;
  list: Suspect[];
  retainedBytes: number;
  sentence: string;
}

/** Suspects of the simulated heap (the edits applied), best first. */
export function suspectsOf(graph: HeapGraph, result: SimulationResult, edits: readonly Edit[]): SuspectsResult {
  const overlay = overlayOf(graph, edits);
  const dominators = computeDominators(graph, overlay);
  const context = pythonContext(graph);
  const tree = rootTree(graph, overlay);
  const list = findSuspects({ graph, dominators, simulation: result, overlay, context, tree });
  const retainedBytes = suspectsBytes(dominators, list);
  return { dominators, context, tree, list, retainedBytes, sentence: suspectSentence(result.uncollectable.length, list, retainedBytes) };
}

/** The human form of one suspect (four to five lines). */
export function suspectText(graph: HeapGraph, s: SuspectDto): string {
  const lines = [`#${s.index + 1} ${s.kind} — ${bytes(s.retainedBytes)} retained`];
  if (s.owner !== null) lines.push(`   owner: ${s.owner} (0x${s.owner.toString(16)}) ${s.ownerType}`);
  if (s.path !== null) lines.push(`   path:  ${s.path}`);
  lines.push(`   why:   ${s.reason}`);
  if (s.holds.length > 0) lines.push(`   holds: ${s.holds.slice(0, 4).map((h) => `${h.count} × ${h.type} (${bytes(h.bytes)})`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

