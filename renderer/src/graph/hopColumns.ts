/**
 * A linear-time layered layout for large neighbourhoods, where dagre's crossing minimisation gets
 * slow (a module dict with hundreds of entries puts hundreds of nodes in one rank: seconds).
 * Each hop is a column (referrers left, referents right, the centre in the middle); within a
 * column nodes are ordered by the barycentre of their already-placed neighbours (one sweep
 * outwards from the centre, as in Sugiyama's layer-by-layer heuristic), then spaced evenly and
 * centred vertically. Pure: takes hops and edges, returns positions.
 */
export interface ColumnNode {
  id: string;
  hop: number;
}
export interface ColumnEdge {
  source: string;
  target: string;
}

export function hopColumns(nodes: readonly ColumnNode[], edges: readonly ColumnEdge[], colGap = 220, rowGap = 56): Map<string, { x: number; y: number }> {
  const columns = new Map<number, string[]>();
  const hopOf = new Map<string, number>();
  for (const n of nodes) {
    hopOf.set(n.id, n.hop);
    const col = columns.get(n.hop) ?? [];
    col.push(n.id);
    columns.set(n.hop, col);
  }
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    if (!hopOf.has(e.source) || !hopOf.has(e.target)) continue;
    (adj.get(e.source) ?? adj.set(e.source, []).get(e.source)!).push(e.target);
    (adj.get(e.target) ?? adj.set(e.target, []).get(e.target)!).push(e.source);
  }
  const rank = new Map<string, number>();
  const pos = new Map<string, { x: number; y: number }>();
  const place = (hop: number, inner: number | undefined): void => {
    const col = columns.get(hop);
    if (!col) return;
    if (inner !== undefined) {
      const bary = new Map<string, number>();
      for (const id of col) {
        let sum = 0;
        let k = 0;
        for (const m of adj.get(id) ?? []) {
          if (hopOf.get(m) === inner && rank.has(m)) {
            sum += rank.get(m)!;
            k++;
          }
        }
        bary.set(id, k ? sum / k : Number.POSITIVE_INFINITY);
      }
      col.sort((a, b) => bary.get(a)! - bary.get(b)!);
    }
    const top = -((col.length - 1) * rowGap) / 2;
    col.forEach((id, i) => {
      rank.set(id, i - (col.length - 1) / 2);
      pos.set(id, { x: hop * colGap, y: top + i * rowGap });
    });
  };
  const hops = [...columns.keys()];
  const min = Math.min(0, ...hops);
  const max = Math.max(0, ...hops);
  place(0, undefined);
  for (let h = 1; h <= max; h++) place(h, h - 1);
  for (let h = -1; h >= min; h--) place(h, h + 1);
  return pos;
}
