/**
 * replayCollection(): one simulated gc.collect(), recorded phase by phase for a few objects — the
 * ones a user looks at plus every member of their cycles. It runs simulate() itself with a
 * tracer (tracer.ts), so the replay's end state *is* the simulation's, never a second model of it.
 * Each step lists every replayed object with its state after that phase: the CPython list it is in
 * and, where the phase computed it, gc_refs; plus the references the phase walked between replayed
 * objects, and one sentence (steps.ts) naming the function the version runs.
 */
import { type HeapGraph, NodeFlag, isTraversedEdge } from '../../model/HeapGraph.js';
import { simulate } from '../simulate.js';
import { rulesForVersion } from '../rules.js';
import type { RuleSetId, SimulationResult } from '../types.js';
import type { CollectionTracer, TracePhase, TraceState } from '../tracer.js';
import type { EditOverlay } from '../../whatif/types.js';
import { Where } from '../where.js';
import { phaseName } from './phaseNames.js';
import { returnValueText, stepText } from './steps.js';

/** The list an object is in after a step. `untracked`: not a GC object or not tracked (in no list). */
export type ReplayList = 'young' | 'reachable' | 'unreachable' | 'legacy_finalizers' | 'garbage' | 'freed' | 'resurrected' | 'untracked';

export interface ReplayObject {
  node: number;
  /** gc_refs after this step, where the step computed them; else null. */
  gcRefs: number | null;
  list: ReplayList;
  /** move_unreachable: the reachable object whose traversal moved this one back (-1 if none). */
  pulledBackBy: number;
}

export interface ReplayStep {
  /** The version's own function name (update_refs, move_finalizers, handle_resurrected_objects…). */
  phase: string;
  /** The version-neutral phase it stands for. */
  generic: TracePhase;
  text: string;
  objects: ReplayObject[];
  /** References this step walked or dropped between replayed objects, as edge ordinals. */
  edges: number[];
  /** Replayed objects the step acted on (finalized, moved to gc.garbage, callbacks run…). */
  acted: number[];
}

export interface ReplayOptions {
  rules?: RuleSetId;
  saveAll?: boolean;
  overlay?: EditOverlay;
}

export interface Replay {
  rules: RuleSetId;
  /** The replayed nodes, ascending. */
  nodes: Uint32Array;
  steps: ReplayStep[];
  result: SimulationResult;
}

function isRemoved(removed: Uint32Array, e: number): boolean {
  return (removed[e >>> 5] & (1 << (e & 31))) !== 0;
}

class ReplayTracer implements CollectionTracer {
  readonly steps: ReplayStep[] = [];
  private readonly member: Uint8Array;
  private young: Uint8Array;
  private garbage = new Set<number>();
  private subtracted: Float64Array | null = null;

  constructor(
    private readonly g: HeapGraph,
    private readonly nodes: Uint32Array,
    private readonly rules: RuleSetId,
    private readonly saveAll: boolean,
    private readonly overlay: EditOverlay | undefined,
  ) {
    this.member = new Uint8Array(g.nodeCount);
    for (const x of nodes) this.member[x] = 1;
    this.young = new Uint8Array(0);
  }

  step(generic: TracePhase, s: TraceState): void {
    const phase = phaseName(this.rules, generic);
    if (phase === null) return;
    if (generic === 'update_refs') this.young = Uint8Array.from(this.nodes, (x) => (s.where[x] === Where.Unreachable ? 1 : 0));
    if (generic === 'subtract_refs' && s.gcRefs) this.subtracted = Float64Array.from(this.nodes, (x) => s.gcRefs![x]);
    if (generic === 'handle_legacy_finalizers') for (let i = 0; i < (s.acted?.length ?? 0); i++) this.garbage.add(s.acted![i]);
    const objects: ReplayObject[] = [];
    this.nodes.forEach((x, i) => {
      let gcRefs: number | null = null;
      if (s.gcRefs && this.young[i]) gcRefs = s.gcRefs[x];
      if (generic === 'move_unreachable' && this.subtracted && this.young[i]) gcRefs = this.subtracted[i];
      objects.push({ node: x, gcRefs, list: this.listOf(generic, s.where[x], x), pulledBackBy: -1 });
    });
    if (generic === 'move_unreachable') this.findPulledBack(objects, s);
    const acted: number[] = [];
    for (let i = 0; i < (s.acted?.length ?? 0); i++) if (this.member[s.acted![i]]) acted.push(s.acted![i]);
    if (generic === 'handle_weakrefs') this.addWeakrefsOfReplayed(acted, s.acted);
    const edges = this.edgesOf(generic, s);
    const context = { graph: this.g, rules: this.rules, saveAll: this.saveAll, phase, generic, objects, acted, edges };
    this.steps.push({ phase, generic, text: stepText(context), objects, edges, acted: acted.sort((a, b) => a - b) });
  }

