/**
 * Compiles a list of what-if edits into an EditOverlay (removed-edge bitset, dropped outside
 * references, declared finalizer effects) that simulate() and the analyses read. Addresses are
 * resolved through graph.index; an edit that cannot apply throws an EngineError with a code and
 * leaves the builder unchanged. The graph is never touched. Start at buildOverlay.
 */
import { type HeapGraph, type NodeOrdinal, Finalizer, typeName } from '../model/HeapGraph.js';
import { EngineError } from '../errors.js';
import type { FinalizerEffect } from '../gc/types.js';
import type { Edit, EditOverlay } from './types.js';

const effects: readonly FinalizerEffect[] = ['none', 'resurrect', 'drop-refs'];

/** "list at 0x7f3a…" for messages. */
export function describeNode(graph: HeapGraph, node: NodeOrdinal): string {
  return `${typeName(graph, node)} at 0x${graph.addresses[node].toString(16)}`;
}

/** Node ordinal of an id() address; EngineError UNKNOWN_ADDRESS when the dump has no such object. */
export function resolveAddress(graph: HeapGraph, address: number): NodeOrdinal {
  const node = Number.isSafeInteger(address) && address >= 0 ? graph.index.get(address) : -1;
  if (node < 0) throw new EngineError('UNKNOWN_ADDRESS', `no object at address ${address} (0x${Math.max(0, address).toString(16)}) in this dump`);
  return node;
}

/** References to `node` from outside the dump: refcount minus every dumped referrer. */
export function outsideReferences(graph: HeapGraph, node: NodeOrdinal): number {
  return Math.max(0, graph.refcounts[node] - (graph.firstInEdge[node + 1] - graph.firstInEdge[node]));
}

export class OverlayBuilder {
  private readonly removed: Uint32Array;
  private readonly dropped = new Map<NodeOrdinal, number>();
  private readonly declared = new Map<NodeOrdinal, FinalizerEffect>();

  constructor(private readonly graph: HeapGraph) {
    this.removed = new Uint32Array((graph.edgeCount + 31) >>> 5);
  }

  private isRemoved(e: number): boolean {
    return (this.removed[e >>> 5] & (1 << (e & 31))) !== 0;
  }

  private remove(e: number): void {
    this.removed[e >>> 5] |= 1 << (e & 31);
  }

  /** The out-edge a drop-ref edit removes; throws when there is none left. */
  resolveDropRef(edit: Extract<Edit, { kind: 'drop-ref' }>): number {
    const g = this.graph;
    const src = resolveAddress(g, edit.source);
    const dst = resolveAddress(g, edit.target);
    if (edit.edge !== undefined) {
      const e = edit.edge;
      if (!Number.isInteger(e) || e < g.firstOutEdge[src] || e >= g.firstOutEdge[src + 1] || g.edgeTargets[e] !== dst) {
        throw new EngineError('NO_SUCH_REFERENCE', `edge ${e} is not a reference from ${describeNode(g, src)} to ${describeNode(g, dst)}`);
      }
      if (this.isRemoved(e)) throw new EngineError('NO_SUCH_REFERENCE', `edge ${e} from ${describeNode(g, src)} is already removed`);
      return e;
    }
    let any = false;
    for (let e = g.firstOutEdge[src]; e < g.firstOutEdge[src + 1]; e++) {
      if (g.edgeTargets[e] !== dst) continue;
      any = true;
      if (!this.isRemoved(e)) return e;
    }
    const why = any ? 'every reference from it to the target is already removed' : 'it holds no reference to it';
    throw new EngineError('NO_SUCH_REFERENCE', `${describeNode(g, src)} → ${describeNode(g, dst)}: ${why}`);
  }

  /** Validates and applies one edit. Throws EngineError (and changes nothing) when it cannot apply. */
  add(edit: Edit): void {
    const g = this.graph;
    switch (edit.kind) {
      case 'drop-ref':
        this.remove(this.resolveDropRef(edit));
        return;
      case 'clear': {
        const node = resolveAddress(g, edit.address);
        for (let e = g.firstOutEdge[node]; e < g.firstOutEdge[node + 1]; e++) this.remove(e);
        return;
      }
      case 'drop-external': {
        const node = resolveAddress(g, edit.address);
        if (!Number.isInteger(edit.count) || edit.count < 1) {
          throw new EngineError('BAD_EDIT', `drop-external needs a positive whole count, got ${edit.count}`);
        }
        const already = this.dropped.get(node) ?? 0;
        const available = outsideReferences(g, node) - already;
        if (edit.count > available) {
          throw new EngineError(
            'BAD_EDIT',
            `only ${available} reference${available === 1 ? '' : 's'} to ${describeNode(g, node)} come from outside the dump` +
              (already > 0 ? ` (${already} already dropped)` : '') +
              `; cannot drop ${edit.count}`,
          );
        }
        this.dropped.set(node, already + edit.count);
        return;
      }
      case 'finalizer-effect': {
        const node = resolveAddress(g, edit.address);
        if (!effects.includes(edit.effect)) throw new EngineError('BAD_EDIT', `unknown finalizer effect "${String(edit.effect)}"`);
        if (g.finalizers[node] === Finalizer.None) {
          throw new EngineError('BAD_EDIT', `${describeNode(g, node)} has no finalizer (__del__), so it cannot have an effect`);
        }
        if (edit.effect === 'none') this.declared.delete(node);
        else this.declared.set(node, edit.effect);
        return;
      }
      default:
        throw new EngineError('BAD_EDIT', `unknown edit kind "${String((edit as { kind?: unknown }).kind)}"`);
    }
  }

  /** A snapshot of the edits so far; later add() calls do not change it. */
  overlay(): EditOverlay {
    return { removedEdges: this.removed.slice(), droppedExternal: new Map(this.dropped), effects: new Map(this.declared) };
  }
}

/** The overlay for `edits` applied in order, or undefined when there are none. Throws EngineError. */
export function buildOverlay(graph: HeapGraph, edits: readonly Edit[]): EditOverlay | undefined {
  if (edits.length === 0) return undefined;
  const b = new OverlayBuilder(graph);
  for (const edit of edits) b.add(edit);
  return b.overlay();
}
