/**
 * `--edit` values for analyze/check: parses the CLI edit syntax and compiles the edits into the
 * EditOverlay the simulation reads. Syntax (addresses are decimal id() values or 0x…):
 *   drop-ref:SRC:DST         remove one reference SRC -> DST
 *   clear:ADDR               remove every reference ADDR holds (like tp_clear)
 *   drop-external:ADDR[:N]   drop N (default 1) references held from outside the dump (`del name`)
 *   effect:ADDR:EFFECT       declare what ADDR's __del__ does: none, resurrect, drop-refs
 */
import type { Edit, EditOverlay } from '../engine/whatif/types.js';
import type { FinalizerEffect } from '../engine/gc/types.js';
import type { HeapGraph, NodeOrdinal } from '../engine/model/HeapGraph.js';
import { CliExit, ExitCode } from './cliIo.js';
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

function node(graph: HeapGraph, address: number): NodeOrdinal {
  const n = graph.index.get(address);
  if (n < 0) throw new CliExit(ExitCode.UnknownAddress, `no object with address ${address} in this dump`);
  return n;
}

/** Applies edits in order to a fresh overlay; the graph is not touched. */
export function overlayOf(graph: HeapGraph, edits: readonly Edit[]): EditOverlay | undefined {
  if (edits.length === 0) return undefined;
  const removedEdges = new Uint32Array(Math.ceil(graph.edgeCount / 32));
  const droppedExternal = new Map<NodeOrdinal, number>();
  const effectMap = new Map<NodeOrdinal, FinalizerEffect>();
  const removed = (e: number): boolean => (removedEdges[e >>> 5] & (1 << (e & 31))) !== 0;
  const remove = (e: number): void => void (removedEdges[e >>> 5] |= 1 << (e & 31));
  for (const edit of edits) {
    if (edit.kind === 'drop-ref') {
      const src = node(graph, edit.source);
      const dst = node(graph, edit.target);
      let found = -1;
      for (let e = graph.firstOutEdge[src]; e < graph.firstOutEdge[src + 1] && found < 0; e++) {
        if (graph.edgeTargets[e] === dst && !removed(e)) found = e;
      }
      if (found < 0) throw usageError(`drop-ref: ${edit.source} holds no (remaining) reference to ${edit.target}`);
      remove(found);
    } else if (edit.kind === 'clear') {
      const n = node(graph, edit.address);
      for (let e = graph.firstOutEdge[n]; e < graph.firstOutEdge[n + 1]; e++) remove(e);
    } else if (edit.kind === 'drop-external') {
      const n = node(graph, edit.address);
      const total = (droppedExternal.get(n) ?? 0) + edit.count;
      if (total > graph.externalRefs[n]) {
        throw usageError(`drop-external: ${edit.address} has ${graph.externalRefs[n]} reference(s) from outside the dump, cannot drop ${total}`);
      }
      droppedExternal.set(n, total);
    } else {
      effectMap.set(node(graph, edit.address), edit.effect);
    }
  }
  return { removedEdges, droppedExternal, effects: effectMap };
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
