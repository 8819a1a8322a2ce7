/**
 * Leak signatures: a merged path from the roots, the label of a group of new objects, e.g.
 * "module __main__ .cache ['k'] [*] → __main__.Leak". One breadth-first search from every root
 * (analysis/roots.ts) over live objects gives each object its shortest path; a signature renders
 * that path from its last module (or its root), merging what varies from object to object:
 * indices become [*], keys of large dicts become [*], and a __dict__ hop reads as `.name`.
 *
 * A stand-in, designed to be swapped for the suspects work's merged paths (analysis/suspects/):
 * the comparison only needs a `SignatureFn`, node → string. Start at `mergedPathSignatures`.
 */
import { type HeapGraph, typeName } from '../model/HeapGraph.js';
import { findRoots } from '../analysis/roots.js';

/** A leak signature of a node; nodes with one signature are reported as one group. */
export type SignatureFn = (node: number) => string;

/** Keys of dicts with more entries than this vary per object: they are merged into [*]. */
const SMALL_DICT = 32;
/** Longest path rendered, in references; a longer one starts with "…". */
const MAX_STEPS = 12;

/** Per node, the in-edge of its shortest path from a root: -1 for roots, -2 when unreached. */
export function shortestPathTree(g: HeapGraph, live?: Uint8Array): Int32Array {
  const n = g.nodeCount;
  const parent = new Int32Array(n).fill(-2);
  const queue = new Int32Array(Math.max(1, n));
  let qh = 0;
  let qt = 0;
  const roots = findRoots(g).list;
  for (let i = 0; i < roots.length; i++) {
    const r = roots[i];
    if (live && !live[r]) continue;
    parent[r] = -1;
    queue[qt++] = r;
  }
  const out = g.firstOutEdge;
  const targets = g.edgeTargets;
  while (qh < qt) {
    const p = queue[qh++];
    for (let e = out[p]; e < out[p + 1]; e++) {
      const c = targets[e];
      if (parent[c] !== -2 || (live && !live[c])) continue;
      parent[c] = e;
      queue[qt++] = c;
    }
  }
  return parent;
}

export function mergedPathSignatures(g: HeapGraph, live?: Uint8Array): SignatureFn {
  const parent = shortestPathTree(g, live);
  const prefixes = new Map<number, string>();
  const moduleType = g.strings.find('module');
  const dictLabel = g.strings.find('__dict__');
  const isModule = (x: number): boolean => g.typeIds[x] === moduleType;

  /** The module whose __dict__ this node is, or -1. */
  const moduleOfDict = (x: number): number => {
    for (let i = g.firstInEdge[x]; i < g.firstInEdge[x + 1]; i++) {
      const e = g.inEdges[i];
      if (g.edgeLabels[e] === dictLabel && isModule(g.edgeSources[e])) return g.edgeSources[e];
    }
    return -1;
  };
  const anchor = (x: number): string => {
    if (isModule(x)) return `module ${g.strings.get(g.reprIds[x]) || '?'}`;
    const m = moduleOfDict(x);
    return m >= 0 ? `module ${g.strings.get(g.reprIds[m]) || '?'}` : typeName(g, x);
  };
  /** Reached through a __dict__ reference (or is a module's dict): its keys read as attributes. */
  const isAttrDict = (x: number): boolean => {
    const e = parent[x];
    return e >= 0 ? g.edgeLabels[e] === dictLabel : moduleOfDict(x) >= 0;
  };
  const step = (e: number): string => {
    const label = g.strings.get(g.edgeLabels[e]);
    if (g.edgeLabels[e] === dictLabel) return '';
    if (label === '') return '?';
    const src = g.edgeSources[e];
    if (label.startsWith('[')) {
      const quoted = label.length > 2 && (label[1] === "'" || label[1] === '"');
      if (quoted && isAttrDict(src) && /^\[['"][A-Za-z_][A-Za-z0-9_]*['"]\]$/.test(label)) return `.${label.slice(2, -2)}`;
      if (!quoted || g.firstOutEdge[src + 1] - g.firstOutEdge[src] > SMALL_DICT) return '[*]';
      return label;
    }
    if (label.startsWith('<')) return '<key>';
    return label;
  };
  /** The rendered path down to (and including) node x, without the final type. */
  const prefix = (x: number): string => {
    const chain: number[] = [];
    let cur = x;
    let known: string | undefined;
    for (;;) {
      known = prefixes.get(cur);
      if (known !== undefined) break;
      const e = parent[cur];
      if (e < 0 || isModule(cur) || chain.length >= MAX_STEPS) break;
      chain.push(e);
      cur = g.edgeSources[e];
    }
    let text = known ?? (chain.length >= MAX_STEPS && parent[cur] >= 0 && !isModule(cur) ? '…' : parent[cur] === -2 ? `${anchor(cur)} (unreachable)` : anchor(cur));
    if (known === undefined) prefixes.set(cur, text);
    for (let i = chain.length - 1; i >= 0; i--) {
      const s = step(chain[i]);
      if (s !== '') text = `${text} ${s}`;
      const node = g.edgeTargets[chain[i]];
      if (!prefixes.has(node) && prefixes.size < 1 << 20) prefixes.set(node, text);
    }
    return text;
  };
  return (node: number): string => {
    const e = parent[node];
    if (e < 0) return `${anchor(node)}${e === -1 ? ' (root)' : ' (unreachable)'}`;
    return `${prefix(g.edgeSources[e])} ${step(e)} → ${typeName(g, node)}`.replace(/ {2,}/g, ' ');
  };
}
