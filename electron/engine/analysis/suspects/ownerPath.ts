/**
 * Names an object by its shortest path from a root, the way a Python programmer would write it:
 * `sys.modules['__main__'].recent.records`. The path comes from the root tree (rootTree.ts); each
 * step is spelled from the edge's label:
 *   - `__dict__` into a namespace is silent and the namespace's `['name']` reads `.name`;
 *   - `.attr`, `[3]` and `['key']` are written as they are;
 *   - a step without a label names the type it reaches: `… → tuple`.
 * The root is `sys.modules`, a module by name, a running function's local ("local `x` of handle()
 * (server.py:88) in thread MainThread"), a name the dumper saw binding it, or `TYPE@0xADDR`.
 * Start at `ownerPath`.
 */
import type { HeapGraph } from '../../model/HeapGraph.js';
import type { PythonContext } from './pythonContext.js';
import { type RootTree, treePath } from './rootTree.js';
import { frameSlotsOf } from '../../model/frameHolders.js';

const hex = (a: number): string => `0x${a.toString(16)}`;

/** How a root reads at the start of a path. */
export function rootName(ctx: PythonContext, node: number): string {
  const g = ctx.graph;
  if (node === ctx.sysModules) return 'sys.modules';
  const repr = g.strings.get(g.reprIds[node]);
  if (g.typeIds[node] === ctx.ids.module && repr) return repr;
  if (ctx.namespaceDict[node] === 2) {
    // A module's namespace held from outside (sys.__dict__ is): name it by its module.
    for (let i = g.firstInEdge[node], end = g.firstInEdge[node + 1]; i < end; i++) {
      const owner = g.edgeSources[g.inEdges[i]];
      if (g.typeIds[owner] === ctx.ids.module) return g.strings.get(g.reprIds[owner]);
    }
  }
  const slot = frameSlotsOf(g, node)[0];
  if (slot) return slot; // held by a running function's local (3.11+: from outside the dump)
  const named = g.holderNames.find((h) => h.node === node);
  if (named) return `${named.holder}: ${named.name}`;
  return `${g.strings.get(g.typeIds[node])}@${hex(g.addresses[node])}`;
}

/** One step of a path as text, given the node it leaves from. */
export function stepText(ctx: PythonContext, from: number, edge: number): string {
  const g = ctx.graph;
  const l = g.strings.get(g.edgeLabels[edge]);
  const to = g.edgeTargets[edge];
  if (l === '__dict__' && ctx.namespaceDict[to]) return '';
  if (l.startsWith("['") && ctx.namespaceDict[from] && l.endsWith("']")) return `.${l.slice(2, -2)}`;
  if (l.startsWith('.') || l.startsWith('[')) return l;
  if (l) return `.${l}`;
  return ` → ${g.strings.get(g.typeIds[to])}`;
}

/** `sys.modules['__main__'].recent.records`; null when no root reaches the node. */
export function ownerPath(ctx: PythonContext, tree: RootTree, node: number, maxSteps = 40): string | null {
  const g: HeapGraph = ctx.graph;
  const path = treePath(g, tree, node, maxSteps + 1);
  if (path.nodes.length === 0) return null;
  let text = path.elided ? '…' : rootName(ctx, path.nodes[0]);
  for (let i = 0; i < path.edges.length; i++) text += stepText(ctx, path.nodes[i], path.edges[i]);
  return text;
}
