/**
 * Leak suspects and merged paths for the session: `suspects` (ranked, with the sentence the
 * Overview headline and `analyze` print) and `mergedPaths` (for a type or a suspect's objects).
 * The Python context, the root tree and the suspects are cached per session and recomputed when
 * the dominator tree or the simulation they came from is replaced (an edit, a rule change). Start
 * at `sessionSuspects`.
 */
import type { MergedPathsRequest, MergedPathsResponse, SuspectDto, SuspectsSummaryDto } from '../../../../shared/suspectsApi.js';
import type { SessionRequest } from '../../../../shared/exploreApi.js';
import type { HeapGraph } from '../../model/HeapGraph.js';
import type { DominatorTree } from '../../analysis/types.js';
import type { SimulationResult } from '../../gc/types.js';
import { findSuspects, rankSuspects } from '../../analysis/suspects/findSuspects.js';
import { garbageSuspects } from '../../analysis/suspects/garbageSuspects.js';
import { mergedPaths } from '../../analysis/suspects/mergedPaths.js';
import { type PythonContext, pythonContext } from '../../analysis/suspects/pythonContext.js';
import { type RootTree, rootTree } from '../../analysis/suspects/rootTree.js';
import type { Suspect } from '../../analysis/suspects/types.js';
import { countOf, formatBytes } from '../../analysis/suspects/format.js';
import { resolveType } from '../../analysis/suspects/typeNames.js';
import type { SessionContext } from '../context.js';
import { ExploreError } from './summary.js';

interface SuspectCache {
  ctx: PythonContext;
  dom?: DominatorTree;
  tree?: RootTree;
  /** Live suspects depend on the dominator tree only; garbage ones on the simulation too. */
  live?: Suspect[];
  sim?: SimulationResult;
  suspects?: Suspect[];
}

const caches = new WeakMap<SessionContext, SuspectCache>();

function cacheOf(session: SessionContext): SuspectCache {
  let c = caches.get(session);
  if (!c) caches.set(session, (c = { ctx: pythonContext(session.graph) }));
  return c;
}

/** Lets go of what an edit replaces (the Python context stays: edits do not change it). */
export function forgetSuspects(session: SessionContext): void {
  const c = caches.get(session);
  if (c) caches.set(session, { ctx: c.ctx });
}

/** The root tree under the session's edits (recomputed with the dominators, which edits replace). */
export function sessionRootTree(session: SessionContext): { ctx: PythonContext; tree: RootTree } {
  const c = cacheOf(session);
  const dom = session.dominators();
  if (c.dom !== dom || !c.tree) {
    c.dom = dom;
    c.tree = rootTree(session.graph, session.overlay());
    c.live = undefined;
    c.suspects = undefined;
  }
  return { ctx: c.ctx, tree: c.tree };
}

/** Every suspect of the session (up to 50), best first. */
export function sessionSuspects(session: SessionContext): Suspect[] {
  const { ctx, tree } = sessionRootTree(session);
  const c = cacheOf(session);
  const sim = session.simulation();
  const dom = session.dominators();
  if (!c.live) {
    c.live = findSuspects({ graph: session.graph, dominators: dom, overlay: session.overlay(), context: ctx, tree });
    // The BFS order serves only findSuspects, which runs again only with a new tree: let it go
    // (4 bytes an object; the paths and distances the views read stay).
    c.tree = { ...tree, order: new Uint32Array(0) };
  }
  if (c.sim !== sim || !c.suspects) {
    // A rule change re-derives only what the collector decides: the live suspects stay.
    c.sim = sim;
    c.suspects = rankSuspects([...c.live, ...garbageSuspects(ctx, dom, sim, 64 * 1024)], 50);
  }
  return c.suspects;
}

export function suspectDto(g: HeapGraph, s: Suspect, index: number): SuspectDto {
  return {
    index,
    owner: s.owner >= 0 ? g.addresses[s.owner] : null,
    ownerType: s.owner >= 0 ? g.strings.get(g.typeIds[s.owner]) : null,
    path: s.path,
    kind: s.kind,
    reason: s.reason,
    retainedBytes: s.retainedBytes,
    holds: s.holds.slice(0, 10),
  };
}

/**
 * Bytes all suspects retain together: an owner inside another suspect's owner (its dominator
 * subtree) is not counted again.
 */
