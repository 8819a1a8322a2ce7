/**
 * EngineSession: one open dump and everything derived from it, behind the API contract. It
 * implements SessionContext (what every handler sees), answers the core session methods
 * (`overview`, `setRules`) itself and dispatches every other method to `exploreHandlers`, so the
 * explore work adds methods without touching this file. `handle` never throws: errors leave as
 * ApiError values with a code.
 *
 * Derived data (simulation, cycles, dominators) is computed on first use and cached; a rule
 * change drops the simulations, an edit drops everything that reads the overlay. After every
 * what-if change the edit history is saved (HistoryStore) so nothing is lost.
 */
import { isAllocationFailure } from '../model/allocate.js';
import type { ApiError, ApiResult, DumpInfo, Overview, RuleSetId as ApiRuleSetId } from '../../../shared/api.js';
import type { HeapGraph } from '../model/HeapGraph.js';
import type { RuleSetId, SimulationResult } from '../gc/types.js';
import { simulate } from '../gc/simulate.js';
import { notAliveNodes } from '../gc/notAlive.js';
import { rulesForVersion } from '../gc/rules.js';
import { reachabilityBaseline, type ReachabilityBaseline } from '../gc/ReachabilityBaseline.js';
import { AnalysisScratch } from '../analysis/AnalysisScratch.js';
import { findCycles } from '../analysis/scc.js';
import { editsKeepCycles } from '../analysis/cyclesUnderEdits.js';
import { computeDominators } from '../analysis/dominators.js';
import type { CycleSet, DominatorTree } from '../analysis/types.js';
import type { EditDelta, EditOverlay } from '../whatif/types.js';
import { isEngineError } from '../errors.js';
import { isHeapFormatError } from '../formats/index.js';
import { exploreHandlers, forgetEditedViews } from './explore/index.js';
import { verdictOf } from './explore/edits.js';
import { warmUpWhatIf } from '../whatif/warmUp.js';
import type { SessionContext, WhatIfControl } from './context.js';
import { buildOverview } from './overview.js';
import { SessionWhatIf } from './SessionWhatIf.js';
import type { HistoryHandle, HistoryStore } from './HistoryStore.js';
import { buildSuffix, interpreterBuild } from '../gc/interpreterBuild.js';

export interface EngineSessionInit {
  graph: HeapGraph;
  dumpPath: string;
  bytes: number;
  contentHash: string;
  format: string;
  /** Saves and restores edit histories; omitted in tests and the CLI. */
  histories?: HistoryStore;
}

type Handler = (session: SessionContext, request: never) => unknown;

export class EngineSession implements SessionContext {
  readonly graph: HeapGraph;
  readonly dumpPath: string;
  readonly contentHash: string;
  readonly defaultRules: RuleSetId;
  rules: RuleSetId;
  saveAll = false;
  readonly whatIf: WhatIfControl;
  /**
   * Applied edits that the last export (exportEdits / exportReport) or the restored history did not
   * hold: closing asks about these. An edit and its undo leave none. The applied steps past the
   * prefix they share with the exported ones are the new ones.
   */
  get unexportedEdits(): number {
    const now = this.whatIf.steps();
    let same = 0;
    while (same < now.length && same < this.exportedSteps.length && JSON.stringify(now[same].edit) === this.exportedSteps[same]) same++;
    return now.length - same;
  }
  /** The applied edits, as JSON each, when they were last exported or restored. */
  private exportedSteps: string[] = [];
  readonly info: DumpInfo;

  private simCache: SimulationResult | undefined;
  private baseCache: SimulationResult | undefined;
  private cycleCache: CycleSet | undefined;
  /** The cycles with no edits: edits that break no reference inside a cycle keep them (editsKeepCycles). */
  private baseCycles: CycleSet | undefined;
  private domCache: DominatorTree | undefined;
  private readonly edits: SessionWhatIf;
  private readonly history: HistoryHandle | undefined;
  /** Rule-independent reachability of the unedited heap: lets an edited simulation re-examine only what the edits touch. */
  private reach: ReachabilityBaseline | undefined;
  /** Work arrays reused by cycles and dominators across edits (fresh pages cost as much as the algorithms). */
  private readonly scratch = new AnalysisScratch();

  constructor(init: EngineSessionInit) {
    this.graph = init.graph;
    this.dumpPath = init.dumpPath;
    this.contentHash = init.contentHash;
    this.defaultRules = rulesForVersion(init.graph.header.python);
    this.rules = this.defaultRules;
    this.history = init.histories?.open(init.contentHash);
    this.edits = new SessionWhatIf(this, () => this.onEdited(), this.history);
    this.whatIf = this.edits;
    const restored = this.edits.restore();
    // Restored edits were made (and saved) before; only new ones count as not yet exported.
    this.markExported();
    this.info = {
      path: init.dumpPath,
      name: init.dumpPath.split(/[\\/]/).pop() ?? init.dumpPath,
      bytes: init.bytes,
      contentHash: init.contentHash,
      format: init.format,
      python: `${init.graph.header.python.version}${interpreterBuild(init.graph.header).preRelease}${buildSuffix(init.graph.header)}`,
      objects: init.graph.nodeCount,
      edges: init.graph.edgeCount,
      notes: init.graph.header.notes,
      restoredEdits: restored,
      ...(this.history?.warning ? { historyWarning: this.history.warning } : {}),
    };
  }

