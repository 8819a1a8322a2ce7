/**
 * What every API handler sees of one open dump. EngineSession (EngineSession.ts) implements it;
 * explore handlers (explore/) and core handlers take it as their first argument, so neither
 * needs the other's code. Everything derived is computed lazily and cached until an edit or a
 * rule change invalidates it.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import type { RuleSetId, SimulationResult } from '../gc/types.js';
import type { CycleSet, DominatorTree } from '../analysis/types.js';
import type { EditDelta, EditOverlay } from '../whatif/types.js';

export interface SessionContext {
  readonly graph: HeapGraph;
  readonly dumpPath: string;
  /** sha-256 of the dump file's bytes, ties saved edit histories to it. */
  readonly contentHash: string;
  readonly rules: RuleSetId;
  readonly saveAll: boolean;
  /** The simulation under the current rules with the current edits applied. */
  simulation(): SimulationResult;
  /** The simulation with no edits (for "before" comparisons). */
  baseline(): SimulationResult;
  cycles(): CycleSet;
  dominators(): DominatorTree;
  /** Current edit overlay (undefined when there are no edits). */
  overlay(): EditOverlay | undefined;
  /** Last delta produced by an edit, undo or redo. */
  lastDelta(): EditDelta | undefined;
}
