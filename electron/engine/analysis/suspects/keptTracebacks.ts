/**
 * Tracebacks kept alive on their own: a traceback (the head of a tb_next chain) that something
 * still holds — `sys.last_traceback`, an exception stored on an object, a `sys.exc_info()` tuple
 * saved in a global — keeps every frame of the chain and all their locals. Each such head that
 * retains at least `minBytes` is reported once, unless it lies inside an owner already reported
 * (`covered`). Start at `findKeptTracebacks`.
 */
import type { DominatorTree } from '../types.js';
import type { PythonContext } from './pythonContext.js';
import { tracebacksUnder } from './shapes.js';

export interface KeptTraceback {
  node: number;
  frames: string[];
}

export function findKeptTracebacks(ctx: PythonContext, dom: DominatorTree, minBytes: number, covered: (node: number) => boolean): KeptTraceback[] {
  const g = ctx.graph;
  const tb = ctx.ids.traceback;
  if (tb < 0) return [];
  const out: KeptTraceback[] = [];
  for (let v = 0; v < g.nodeCount; v++) {
    if (g.typeIds[v] !== tb || dom.idom[v] === -2 || dom.retainedSizes[v] < minBytes) continue;
    let head = true;
    for (let i = g.firstInEdge[v], end = g.firstInEdge[v + 1]; i < end; i++) {
      if (g.typeIds[g.edgeSources[g.inEdges[i]]] === tb) head = false;
    }
    if (!head || covered(v)) continue;
    out.push({ node: v, frames: tracebacksUnder(ctx, dom, v) ?? [] });
  }
  return out;
}
