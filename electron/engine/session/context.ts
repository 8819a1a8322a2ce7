/**
 * What every API handler sees of one open dump. EngineSession (EngineSession.ts) implements it;
 * explore handlers (explore/) and core handlers take it as their first argument, so neither
 * needs the other's code. Everything derived is computed lazily and cached until an edit or a
 * rule change invalidates it.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import type { RuleSetId, SimulationResult } from '../gc/types.js';
import type { CycleSet, DominatorTree } from '../analysis/types.js';
import type { Edit, EditDelta, EditOverlay } from '../whatif/types.js';

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
  /**
   * What-if editing, used by the explore handlers (applyEdit, undoEdit…). EngineSession implements
   * it (SessionWhatIf.ts) and invalidates simulation()/cycles()/dominators() on every change.
   *
   * Nothing lost: every apply/undo/redo/revert through this object is saved at once, keyed by
   * contentHash, in EditHistory's file format, and restored when the same dump is reopened — so
   * handlers must change edits only through `whatIf`, never by building overlays of their own.
   * Each change also counts as an unexported edit (the window asks before closing); a method whose
   * name starts with `export` (exportEdits, exportReport) clears that count when it succeeds.
   */
  readonly whatIf?: WhatIfControl;
}

/** The session's edit history as the explore handlers drive it. Every change returns its delta. */
export interface WhatIfControl {
  apply(edit: Edit): EditDelta;
  /** Undefined when there is nothing to undo / redo. */
  undo(): EditDelta | undefined;
  redo(): EditDelta | undefined;
  /** Remove applied step `step` (0-based), keeping the later ones. */
  revert(step: number): EditDelta;
  /** Applied steps, oldest first, with the delta each produced when applied. */
  steps(): readonly { edit: Edit; delta: EditDelta }[];
  /** Undone steps redo would re-apply. */
  redoable(): number;
  /** The saved-history form (EditHistory.toJSON()). */
  toJSON(): unknown;
  /** Whether the history is on disk (saved), and why not (saveError). */
  saveState(): { saved: boolean; saveError?: string };
  /** Writes a history whose last save failed again; true when it is on disk now. */
  retrySave(): boolean;
}
