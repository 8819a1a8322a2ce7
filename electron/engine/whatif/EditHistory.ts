/**
 * EditHistory: the what-if edits on one open dump, with undo/redo, removal of any step, and a
 * small JSON file tied to the dump by its sha-256 content hash. It never mutates the graph: each
 * state is an EditOverlay compiled from the applied edits (overlay.ts), and every step returns the
 * EditDelta between the simulation before and after (describeDelta.ts).
 *
 * State: `edits` holds every recorded edit; the first `position` of them are applied, the rest
 * can be redone. apply() after an undo discards the redo tail, as editors do.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import { EngineError } from '../errors.js';
import { simulate } from '../gc/simulate.js';
import { ruleSetIds, type RuleSetId, type SimulationResult } from '../gc/types.js';
import { rulesForVersion } from '../gc/rules.js';
import { type ReachabilityBaseline, reachabilityBaseline } from '../gc/ReachabilityBaseline.js';
import type { Edit, EditDelta, EditOverlay } from './types.js';
import { OverlayBuilder, buildOverlay } from './overlay.js';
import { computeDelta, describeEdit } from './describeDelta.js';
import { warmUpWhatIf } from './warmUp.js';

export interface EditHistoryOptions {
  rules?: RuleSetId;
  saveAll?: boolean;
  /** sha-256 of the dump file, written into toJSON(). */
  contentHash?: string;
}

/** The saved file. */
export interface SavedEditHistory {
  format: 'heapscope-edits';
  version: 1;
  contentHash: string;
  rules: RuleSetId;
  saveAll: boolean;
  edits: Edit[];
  position: number;
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

export class EditHistory {
  private list: Edit[] = [];
  private applied = 0;
  private current: { overlay: EditOverlay | undefined; result: SimulationResult } | null = null;
  private base: SimulationResult | null = null;
  private reach: ReachabilityBaseline | null = null;
  readonly rules: RuleSetId;
  readonly saveAll: boolean;
  readonly contentHash: string;

  constructor(
    readonly graph: HeapGraph,
    options: EditHistoryOptions = {},
  ) {
    this.rules = options.rules ?? rulesForVersion(graph.header.python);
    this.saveAll = options.saveAll ?? false;
    this.contentHash = options.contentHash ?? '';
  }

  /** Every recorded edit, including the ones undone (redoable). */
  get edits(): readonly Edit[] {
    return this.list;
  }

  /** How many of `edits` are applied. */
  get position(): number {
    return this.applied;
  }

  get canUndo(): boolean {
    return this.applied > 0;
  }

  get canRedo(): boolean {
    return this.applied < this.list.length;
  }

  /** The overlay of the applied edits, undefined when none are. */
  overlay(): EditOverlay | undefined {
    return this.state().overlay;
  }

  /** The simulation with the applied edits. */
  result(): SimulationResult {
    return this.state().result;
  }

  /** The simulation with no edits. */
  baseline(): SimulationResult {
    if (!this.base) {
      // Steps 1–3 run once for the dump, here; each edit then re-examines only what it can change.
      this.reach = reachabilityBaseline(this.graph);
      this.base = simulate(this.graph, { rules: this.rules, saveAll: this.saveAll, baseline: this.reach });
      warmUpWhatIf(this.graph, this.rules, this.saveAll, this.reach, this.base);
    }
    return this.base;
  }

  private run(overlay: EditOverlay | undefined): SimulationResult {
    const base = this.baseline();
    if (!overlay) return base;
    return simulate(this.graph, { rules: this.rules, saveAll: this.saveAll, overlay, baseline: this.reach! });
  }

  private state(): { overlay: EditOverlay | undefined; result: SimulationResult } {
    if (!this.current) {
      const overlay = buildOverlay(this.graph, this.list.slice(0, this.applied));
      this.current = { overlay, result: this.run(overlay) };
    }
    return this.current;
  }

  /** Moves to `edits`/`position`, returning the delta described by `verb`. */
  private moveTo(edits: Edit[], position: number, edit: Edit, verb: string, prebuilt?: EditOverlay): EditDelta {
    const before = this.result();
    const overlay = prebuilt ?? buildOverlay(this.graph, edits.slice(0, position));
    const result = this.run(overlay);
    this.list = edits;
    this.applied = position;
    this.current = { overlay, result };
    return computeDelta(this.graph, edit, verb, before, result);
  }

  /** Applies one edit (validated first: an EngineError leaves the history unchanged). */
  apply(edit: Edit): EditDelta {
    const b = new OverlayBuilder(this.graph);
    for (let i = 0; i < this.applied; i++) b.add(this.list[i]);
    b.add(edit);
    const edits = [...this.list.slice(0, this.applied), edit];
    return this.moveTo(edits, edits.length, edit, describeEdit(this.graph, edit), b.overlay());
  }

  undo(): EditDelta | null {
    if (!this.canUndo) return null;
    const edit = this.list[this.applied - 1];
    return this.moveTo(this.list, this.applied - 1, edit, `Undoing ${lowerFirst(describeEdit(this.graph, edit))}`);
  }

