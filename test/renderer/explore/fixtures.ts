/** Literal DTOs for renderer tests: the article's two-object cycle as the engine would describe it. */
import type { GraphNodeDto, NeighbourhoodResponse, ObjectSummary } from '../../../shared/exploreApi';

export function obj(address: number, type: string, extra: Partial<ObjectSummary> = {}): ObjectSummary {
  return {
    address,
    type,
    kind: type === 'dict' ? 'dict' : type.includes('.') ? 'instance' : 'other',
    size: 56,
    retained: 56,
    refcount: 1,
    external: 0,
    fate: 'uncollectable',
    finalizer: '',
    repr: '',
    cycle: 0,
    names: [],
    ...extra,
  };
}

export function node(o: ObjectSummary, hop: number, more = false): GraphNodeDto {
  return { ...o, hop, more };
}

/** Ia → Da → Ib → Db → Ia, centred on Ib. */
export function twoCycleGraph(): NeighbourhoodResponse {
  const Ia = obj(0x10, '__main__.CGcLeakA', { finalizer: 'del' });
  const Da = obj(0x20, 'dict');
  const Ib = obj(0x30, '__main__.CGcLeakB', { finalizer: 'del', names: ['_b'] });
  const Db = obj(0x40, 'dict');
  return {
    nodes: [node(Ib, 0), node(Da, -1), node(Ia, -2), node(Db, 1)],
    edges: [
      { edge: 0, source: 0x10, target: 0x20, label: '__dict__', traversed: true },
      { edge: 1, source: 0x20, target: 0x30, label: "['_b']", traversed: true },
      { edge: 2, source: 0x30, target: 0x40, label: '__dict__', traversed: true },
      { edge: 3, source: 0x40, target: 0x10, label: "['_a']", traversed: false },
    ],
    truncated: false,
  };
}

/** A star around object 1: referrers at negative hops, referents at positive ones (layout tests and bench). */
export function starNeighbourhood(n: number): NeighbourhoodResponse {
  const nodes = Array.from({ length: n }, (_, i) => node(obj(i + 1, i % 3 ? 'dict' : '__main__.Leak'), i === 0 ? 0 : i % 2 ? -((i % 4) + 1) : (i % 4) + 1));
  const edges = Array.from({ length: n - 1 }, (_, i) => {
    const child = i + 2;
    return nodes[child - 1].hop < 0
      ? { edge: i, source: child, target: 1, label: `[${i}]`, traversed: true }
      : { edge: i, source: 1, target: child, label: `.a${i}`, traversed: true };
  });
  return { nodes, edges, truncated: false };
}
