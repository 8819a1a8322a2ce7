/**
 * Shared pieces of the explore handlers: turning a node ordinal into the ObjectSummary DTO the
 * views show, resolving addresses, and the error type handlers throw (EngineSession turns it into
 * an ApiError value with its code). Start reading at `summarize`.
 */
import type { ErrorCode } from '../../../../shared/api.js';
import type { FateName, FinalizerName, NodeKind, ObjectSummary } from '../../../../shared/exploreApi.js';
import { finalizerNames, type HeapGraph, NodeFlag, type NodeOrdinal } from '../../model/HeapGraph.js';
import { fateNames } from '../../gc/types.js';
import type { SessionContext } from '../context.js';
import { isEdgeRemoved } from '../../whatif/types.js';
import { frameSlotsOf } from '../../model/frameHolders.js';

/** A request the handlers cannot serve; crosses the boundary as `{ code, message }`. */
export class ExploreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExploreError';
  }
}

const kindByType: Record<string, NodeKind> = {
  dict: 'dict',
  list: 'list',
  tuple: 'tuple',
  frame: 'frame',
  function: 'function',
  builtin_function_or_method: 'function',
  method: 'function',
  instancemethod: 'function',
  cell: 'other',
  type: 'type',
  classobj: 'type',
  instance: 'instance',
};

/** Shape class of a type: user classes (module-qualified names) are instances. */
export function kindOf(g: HeapGraph, node: NodeOrdinal): NodeKind {
  if ((g.flags[node] & NodeFlag.IsType) !== 0) return 'type';
  const type = g.strings.get(g.typeIds[node]);
  const known = kindByType[type];
  if (known) return known;
  return type.includes('.') ? 'instance' : 'other';
}

export function fateName(code: number): FateName {
  return (fateNames[code] ?? 'alive') as FateName;
}

/** The node of an address, or a NOT_FOUND error. */
export function nodeOf(session: SessionContext, address: number): NodeOrdinal {
  const node = typeof address === 'number' ? session.graph.index.get(address) : -1;
  if (node < 0) throw new ExploreError('NOT_FOUND', `no object at address ${String(address)} in this dump`);
  return node;
}

/** Binding names per node, built once per graph (holderNames is small: one per name the dumper saw). */
const namesCache = new WeakMap<HeapGraph, Map<NodeOrdinal, string[]>>();
export function namesOf(g: HeapGraph, node: NodeOrdinal): string[] {
  let map = namesCache.get(g);
  if (!map) {
    map = new Map();
    for (const h of g.holderNames) {
      const list = map.get(h.node) ?? [];
      if (!list.includes(h.name)) list.push(h.name);
      map.set(h.node, list);
    }
    namesCache.set(g, map);
  }
  return map.get(node) ?? [];
}

/** `heldBy` when running functions' locals hold the node (omitted otherwise: rows stay small). */
function heldByOf(g: HeapGraph, node: NodeOrdinal): { heldBy?: string[] } {
  const slots = frameSlotsOf(g, node);
  return slots.length ? { heldBy: slots } : {};
}

/** External references after edits: what the dump recorded minus what `drop-external` edits removed. */
export function externalAfterEdits(session: SessionContext, node: NodeOrdinal): number {
  const dropped = session.overlay()?.droppedExternal.get(node) ?? 0;
  return Math.max(0, session.graph.externalRefs[node] - dropped);
}

/** Refcount after edits: removed in-edges and dropped external references no longer count. */
export function refcountAfterEdits(session: SessionContext, node: NodeOrdinal): number {
  const g = session.graph;
  const overlay = session.overlay();
  if (!overlay) return g.refcounts[node];
  let rc = g.refcounts[node] - (overlay.droppedExternal.get(node) ?? 0);
  for (let i = g.firstInEdge[node], end = g.firstInEdge[node + 1]; i < end; i++) {
    if (isEdgeRemoved(overlay, g.inEdges[i])) rc--;
  }
  return Math.max(0, rc);
}

/** The object whose `__dict__` this dict is (an in-edge labelled `__dict__`), or -1. */
function dictOwner(g: HeapGraph, node: NodeOrdinal): NodeOrdinal {
  if (g.strings.get(g.typeIds[node]) !== 'dict') return -1;
  for (let i = g.firstInEdge[node], end = g.firstInEdge[node + 1]; i < end; i++) {
    const e = g.inEdges[i];
    if (g.strings.get(g.edgeLabels[e]) === '__dict__') return g.edgeSources[e];
  }
  return -1;
}

export function summarize(session: SessionContext, node: NodeOrdinal): ObjectSummary {
  const g = session.graph;
  const owner = dictOwner(g, node);
  const sim = session.simulation();
  const retained = session.dominators().retainedSizes[node];
  return {
    address: g.addresses[node],
    type: g.strings.get(g.typeIds[node]),
    kind: kindOf(g, node),
    size: g.sizes[node],
    retained: Number.isFinite(retained) && retained > 0 ? retained : g.sizes[node],
    refcount: refcountAfterEdits(session, node),
    external: externalAfterEdits(session, node),
    fate: fateName(sim.fates[node]),
    finalizer: (finalizerNames[g.finalizers[node]] ?? '') as FinalizerName,
    repr: g.strings.get(g.reprIds[node]),
    cycle: session.cycles().cycleOf[node],
    names: namesOf(g, node),
    ...heldByOf(g, node),
    ...(owner >= 0 ? { dictOf: { address: g.addresses[owner], type: g.strings.get(g.typeIds[owner]), name: namesOf(g, owner)[0] ?? g.strings.get(g.reprIds[owner]) } } : {}),
  };
}

/** Clamp a page request to sane bounds. */
export function clampPage(start: unknown, count: unknown, max: number): { start: number; count: number } {
  const s = Number.isFinite(start) ? Math.max(0, Math.floor(start as number)) : 0;
  const c = Number.isFinite(count) ? Math.min(max, Math.max(0, Math.floor(count as number))) : 0;
  return { start: s, count: c };
}
