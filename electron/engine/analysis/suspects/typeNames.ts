/**
 * Type names as users type them: the qualified name the dump and `top` show
 * (`__main__.Payload`), or a bare name (`Payload`) when exactly one type in the dump ends with it.
 * Start at `resolveType`.
 */
import type { HeapGraph } from '../../model/HeapGraph.js';

export type ResolvedType = { name: string; typeId: number; nodes: Uint32Array } | { error: string };

/** Distinct type ids present in the graph. */
function presentTypes(g: HeapGraph): Map<string, number> {
  const seen = new Set<number>();
  const byName = new Map<string, number>();
  for (let v = 0; v < g.nodeCount; v++) {
    const t = g.typeIds[v];
    if (seen.has(t)) continue;
    seen.add(t);
    byName.set(g.strings.get(t), t);
  }
  return byName;
}

/** Resolves `name` and lists the objects of that type (ordinals ascending). */
export function resolveType(g: HeapGraph, name: string): ResolvedType {
  const types = presentTypes(g);
  let typeId = types.get(name);
  let resolved = name;
  if (typeId === undefined) {
    const matches = [...types.keys()].filter((t) => t.endsWith(`.${name}`));
    if (matches.length === 0) return { error: `no object of type ${name} in this dump` };
    if (matches.length > 1) return { error: `type ${name} is ambiguous: ${matches.slice(0, 5).join(', ')}${matches.length > 5 ? ', …' : ''}` };
    resolved = matches[0];
    typeId = types.get(resolved)!;
  }
  let count = 0;
  for (let v = 0; v < g.nodeCount; v++) if (g.typeIds[v] === typeId) count++;
  const nodes = new Uint32Array(count);
  for (let v = 0, k = 0; v < g.nodeCount; v++) if (g.typeIds[v] === typeId) nodes[k++] = v;
  return { name: resolved, typeId, nodes };
}
