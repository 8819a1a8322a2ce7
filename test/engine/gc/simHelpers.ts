/** Runs simulate() on a DSL heap with edits written by object name. */
import type { DslHeap } from '../heapDsl';
import { simulate } from '../../../electron/engine/gc/simulate';
import { fateNames, type RuleSetId, type SimulationResult } from '../../../electron/engine/gc/types';
import { buildOverlay } from '../../../electron/engine/whatif/overlay';
import type { Edit } from '../../../electron/engine/whatif/types';
import type { FinalizerEffect } from '../../../electron/engine/gc/types';

export type NamedEdit =
  | ['drop-ref', string, string]
  | ['clear', string]
  | ['drop-external', string, number?]
  | ['effect', string, FinalizerEffect];

export function addr(h: DslHeap, name: string): number {
  return h.graph.addresses[h.id(name)];
}

export function toEdits(h: DslHeap, edits: NamedEdit[]): Edit[] {
  return edits.map((e): Edit => {
    switch (e[0]) {
      case 'drop-ref':
        return { kind: 'drop-ref', source: addr(h, e[1]), target: addr(h, e[2]) };
      case 'clear':
        return { kind: 'clear', address: addr(h, e[1]) };
      case 'drop-external':
        return { kind: 'drop-external', address: addr(h, e[1]), count: e[2] ?? 1 };
      case 'effect':
        return { kind: 'finalizer-effect', address: addr(h, e[1]), effect: e[2] };
    }
  });
}

export function sim(h: DslHeap, opts: { rules?: RuleSetId; saveAll?: boolean; edits?: NamedEdit[] } = {}): SimulationResult {
  const overlay = buildOverlay(h.graph, toEdits(h, opts.edits ?? []));
  return simulate(h.graph, { rules: opts.rules, saveAll: opts.saveAll, overlay });
}

/** name → fate name, for readable expectations. */
export function fatesOf(h: DslHeap, r: SimulationResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < h.graph.nodeCount; i++) out[h.name(i)] = fateNames[r.fates[i]];
  return out;
}