  /** True when the last save of the edit history failed (the worker retries it). */
  get unsavedEdits(): boolean {
    return this.edits.unsaved;
  }

  retrySave(): boolean {
    return this.edits.retrySave();
  }

  /** Releases the history's lock: another window may then save this dump's edits. */
  close(): void {
    this.history?.close();
  }

  simulation(): SimulationResult {
    const overlay = this.overlay();
    if (!overlay) return this.baseline();
    if (this.simCache) return this.simCache;
    this.reach ??= this.newReachability();
    this.simCache = simulate(this.graph, { rules: this.rules, saveAll: this.saveAll, overlay, baseline: this.reach });
    return this.simCache;
  }

  /** The simulation with no edits: kept across edits, so an undo to the dump as loaded costs nothing. */
  baseline(): SimulationResult {
    return (this.baseCache ??= simulate(this.graph, { rules: this.rules, saveAll: this.saveAll }));
  }

  /**
   * Work the first what-if edit would otherwise do: the unedited simulation, its objects not left
   * alive and the reachability baseline edits re-examine from (whole-heap passes, seconds on 50M
   * objects), and one throw-away edit so the engine has compiled the edit path. The worker runs it
   * once the dump is shown, so the first edit answers as fast as the next.
   */
  prepareWhatIf(): void {
    // The unedited objects not left alive: the first edit's delta compares against that short list.
    const base = this.baseline();
    notAliveNodes(base);
    if (!this.reach) {
      this.reach = this.newReachability();
      const warm = warmUpWhatIf(this.graph, this.rules, this.saveAll, this.reach, base);
      if (warm) verdictOf(warm);
    }
  }

  /** The reachability baseline, its working arrays lent by the session (ReachabilityBaseline.ts). */
  private newReachability(): ReachabilityBaseline {
    const base = this.baseline();
    return reachabilityBaseline(this.graph, { analysis: this.scratch, noPins: base.uncollectable.length === 0 ? base.pinnedBy : undefined });
  }

  cycles(): CycleSet {
    if (this.cycleCache) return this.cycleCache;
    const overlay = this.overlay();
    if (!overlay) return (this.cycleCache = this.baseCycles ??= findCycles(this.graph, undefined, this.scratch));
    // Most edits break references between cycles, not inside one: the cycles stay as loaded.
    const base = this.baseCycles;
    this.cycleCache = base && editsKeepCycles(this.graph, base, overlay) ? base : findCycles(this.graph, overlay, this.scratch);
    return this.cycleCache;
  }

  dominators(): DominatorTree {
    return (this.domCache ??= computeDominators(this.graph, this.overlay(), this.scratch));
  }

  overlay(): EditOverlay | undefined {
    return this.edits.overlay();
  }

  lastDelta(): EditDelta | undefined {
    return this.edits.lastDelta();
  }

  setRules(rules: RuleSetId, saveAll: boolean): void {
    if (rules === this.rules && saveAll === this.saveAll) return;
    this.rules = rules;
    this.saveAll = saveAll;
    this.simCache = undefined;
    this.baseCache = undefined;
  }

  overview(limit = 10): Overview {
    return buildOverview(this, limit);
  }

  /** Runs one API method on this dump. Never throws. */
  handle(method: string, request: unknown): ApiResult<unknown> {
    try {
      const req = (request ?? {}) as Record<string, unknown>;
      let value: unknown;
      if (method === 'overview') value = this.overview(typeof req.limit === 'number' ? req.limit : undefined);
      else if (method === 'setRules') {
        this.setRules(req.rules as ApiRuleSetId, req.saveAll === true);
        value = this.overview();
      } else if (Object.hasOwn(exploreHandlers, method)) {
        value = (exploreHandlers as unknown as Record<string, Handler>)[method](this, request as never);
        if (method.startsWith('export')) this.markExported();
      } else {
        return { ok: false, error: { code: 'BAD_REQUEST', message: `unknown method ${method}` } };
      }
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  }

  private onEdited(): void {
    forgetEditedViews(this);
    this.simCache = undefined;
    this.cycleCache = undefined;
    this.domCache = undefined;
  }

  private markExported(): void {
    this.exportedSteps = this.whatIf.steps().map((s) => JSON.stringify(s.edit));
  }
}

/** Any thrown value as an ApiError: engine and format errors keep their codes. */
export function toApiError(err: unknown): ApiError {
  if (isHeapFormatError(err)) return { code: 'FORMAT', message: err.message, file: err.file, line: err.line, detail: err.code };
  if (isEngineError(err)) return { code: 'ENGINE', message: err.message, detail: err.code };
  // An allocation no NO_MEMORY check named (model/allocate.ts): still one clear sentence.
  if (isAllocationFailure(err)) return { code: 'ENGINE', message: `not enough memory (${err.message}): close other dumps or raise the memory limit`, detail: 'NO_MEMORY' };
  const e = err as { name?: string; code?: unknown; message?: unknown };
  if (e?.name === 'ExploreError' && typeof e.code === 'string') return { code: e.code as ApiError['code'], message: String(e.message) };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