export function suspectsBytes(dom: DominatorTree, list: readonly Suspect[]): number {
  const owners = new Set(list.filter((s) => s.owner >= 0).map((s) => s.owner));
  let total = 0;
  for (const s of list) {
    if (s.owner < 0) {
      total += s.retainedBytes;
      continue;
    }
    const parent = dom.treeParent ?? dom.idom;
    let nested = false;
    for (let v = parent[s.owner], steps = 0; v >= 0 && steps < 10_000; v = parent[v], steps++) if (owners.has(v)) nested = true;
    if (!nested) total += s.retainedBytes;
  }
  return total;
}

/**
 * The honest headline: what gc.collect() leaves uncollectable *and* what the suspects retain.
 * "nothing is uncollectable; 3 leak suspects retain 1.1 MiB (the largest: … holds 11 × …)".
 */
export function suspectSentence(uncollectable: number, list: readonly Suspect[], bytes: number): string {
  const gc = uncollectable === 0 ? 'nothing is uncollectable' : `${countOf(uncollectable, 'object')} can never be freed`;
  const alive = list.filter((s) => s.kind !== 'uncollectable');
  if (alive.length === 0) return `${gc}; no live leak suspects (nothing alive accumulates or retains much)`;
  // Name the largest live owner: garbage waiting for a collection has no path to show.
  const top = alive.find((s) => s.kind !== 'pending-garbage') ?? alive[0];
  const what = top.holds[0] ? ` holds ${top.holds[0].count.toLocaleString('en-US')} × ${top.holds[0].type}` : ` retains ${formatBytes(top.retainedBytes)}`;
  return `${gc}; ${countOf(list.length, 'leak suspect')} ${list.length === 1 ? 'retains' : 'retain'} ${formatBytes(bytes)} (the largest: ${top.path ?? top.kind}${what})`;
}

export function suspectsSummary(session: SessionContext, limit: number): SuspectsSummaryDto {
  const list = sessionSuspects(session);
  const bytes = suspectsBytes(session.dominators(), list);
  return {
    suspects: list.slice(0, limit).map((s, i) => suspectDto(session.graph, s, i)),
    total: list.length,
    retainedBytes: bytes,
    sentence: suspectSentence(session.simulation().uncollectable.length, list, bytes),
  };
}

export function suspects(session: SessionContext, req: SessionRequest & { limit?: number }): SuspectsSummaryDto {
  return suspectsSummary(session, Math.min(50, Math.max(1, req.limit ?? 10)));
}

export function mergedPathsHandler(session: SessionContext, req: MergedPathsRequest): MergedPathsResponse {
  const g = session.graph;
  const { ctx, tree } = sessionRootTree(session);
  let members: ArrayLike<number>;
  let title: string;
  if (req.suspect !== undefined) {
    const s = sessionSuspects(session)[req.suspect];
    if (!s) throw new ExploreError('NOT_FOUND', `no suspect #${req.suspect}`);
    members = s.held;
    title = s.reason;
  } else if (req.type !== undefined) {
    const resolved = resolveType(g, req.type);
    if ('error' in resolved) throw new ExploreError('NOT_FOUND', resolved.error);
    members = resolved.nodes;
    title = `${countOf(resolved.nodes.length, 'object')} of type ${resolved.name}`;
  } else {
    throw new ExploreError('BAD_REQUEST', 'mergedPaths needs a type or a suspect');
  }
  const merged = mergedPaths(ctx, tree, session.dominators(), members);
  const max = Math.min(2000, Math.max(1, req.maxNodes ?? 300));
  // Keep the most populated positions, always with their ancestors (parents come first in `nodes`).
  const keep = new Uint8Array(merged.nodes.length);
  const byCount = merged.nodes.map((x) => x.id).sort((a, b) => merged.nodes[b].count - merged.nodes[a].count || a - b);
  let kept = 0;
  for (const id of byCount) {
    const chain: number[] = [];
    for (let p = id; p >= 0 && !keep[p]; p = merged.nodes[p].parent) chain.push(p);
    if (kept + chain.length > max) continue;
    for (const p of chain) keep[p] = 1;
    kept += chain.length;
  }
  const nodes = merged.nodes.filter((x) => keep[x.id]).map((x) => ({ ...x, sample: g.addresses[x.sample] }));
  return { title, members: merged.members, nodes, truncated: merged.nodes.length - nodes.length, branches: merged.branches };
}