  private listOf(phase: TracePhase, code: number, x: number): ReplayList {
    switch (code) {
      case Where.FreedByRefcount:
      case Where.FreedByCollector:
        return 'freed';
      case Where.Reachable:
        return 'reachable';
      case Where.Unreachable:
        return phase === 'update_refs' || phase === 'subtract_refs' ? 'young' : 'unreachable';
      case Where.Finalizers:
        return this.garbage.has(x) ? 'garbage' : 'legacy_finalizers';
      case Where.Resurrected:
      case Where.ResurrectedOnDealloc:
        return 'resurrected';
      case Where.Saved:
        return 'garbage';
      case Where.Outside:
        // Before update_refs every tracked survivor is still in its generation (all of them: a full collection).
        return this.g.flags[x] & NodeFlag.Tracked && phase === 'edits' ? 'young' : 'untracked';
      default:
        return 'untracked';
    }
  }

  /** For objects with no outside reference that ended reachable: a reachable referrer along a traversed edge. */
  private findPulledBack(objects: ReplayObject[], s: TraceState): void {
    const g = this.g;
    for (const o of objects) {
      if (o.list !== 'reachable' || o.gcRefs !== 0) continue;
      for (let k = g.firstInEdge[o.node]; k < g.firstInEdge[o.node + 1]; k++) {
        const e = g.inEdges[k];
        const src = g.edgeSources[e];
        if (isRemoved(s.removed, e) || !isTraversedEdge(g, e) || s.where[src] !== Where.Reachable) continue;
        // Prefer a replayed referrer: that is the reference the graph can show.
        if (o.pulledBackBy < 0 || (this.member[src] && !this.member[o.pulledBackBy])) o.pulledBackBy = src;
        if (this.member[src]) break;
      }
    }
  }

  /** Weakrefs whose callbacks run and whose target is replayed count as acting on that target. */
  private addWeakrefsOfReplayed(acted: number[], all: ArrayLike<number> | undefined): void {
    for (let i = 0; i < (all?.length ?? 0); i++) {
      const t = this.g.weakTargets[all![i]];
      if (t >= 0 && this.member[t] && !acted.includes(t)) acted.push(t);
    }
  }

  /** The references between replayed objects that the phase walks (subtracts, traverses, clears or drops). */
  private edgesOf(phase: TracePhase, s: TraceState): number[] {
    const g = this.g;
    const out: number[] = [];
    const wantFrom = (x: number): boolean => {
      const w = s.where[x];
      if (phase === 'subtract_refs') return w === Where.Unreachable;
      if (phase === 'move_unreachable') return w === Where.Reachable;
      if (phase === 'move_legacy_finalizer_reachable') return w === Where.Finalizers;
      if (phase === 'delete_garbage') return w === Where.FreedByCollector || w === Where.Saved;
      return phase === 'edits';
    };
    for (const x of this.nodes) {
      if (!wantFrom(x)) continue;
      for (let e = g.firstOutEdge[x]; e < g.firstOutEdge[x + 1]; e++) {
        const t = g.edgeTargets[e];
        if (!this.member[t]) continue;
        const removedByEdit = this.overlay !== undefined && isRemoved(this.overlay.removedEdges, e);
        if (phase === 'edits') {
          if (removedByEdit) out.push(e);
          continue;
        }
        if (removedByEdit || !isTraversedEdge(g, e)) continue;
        if (phase === 'delete_garbage' || s.where[t] === s.where[x]) out.push(e);
        else if (phase === 'move_unreachable' && s.where[t] === Where.Reachable) out.push(e);
      }
    }
    return out;
  }
}

/** Replays one full collection for `nodes` (ascending, deduplicated: see replayNodes). */
export function replayCollection(graph: HeapGraph, nodes: Uint32Array, options: ReplayOptions = {}): Replay {
  const rules = options.rules ?? rulesForVersion(graph.header.python);
  const saveAll = options.saveAll ?? false;
  const tracer = new ReplayTracer(graph, nodes, rules, saveAll, options.overlay);
  const result = simulate(graph, { rules, saveAll, overlay: options.overlay, trace: tracer });
  const last = tracer.steps[tracer.steps.length - 1];
  if (last) last.text += ` ${returnValueText(result)}`;
  return { rules, nodes, steps: tracer.steps, result };
}
