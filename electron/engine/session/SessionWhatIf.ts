/**
 * SessionContext.whatIf for an EngineSession: the applied edits (oldest first), a redo stack, the
 * overlay they compile to (whatif/overlay.ts) and the delta each change made (computeDelta). Every
 * change invalidates the session's derived data (onChange) and saves the history by the dump's
 * content hash (HistoryStore), so edits survive a crash or a restart and come back when the same
 * dump is reopened.
 *
 * Saved form: EditHistory's (whatif/EditHistory.ts: format, version, contentHash, rules, saveAll,
 * edits, position), so an exported or autosaved history also loads in the CLI. The session keeps
 * its own simulation cache (rules switch without rebuilding the history); restoring validates the
 * file with EditHistory.fromJSON and sets it aside with a warning, rather than failing the open,
 * when it does not fit the dump.
 *
 * A save that does not reach the disk is never hidden: saveState() says so and why (every edit
 * response carries it), the history stays in memory, and the next change or retrySave() writes
 * it again.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import type { SimulationResult } from '../gc/types.js';
import type { Edit, EditDelta, EditOverlay } from '../whatif/types.js';
import { buildOverlay } from '../whatif/overlay.js';
import { computeDelta, describeEdit } from '../whatif/describeDelta.js';
import { EngineError } from '../errors.js';
import type { RuleSetId } from '../gc/types.js';
import { EditHistory, type SavedEditHistory } from '../whatif/EditHistory.js';
import type { WhatIfControl } from './context.js';
import type { HistoryHandle, SaveOutcome } from './HistoryStore.js';

/** What SessionWhatIf needs of its session: the graph and the current (cached) simulation. */
export interface WhatIfHost {
  readonly graph: HeapGraph;
  readonly contentHash: string;
  readonly rules: RuleSetId;
  readonly saveAll: boolean;
  simulation(): SimulationResult;
}

interface Step {
  edit: Edit;
  delta: EditDelta;
}

export class SessionWhatIf implements WhatIfControl {
  private applied: Step[] = [];
  /** Undone edits, the next to redo last. */
  private undone: Edit[] = [];
  private compiled: EditOverlay | undefined;
  private last: EditDelta | undefined;
  /** The outcome of the last save; undefined before the first change. */
  private outcome: SaveOutcome | undefined;
  constructor(
    private readonly host: WhatIfHost,
    private readonly onChange: () => void,
    private readonly store?: HistoryHandle,
  ) {}

  /** Whether the current history is on disk; `saveError` says why not. */
  saveState(): { saved: boolean; saveError?: string } {
    if (!this.store) return { saved: false, saveError: 'this session has no data folder: edits are kept in memory only' };
    const o = this.outcome ?? { saved: true };
    return o.saved ? { saved: true } : { saved: false, saveError: o.error ?? 'not saved' };
  }

  /** True when a change is waiting to reach the disk. */
  get unsaved(): boolean {
    return this.store !== undefined && this.outcome !== undefined && !this.outcome.saved;
  }

  /** Writes the history again after a failed save; returns whether it is now on disk. */
  retrySave(): boolean {
    if (!this.unsaved) return !this.outcome || this.outcome.saved;
    this.writeHistory();
    return this.outcome!.saved;
  }

  overlay(): EditOverlay | undefined {
    return this.compiled;
  }

  lastDelta(): EditDelta | undefined {
    return this.last;
  }

  apply(edit: Edit): EditDelta {
    const delta = this.change([...this.applied.map((s) => s.edit), edit], edit, describeEdit(this.host.graph, edit));
    this.applied.push({ edit, delta });
    this.undone = [];
    return this.saved(delta);
  }

  undo(): EditDelta | undefined {
    const step = this.applied.at(-1);
    if (!step) return undefined;
    const delta = this.change(this.applied.slice(0, -1).map((s) => s.edit), step.edit, `Undoing "${describeEdit(this.host.graph, step.edit)}"`);
    this.applied.pop();
    this.undone.push(step.edit);
    return this.saved(delta);
  }

  redo(): EditDelta | undefined {
    const edit = this.undone.at(-1);
    if (!edit) return undefined;
    const delta = this.change([...this.applied.map((s) => s.edit), edit], edit, describeEdit(this.host.graph, edit));
    this.undone.pop();
    this.applied.push({ edit, delta });
    return this.saved(delta);
  }

  revert(step: number): EditDelta {
    const target = this.applied[step];
    if (!target) throw new EngineError('OUT_OF_RANGE', `no edit step ${step} (there are ${this.applied.length})`);
    const remaining = this.applied.filter((_, i) => i !== step);
    const delta = this.change(remaining.map((s) => s.edit), target.edit, `Reverting "${describeEdit(this.host.graph, target.edit)}"`);
    this.applied = remaining;
    return this.saved(delta);
  }

  steps(): readonly Step[] {
    return this.applied;
  }

  redoable(): number {
    return this.undone.length;
  }

  toJSON(): SavedEditHistory {
    return {
      format: 'heapscope-edits',
      version: 1,
      contentHash: this.host.contentHash,
      rules: this.host.rules,
      saveAll: this.host.saveAll,
      edits: [...this.applied.map((s) => s.edit), ...[...this.undone].reverse()],
      position: this.applied.length,
    };
  }

  /**
   * Switches to the overlay of `edits` and returns the delta against the simulation before.
   * The overlay is built first: an edit that cannot apply throws before anything changes.
   */
  private change(edits: Edit[], edit: Edit, verb: string): EditDelta {
    const next = buildOverlay(this.host.graph, edits);
    const before = this.host.simulation();
    this.compiled = next;
    this.onChange();
    const after = this.host.simulation();
    this.last = computeDelta(this.host.graph, edit, verb, before, after);
    return this.last;
  }

  private saved(delta: EditDelta): EditDelta {
    this.writeHistory();
    return delta;
  }

  private writeHistory(): void {
    if (this.store) this.outcome = this.store.save(this.toJSON(), this.applied.length === 0 && this.undone.length === 0);
  }

  /**
   * Replays a saved history for this content hash; returns how many edits came back. Called by
   * the session once it can simulate (the host must already answer overlay() through this object).
   */
  restore(): number {
    const saved = this.store?.restored;
    if (saved === undefined) return 0;
    let history: EditHistory;
    try {
      history = EditHistory.fromJSON(saved, this.host.graph, this.host.contentHash);
    } catch (e) {
      // Does not fit this dump: keep the file aside and say so, rather than fail the open or lose it.
      this.store!.setAside(e instanceof Error ? e.message : String(e));
      return 0;
    }
    const edits = history.edits.slice(0, history.position);
    // Deltas are recomputed step by step, so the edit list shows what each step did.
    let before = this.host.simulation();
    for (let i = 0; i < edits.length; i++) {
      this.compiled = buildOverlay(this.host.graph, edits.slice(0, i + 1));
      this.onChange();
      const after = this.host.simulation();
      this.applied.push({ edit: edits[i], delta: computeDelta(this.host.graph, edits[i], describeEdit(this.host.graph, edits[i]), before, after) });
      before = after;
    }
    this.undone = history.edits.slice(history.position).reverse();
    this.last = this.applied.at(-1)?.delta;
    return edits.length;
  }

}
