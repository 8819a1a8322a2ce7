/**
 * explainFate: one sentence a user can read about why an object lives or dies in a simulation,
 * plus the evidence: for alive objects the shortest retainer path from a root
 * (analysis/retainerPaths.ts, restricted to objects that stay alive) and who holds that root when
 * the dump names it; for uncollectable ones the legacy finalizer that pins them (pinnedBy from
 * simulate). Wording follows GC-SEMANTICS.md §5.
 */
import { type HeapGraph, type NodeOrdinal, Finalizer, NodeFlag, typeName } from '../model/HeapGraph.js';
import type { EditOverlay } from '../whatif/types.js';
import type { RetainerPath } from '../analysis/types.js';
import { shortestRetainerPath } from '../analysis/retainerPaths.js';
import { Fate, fateNames, type SimulationResult } from './types.js';
import { ruleSetLabels } from './rules.js';

export interface FateExplanation {
  fate: string;
  sentence: string;
  pinnedBy?: NodeOrdinal;
  path?: RetainerPath;
}

export interface ExplainOptions {
  /** The overlay the result was simulated with, so paths skip removed references. */
  overlay?: EditOverlay;
  /** 1 = alive (from liveMaskOf); pass it when explaining many objects of one result. */
  liveMask?: Uint8Array;
}

/** "Foo at 0x7f3a…" (the app and the CLI say "at", as CPython's reprs do). */
export function nodeLabel(g: HeapGraph, node: NodeOrdinal): string {
  const type = typeName(g, node);
  // A frame reads as the dumper titled it: "frame handle_job (jobserver.py:71)".
  const repr = type === 'frame' ? g.strings.get(g.reprIds[node]) : '';
  return repr ? `frame ${repr}` : `${type} at 0x${g.addresses[node].toString(16)}`;
}

/** 1 for every object the result keeps alive (fate alive), for retainer-path searches. */
export function liveMaskOf(result: SimulationResult): Uint8Array {
  const mask = new Uint8Array(result.fates.length);
  for (let i = 0; i < mask.length; i++) mask[i] = result.fates[i] === Fate.Alive ? 1 : 0;
  return mask;
}

/** "_b in module __main__", or null when the dump saw no name binding it. */
export function holderText(g: HeapGraph, node: NodeOrdinal): string | null {
  const names = g.holderNames.filter((h) => h.node === node).map((h) => `${h.name} in ${h.holder}`);
  return names.length > 0 ? names.slice(0, 3).join(', ') : null;
}

const finalizerWords: Record<number, string> = {
  [Finalizer.Del]: 'it defines __del__',
  [Finalizer.TpDel]: 'its type has tp_del (a legacy finalizer on every version)',
  [Finalizer.Gen]: 'it is a generator suspended inside try/finally (it needs finalizing)',
};

function contains(list: Uint32Array, node: number): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === node) return true;
  return false;
}

function explainAlive(g: HeapGraph, node: NodeOrdinal, opts: ExplainOptions, result: SimulationResult): FateExplanation {
  const path = shortestRetainerPath(g, node, opts.overlay, opts.liveMask ?? liveMaskOf(result)) ?? undefined;
  const outside = 'an external reference (C code, a frame or another interpreter structure)';
  if (g.flags[node] & NodeFlag.Immortal) return { fate: 'alive', sentence: 'Alive: immortal, never freed', path };
  if (!path) return { fate: 'alive', sentence: `Alive: held by ${holderText(g, node) ?? outside}` };
  const root = path.nodes[0];
  const holder = holderText(g, root) ?? outside;
  if (root === node) return { fate: 'alive', sentence: `Alive: held directly by ${holder}`, path };
  return { fate: 'alive', sentence: `Alive: reachable from ${nodeLabel(g, root)} held by ${holder}`, path };
}

function explainUncollectable(g: HeapGraph, node: NodeOrdinal, result: SimulationResult): FateExplanation {
  const rules = ruleSetLabels[result.rules];
  const pin = result.pinnedBy[node];
  if (contains(result.garbage, node)) {
    if (result.saveAll && !contains(result.uncollectable, node)) {
      return { fate: 'uncollectable', sentence: 'Uncollectable: unreachable, and kept in gc.garbage by DEBUG_SAVEALL instead of being freed' };
    }
    const why = finalizerWords[g.finalizers[node]] ?? 'it has a legacy finalizer';
    return {
      fate: 'uncollectable',
      sentence: `Uncollectable: kept in gc.garbage because ${why} and it is unreachable, under ${rules} rules: the collector cannot pick a safe order to finalize it`,
      pinnedBy: pin >= 0 ? pin : undefined,
    };
  }
  if (pin >= 0) {
    const why = g.finalizers[pin] === Finalizer.TpDel ? 'has tp_del' : 'has __del__';
    return {
      fate: 'uncollectable',
      sentence: `Uncollectable: held by the uncollectable ${nodeLabel(g, pin)} (${why}), which stays in gc.garbage — leaked all the same`,
      pinnedBy: pin,
    };
  }
  return {
    fate: 'uncollectable',
    sentence: 'Uncollectable: unreachable and reached by a legacy finalizer, but not itself in gc.garbage; it stays alive until a later collection',
  };
}

/** Why `node` ends with its fate in `result`. */
export function explainFate(graph: HeapGraph, result: SimulationResult, node: NodeOrdinal, options: ExplainOptions = {}): FateExplanation {
  const g = graph;
  const fate = result.fates[node];
  switch (fate) {
    case Fate.Alive:
      return explainAlive(g, node, options, result);
    case Fate.FreedByRefcount: {
      const dropped = options.overlay?.droppedExternal.get(node);
      const why = dropped ? `the ${dropped} outside reference${dropped === 1 ? ' is' : 's are'} dropped` : 'its last reference goes away with the edits';
      return { fate: fateNames[fate], sentence: `Freed by reference counting: ${why}, so it is freed at once, no collector needed` };
    }
    case Fate.Collected: {
      if (contains(result.collectable, node)) {
        return {
          fate: fateNames[fate],
          sentence: 'Collected by gc.collect(): unreachable (in a reference cycle or held only by one) and freed when the collector clears the cycle',
        };
      }
      const counted = g.flags[node] & NodeFlag.Tracked ? '' : ' (untracked objects are never counted in the return value)';
      return {
        fate: fateNames[fate],
        sentence: `Collected: freed by reference counting while the collector cleared the garbage that held it${counted}`,
      };
    }
    case Fate.Uncollectable:
      return explainUncollectable(g, node, result);
    case Fate.Resurrected: {
      const batch = result.rules === '3.4' || result.rules === '3.7.5' ? `; under ${ruleSetLabels[result.rules]} rules the whole unreachable batch survives` : '';
      return {
        fate: fateNames[fate],
        sentence: `Resurrected: a finalizer (__del__) was declared to store a new reference, so it survives this collection${batch}`,
      };
    }
    default:
      return { fate: 'unknown', sentence: 'No fate recorded for this object' };
  }
}