  redo(): EditDelta | null {
    if (!this.canRedo) return null;
    const edit = this.list[this.applied];
    return this.moveTo(this.list, this.applied + 1, edit, describeEdit(this.graph, edit));
  }

  /**
   * Removes step `index` (0-based into `edits`, applied or not). Removing a step never makes a
   * later one invalid: edits only remove references, so fewer edits leave more to remove.
   */
  revert(index: number): EditDelta {
    if (!Number.isInteger(index) || index < 0 || index >= this.list.length) {
      throw new EngineError('OUT_OF_RANGE', `no edit step ${index} (there ${this.list.length === 1 ? 'is 1' : `are ${this.list.length}`})`);
    }
    const edit = this.list[index];
    const edits = this.list.filter((_, i) => i !== index);
    const position = index < this.applied ? this.applied - 1 : this.applied;
    return this.moveTo(edits, position, edit, `Removing the step "${lowerFirst(describeEdit(this.graph, edit))}"`);
  }

  toJSON(): SavedEditHistory {
    return {
      format: 'heapscope-edits',
      version: 1,
      contentHash: this.contentHash,
      rules: this.rules,
      saveAll: this.saveAll,
      edits: this.list.map((e) => ({ ...e })),
      position: this.applied,
    };
  }

  /**
   * Reads a saved history (the parsed JSON or its text) for `graph`, whose dump has `contentHash`.
   * Throws EngineError HASH_MISMATCH for another dump's history, BAD_HISTORY for anything unreadable.
   * `options.rules`/`saveAll` override the saved ones.
   */
  static fromJSON(json: unknown, graph: HeapGraph, contentHash: string, options: Omit<EditHistoryOptions, 'contentHash'> = {}): EditHistory {
    let data = json;
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data) as unknown;
      } catch {
        throw new EngineError('BAD_HISTORY', 'the edit history is not valid JSON');
      }
    }
    const saved = checkSaved(data);
    if (saved.contentHash !== contentHash) {
      throw new EngineError(
        'HASH_MISMATCH',
        `this edit history belongs to another dump (sha-256 ${saved.contentHash.slice(0, 12)}…, this dump is ${contentHash.slice(0, 12)}…)`,
      );
    }
    const h = new EditHistory(graph, { rules: options.rules ?? saved.rules, saveAll: options.saveAll ?? saved.saveAll, contentHash });
    const b = new OverlayBuilder(graph);
    saved.edits.forEach((e, i) => {
      try {
        b.add(e);
      } catch (err) {
        if (err instanceof EngineError) throw new EngineError(err.code, `edit step ${i + 1} (${e.kind}): ${err.message}`);
        throw err;
      }
    });
    h.list = saved.edits;
    h.applied = saved.position;
    return h;
  }
}

function checkSaved(data: unknown): SavedEditHistory {
  const bad = (why: string): never => {
    throw new EngineError('BAD_HISTORY', `not a heapscope edit history: ${why}`);
  };
  if (typeof data !== 'object' || data === null) return bad('expected a JSON object');
  const d = data as Record<string, unknown>;
  if (d.format !== 'heapscope-edits') bad('missing "format": "heapscope-edits"');
  if (d.version !== 1) bad(`unsupported version ${JSON.stringify(d.version)} (this heapscope reads version 1)`);
  if (typeof d.contentHash !== 'string') bad('missing contentHash');
  if (!ruleSetIds.includes(d.rules as RuleSetId)) bad(`unknown rules ${JSON.stringify(d.rules)}`);
  if (typeof d.saveAll !== 'boolean') bad('saveAll must be true or false');
  if (!Array.isArray(d.edits)) return bad('edits must be a list');
  const edits = d.edits.map((e, i) => checkEdit(e, i, bad));
  const position = d.position;
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position > edits.length) {
    bad(`position must be a whole number from 0 to ${edits.length}`);
  }
  return { format: 'heapscope-edits', version: 1, contentHash: d.contentHash as string, rules: d.rules as RuleSetId, saveAll: d.saveAll as boolean, edits, position: position as number };
}

function checkEdit(e: unknown, i: number, bad: (why: string) => never): Edit {
  const step = `edit step ${i + 1}`;
  if (typeof e !== 'object' || e === null) return bad(`${step} is not an object`);
  const r = e as Record<string, unknown>;
  const addr = (k: string): number => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return bad(`${step}: ${k} must be an address`);
    return v;
  };
  switch (r.kind) {
    case 'drop-ref': {
      const edit: Edit = { kind: 'drop-ref', source: addr('source'), target: addr('target') };
      if (r.edge !== undefined) edit.edge = addr('edge');
      return edit;
    }
    case 'clear':
      return { kind: 'clear', address: addr('address') };
    case 'drop-external':
      return { kind: 'drop-external', address: addr('address'), count: addr('count') };
    case 'finalizer-effect':
      if (r.effect !== 'none' && r.effect !== 'resurrect' && r.effect !== 'drop-refs') return bad(`${step}: unknown effect`);
      return { kind: 'finalizer-effect', address: addr('address'), effect: r.effect };
    default:
      return bad(`${step}: unknown kind ${JSON.stringify(r.kind)}`);
  }
}
