/**
 * Pure mapping from a neighbourhood (engine DTOs) to Cytoscape element definitions. Classes carry
 * everything the stylesheet (style.ts) needs: `fate-<fate>`, `kind-<kind>`, `centre`, `changed`
 * (fate altered by the last edit), `in-cycle` (member of the selected cycle), `cmp-new` / `cmp-survived`
 * (since the baseline of a comparison), `more` (has references
 * not shown), and for edges `hidden-ref` (invisible to tp_traverse), `bundled` (another edge
 * joins the same two objects, or a self-reference) and `in-cycle` (both ends in the selected cycle). The selection is not a class: GraphView draws it
 * over the canvas (highlight.ts), so moving it does not restyle Cytoscape.
 */
import type { ElementDefinition } from 'cytoscape';
import type { FateName, GraphNodeDto, NeighbourhoodResponse, ObjectSummary, RetainerPathDto } from '../../../shared/exploreApi';

export interface ElementOptions {
  /** Addresses whose fate the last edit changed. */
  changed?: ReadonlySet<number>;
  /** Members of the selected cycle. */
  cycle?: ReadonlySet<number>;
  /** With a comparison: objects new or survived since the baseline (Compare view). */
  compared?: ReadonlyMap<number, 'new' | 'survived'>;
  /** Folded siblings (groupSiblings.ts): the representative's address → how many it stands for. */
  groups?: ReadonlyMap<number, { members: readonly number[]; type: string }>;
}

export function fateClass(fate: FateName): string {
  return `fate-${fate.replace(/\s+/g, '-')}`;
}

/** Short type name: "__main__.CGcLeakB" → "CGcLeakB". */
export function shortType(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

/** Two-line node label: type, then a binding name, the object a dict belongs to, a short repr or the address. */
export function nodeLabel(o: ObjectSummary): string {
  const owner = o.dictOf ? `of ${shortType(o.dictOf.type)} ${o.dictOf.name && o.dictOf.name.length <= 16 ? o.dictOf.name : `0x${o.dictOf.address.toString(16)}`}` : undefined;
  // Frames always show their title, "handle_job (jobserver.py:71)", however long.
  const detail = o.names[0] ?? owner ?? (o.repr && (o.repr.length <= 24 || o.type === 'frame') ? o.repr : `0x${o.address.toString(16)}`);
  return `${shortType(o.type)}\n${detail}`;
}

export const nodeId = (address: number): string => `n${address}`;
export const edgeId = (edge: number): string => `e${edge}`;

function nodeClasses(n: GraphNodeDto, opts: ElementOptions): string {
  const c = [fateClass(n.fate), `kind-${n.kind}`];
  if (n.hop === 0) c.push('centre');
  if (n.more) c.push('more');
  if (opts.changed?.has(n.address)) c.push('changed');
  if (opts.cycle?.has(n.address)) c.push('in-cycle');
  const cmp = opts.compared?.get(n.address);
  if (cmp) c.push(`cmp-${cmp}`);
  return c.join(' ');
}

export function toElements(graph: NeighbourhoodResponse, opts: ElementOptions = {}): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  for (const n of graph.nodes) {
    const group = opts.groups?.get(n.address);
    out.push({
      group: 'nodes',
      data: { id: nodeId(n.address), address: n.address, label: group ? `${group.members.length} × ${shortType(group.type)}\n(double-click: all)` : nodeLabel(n), fate: n.fate, kind: n.kind, hop: n.hop, group: group ? group.members.length : 0 },
      classes: nodeClasses(n, opts) + (group ? ' group' : ''),
    });
  }
  const pairs = new Map<string, number>();
  const pairOf = (e: { source: number; target: number }): string => (e.source < e.target ? `${e.source}-${e.target}` : `${e.target}-${e.source}`);
  for (const e of graph.edges) pairs.set(pairOf(e), (pairs.get(pairOf(e)) ?? 0) + 1);
  for (const e of graph.edges) {
    const bundled = e.source === e.target || pairs.get(pairOf(e))! > 1;
    const inCycle = opts.cycle?.has(e.source) && opts.cycle.has(e.target);
    const classes = [e.traversed ? '' : 'hidden-ref', bundled ? 'bundled' : '', inCycle ? 'in-cycle' : ''].filter(Boolean).join(' ');
    out.push({
      group: 'edges',
      data: { id: edgeId(e.edge), edge: e.edge, source: nodeId(e.source), target: nodeId(e.target), label: e.label },
      classes,
    });
  }
  return out;
}

/** A retainer path (root first) as a graph: the root in the leftmost column, the object at the centre. */
export function pathGraph(path: RetainerPathDto): NeighbourhoodResponse {
  const last = path.nodes.length - 1;
  return {
    nodes: path.nodes.map((o, i) => ({ ...o, hop: i - last, more: false })),
    edges: path.edges.map((edge, i) => ({ edge, source: path.nodes[i].address, target: path.nodes[i + 1].address, label: path.labels[i] ?? '', traversed: true })),
    truncated: false,
  };
}

/** Merges an expansion into the current neighbourhood (double-click), keeping the first hop seen. */
export function mergeNeighbourhoods(a: NeighbourhoodResponse, b: NeighbourhoodResponse): NeighbourhoodResponse {
  const nodes = new Map(a.nodes.map((n) => [n.address, n]));
  for (const n of b.nodes) if (!nodes.has(n.address)) nodes.set(n.address, n);
  const edges = new Map(a.edges.map((e) => [e.edge, e]));
  for (const e of b.edges) if (!edges.has(e.edge)) edges.set(e.edge, e);
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: a.truncated || b.truncated };
}

/** Removes the nodes only reachable through `address` on its far side (collapse), keeping the centre. */
export function collapseNode(g: NeighbourhoodResponse, address: number): NeighbourhoodResponse {
  const node = g.nodes.find((n) => n.address === address);
  if (!node) return g;
  const sign = Math.sign(node.hop);
  const drop = new Set<number>();
  for (const e of g.edges) {
    const other = sign >= 0 ? (e.source === address ? e.target : undefined) : e.target === address ? e.source : undefined;
    if (other === undefined) continue;
    const o = g.nodes.find((n) => n.address === other);
    if (o && o.hop !== 0 && Math.abs(o.hop) > Math.abs(node.hop)) drop.add(other);
  }
  // Keep a dropped node if something else still shown links it.
  for (const e of g.edges) {
    if (drop.has(e.target) && e.source !== address && !drop.has(e.source)) drop.delete(e.target);
    if (drop.has(e.source) && e.target !== address && !drop.has(e.target)) drop.delete(e.source);
  }
  return {
    nodes: g.nodes.map((n) => (n.address === address ? { ...n, more: n.more || drop.size > 0 } : n)).filter((n) => !drop.has(n.address)),
    edges: g.edges.filter((e) => !drop.has(e.source) && !drop.has(e.target)),
    truncated: g.truncated,
  };
}
