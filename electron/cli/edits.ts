/**
 * `--edit` values for analyze/check: parses the CLI edit syntax; whatif/overlay.ts compiles the
 * edits into the EditOverlay the simulation reads. Syntax (addresses are decimal id() values or 0x…):
 *   drop-ref:SRC:DST         remove one reference SRC -> DST
 *   clear:ADDR               remove every reference ADDR holds (like tp_clear)
 *   drop-external:ADDR[:N]   drop N (default 1) references held from outside the dump (`del name`)
 *   effect:ADDR:EFFECT       declare what ADDR's __del__ does: none, resurrect, drop-refs
 */
import type { Edit, EditOverlay } from '../engine/whatif/types.js';
import type { FinalizerEffect } from '../engine/gc/types.js';
import type { HeapGraph } from '../engine/model/HeapGraph.js';
import { buildOverlay } from '../engine/whatif/overlay.js';
import { parseAddress, usageError } from './args.js';

const effects: readonly FinalizerEffect[] = ['none', 'resurrect', 'drop-refs'];

export function parseEditArg(text: string): Edit {
  const parts = text.split(':');
  const [kind] = parts;
  const addr = (i: number): number => {
    if (parts[i] === undefined || parts[i] === '') throw usageError(`edit "${text}": missing address`);
    return parseAddress(parts[i], `edit "${text}": address`);
  };
  if (kind === 'drop-ref' && parts.length === 3) return { kind, source: addr(1), target: addr(2) };
  if (kind === 'clear' && parts.length === 2) return { kind, address: addr(1) };
  if (kind === 'drop-external' && (parts.length === 2 || parts.length === 3)) {
    const count = parts.length === 3 ? Number(parts[2]) : 1;
    if (!Number.isInteger(count) || count < 1) throw usageError(`edit "${text}": the count must be a positive integer`);
    return { kind, address: addr(1), count };
  }
  if ((kind === 'effect' || kind === 'finalizer-effect') && parts.length === 3) {
    const effect = parts[2] as FinalizerEffect;
    if (!effects.includes(effect)) throw usageError(`edit "${text}": effect must be one of ${effects.join(', ')}`);
    return { kind: 'finalizer-effect', address: addr(1), effect };
  }
  throw usageError(`edit "${text}" is not drop-ref:SRC:DST, clear:ADDR, drop-external:ADDR[:N] or effect:ADDR:EFFECT`);
}

/** Applies edits in order (whatif/overlay.ts); EngineError UNKNOWN_ADDRESS → exit 4, others → exit 2. */
export function overlayOf(graph: HeapGraph, edits: readonly Edit[]): EditOverlay | undefined {
  return buildOverlay(graph, edits);
}

export function formatEdit(edit: Edit): string {
  switch (edit.kind) {
    case 'drop-ref':
      return `drop-ref:${edit.source}:${edit.target}`;
    case 'clear':
      return `clear:${edit.address}`;
    case 'drop-external':
      return `drop-external:${edit.address}:${edit.count}`;
    default:
      return `effect:${edit.address}:${edit.effect}`;
  }
}
