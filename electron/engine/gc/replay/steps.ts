/**
 * One plain sentence per replay step: what the version's collector function does at that point and
 * what it means for the replayed objects. Kept apart from replay.ts so the wording can change
 * without touching the tracing.
 */
import { type HeapGraph, Finalizer, typeName } from '../../model/HeapGraph.js';
import type { RuleSetId, SimulationResult } from '../types.js';
import type { TracePhase } from '../tracer.js';
import type { ReplayList, ReplayObject } from './replay.js';

export interface StepContext {
  graph: HeapGraph;
  rules: RuleSetId;
  saveAll: boolean;
  phase: string;
  generic: TracePhase;
  objects: ReplayObject[];
  acted: number[];
  edges: number[];
}

/** "CGcLeakA 0x7f60642bde50": the type's last dotted part and the address gc's debug lines print. */
export function shortName(g: HeapGraph, x: number): string {
  const type = typeName(g, x);
  return `${type.slice(type.lastIndexOf('.') + 1)} 0x${g.addresses[x].toString(16)}`;
}

function listNames(g: HeapGraph, nodes: readonly number[], max = 4): string {
  const shown = nodes.slice(0, max).map((x) => shortName(g, x));
  const rest = nodes.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

function inList(objects: readonly ReplayObject[], list: ReplayList): number[] {
  return objects.filter((o) => o.list === list).map((o) => o.node);
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function gcRefsList(c: StepContext, max = 6): string {
  const withRefs = c.objects.filter((o) => o.gcRefs !== null);
  const parts = withRefs.slice(0, max).map((o) => `${shortName(c.graph, o.node)} ${o.gcRefs}`);
  if (withRefs.length > max) parts.push(`… ${withRefs.length - max} more`);
  return parts.join(', ');
}

const finalizerWord: Record<number, string> = {
  [Finalizer.Del]: '__del__',
  [Finalizer.TpDel]: 'tp_del',
  [Finalizer.TpFinalize]: 'tp_finalize',
  [Finalizer.Gen]: 'a generator suspended in try',
};

export function stepText(c: StepContext): string {
  const g = c.graph;
  const p = `${c.phase}()`;
  switch (c.generic) {
    case 'edits': {
      const freed = inList(c.objects, 'freed');
      return freed.length > 0
        ? `The edits come first: each dropped reference is a Py_DECREF, and reference counting frees ${listNames(g, freed)} at once (tp_dealloc), before any collection.`
        : `The edits come first: the dropped references lower reference counts, but none of these objects reaches 0, so reference counting frees none of them.`;
    }
    case 'update_refs': {
      const young = inList(c.objects, 'young');
      if (young.length === 0) return `${p} copies each tracked object's reference count into gc_refs; none of these objects is tracked, so the collector never looks at them.`;
      return `${p} copies each tracked object's reference count into gc_refs: ${gcRefsList(c)}.`;
    }
    case 'subtract_refs': {
      const young = c.objects.filter((o) => o.gcRefs !== null);
      if (young.length === 0) return `${p} has nothing to subtract here: none of these objects is in the generation.`;
      const outside = young.filter((o) => (o.gcRefs ?? 0) > 0);
      const tail =
        outside.length === 0
          ? 'none of them is referenced from outside the generation.'
          : `${listNames(g, outside.map((o) => o.node))} ${outside.length === 1 ? 'is' : 'are'} still referenced from outside.`;
      return `${p} calls tp_traverse on every object of the generation and subtracts 1 from gc_refs for each reference it finds to another member (${count(c.edges.length, 'reference')} here): gc_refs now counts only references from outside (${gcRefsList(c)}); ${tail}`;
    }
    case 'move_unreachable': {
      const unreachable = inList(c.objects, 'unreachable');
      const roots = c.objects.filter((o) => o.list === 'reachable' && (o.gcRefs ?? 0) > 0).map((o) => o.node);
      const pulled = c.objects.filter((o) => o.pulledBackBy >= 0);
      const parts: string[] = [];
      if (roots.length > 0) parts.push(`${listNames(g, roots)} ${roots.length === 1 ? 'has' : 'have'} gc_refs > 0, so ${roots.length === 1 ? 'it is a root' : 'they are roots'}`);
      if (pulled.length > 0) {
        const first = pulled[0];
        parts.push(
          `${listNames(g, pulled.map((o) => o.node))} had gc_refs 0 but ${pulled.length === 1 ? 'is' : 'are'} reached from a reachable object (${shortName(g, first.node)} by ${shortName(g, first.pulledBackBy)}), so ${pulled.length === 1 ? 'it moves' : 'they move'} back to reachable`,
        );
      }
      if (unreachable.length > 0) parts.push(`${listNames(g, unreachable)} ${unreachable.length === 1 ? 'has' : 'have'} no reference from outside and no reachable object reaches ${unreachable.length === 1 ? 'it' : 'them'}: unreachable`);
      if (parts.length === 0) return `${p} finds none of these objects in the generation.`;
      return `${p} keeps what is referenced from outside and everything it reaches: ${parts.join('; ')}.`;
    }
    case 'move_legacy_finalizers': {
      if (c.acted.length === 0) {
        return c.rules === '2.7'
          ? `${p} looks for unreachable objects with __del__ (or tp_del): there are none among these, so nothing is held back.`
          : `${p} looks for unreachable objects with a legacy tp_del finalizer: none here (since 3.4, PEP 442, a Python __del__ is not one: finalize_garbage runs it).`;
      }
      const kinds = [...new Set(c.acted.map((x) => finalizerWord[g.finalizers[x]] ?? 'a finalizer'))].join(' or ');
      return `${p}: ${listNames(g, c.acted)} ${c.acted.length === 1 ? 'is' : 'are'} unreachable with ${kinds}, which the collector cannot run safely in a cycle under ${c.rules === '2.7' ? '≤ 3.3' : 'these'} rules: ${c.acted.length === 1 ? 'it moves' : 'they move'} to the finalizers list.`;
    }
    case 'move_legacy_finalizer_reachable': {
      const held = inList(c.objects, 'legacy_finalizers').filter((x) => !isLegacy(c, x));
      if (inList(c.objects, 'legacy_finalizers').length === 0) return `${p} has nothing to do: no finalizers were held back.`;
      return held.length > 0
        ? `${p} moves everything the finalizers reach with them, so it cannot be freed either: ${listNames(g, held)}.`
        : `${p} finds nothing more: the finalizers reach no other unreachable object.`;
    }
    case 'handle_weakrefs':
      return c.acted.length > 0
        ? `${p} clears the weak references to unreachable objects before anything is freed; callbacks run for the weakrefs to ${listNames(g, c.acted)} (their weakref objects survive the collection).`
        : `${p} clears the weak references to unreachable objects; no callback runs for these objects.`;
    case 'finalize_garbage':
      return c.acted.length > 0
        ? `${p} calls tp_finalize once on each unreachable object that has one (PEP 442): ${listNames(g, c.acted)}. The cycle is still in memory while it runs.`
        : `${p} calls tp_finalize on unreachable objects that have one: none of these has a finalizer to run (or it already ran once).`;
    case 'resurrection': {
      const resurrected = inList(c.objects, 'resurrected');
      const still = inList(c.objects, 'unreachable');
      const how = c.phase === 'check_garbage' ? 'if anything was resurrected the whole batch is revived (revive_garbage)' : 'only what a resurrected object reaches survives';
      if (resurrected.length > 0) return `${p} recounts references from outside after the finalizers ran (${how}): ${listNames(g, resurrected)} ${resurrected.length === 1 ? 'was' : 'were'} resurrected.`;
      return `${p} recounts references from outside after the finalizers ran (${how}): nothing was resurrected${still.length > 0 ? `, so ${count(still.length, 'object')} stay unreachable` : ''}.`;
    }
    case 'delete_garbage': {
      if (c.saveAll) {
        const saved = inList(c.objects, 'garbage');
        return `With gc.DEBUG_SAVEALL, ${p} appends every unreachable object to gc.garbage instead of clearing it${saved.length > 0 ? `: ${listNames(g, saved)}` : ''}.`;
      }
      const freed = c.acted;
      return freed.length > 0
        ? `${p} calls tp_clear on each object still unreachable: the references inside the cycle drop and reference counting frees ${listNames(g, freed)}${c.objects.some((o) => o.list === 'freed' && !freed.includes(o.node)) ? ', and what only they held' : ''}.`
        : `${p} has nothing of these objects to clear.`;
    }
    case 'handle_legacy_finalizers': {
      const garbage = inList(c.objects, 'garbage');
      const held = inList(c.objects, 'legacy_finalizers');
      if (garbage.length === 0 && held.length === 0) return `${p} has no legacy finalizers among these objects to report.`;
      return `${p} appends ${garbage.length > 0 ? listNames(g, garbage) : 'nothing of these'} to gc.garbage${held.length > 0 ? `; ${listNames(g, held)} stay${held.length === 1 ? 's' : ''} alive with them` : ''}: uncollectable.`;
    }
  }
}

function isLegacy(c: StepContext, x: number): boolean {
  const f = c.graph.finalizers[x];
  return f === Finalizer.TpDel || (c.rules === '2.7' && (f === Finalizer.Del || f === Finalizer.Gen));
}

/** The value gc.collect() returns for the whole heap, split into its two terms (n + m). */
export function returnValueText(r: SimulationResult): string {
  const n = r.uncollectable.length;
  const m = r.collect - n;
  const how = r.rules === '2.7' || r.rules === '3.4' ? 'every unreachable object without a legacy finalizer' : r.rules === '3.7.5' ? 'what the finalizers left unreachable (0 if anything was resurrected)' : 'what was finally freed';
  return `For the whole heap gc.collect() returns ${r.collect} = ${n} uncollectable + ${m} collected (${how}).`;
}
