/**
 * Py_TYPE(op)->tp_name of each object, which gc's debug lines print and the type name `t` does not
 * determine (a class's tp_name is its bare __name__, a PyType_FromSpec type's the spec name with
 * its module, "_thread.RLock"). The dumper reads it from the type object and writes it only where
 * it is not `t` (FORMAT.md `tpname` records; header `tpNames: true` says it did). Old dumps, and
 * dumps taken where memory could not be read, lack it: callers then guess (cli/gcDebug.ts).
 */
import type { HeapGraph, NodeOrdinal } from './HeapGraph.js';
import type { LineRef } from '../formats/heapscope/objectRecord.js';
import { type Json, fieldError, own, stringField } from '../formats/heapscope/objectRecord.js';

export interface TpNames {
  /** By type-name string id (as in typeIds): the tp_name's string id, 0 when the dumper could not read it. */
  readonly byType: ReadonlyMap<number, number>;
  /** Objects listed one by one (types sharing a `t` whose tp_names differ): by ordinal, as byType. */
  readonly byNode: ReadonlyMap<NodeOrdinal, number>;
}

/** The tp_name of `node` as recorded, or undefined when the dump does not know it. */
export function recordedTpName(g: HeapGraph, node: NodeOrdinal): string | undefined {
  const tp = g.tpNames;
  if (!tp) return undefined;
  const id = tp.byNode.get(node) ?? tp.byType.get(g.typeIds[node]);
  if (id === undefined) return g.strings.get(g.typeIds[node]); // no record: tp_name is `t`
  return id === 0 ? undefined : g.strings.get(id);
}

/** Collects `tpname` records while the file is read; names and addresses are resolved at the end. */
export class TpNameRecords {
  private readonly byType: [string, string | null][] = [];
  private readonly listed: [number[], string | null][] = [];

  take(kind: string, rec: Json, at: LineRef): boolean {
    if (kind !== 'tpname') return false;
    const raw = own(rec, 'tp');
    if (raw !== null && typeof raw !== 'string') throw fieldError(at, 'field "tp" must be a string or null');
    const list = own(rec, 'a');
    if (list === undefined) {
      this.byType.push([stringField(rec, 't', at)!, raw]);
    } else {
      if (!Array.isArray(list) || !list.every((a) => typeof a === 'number' && Number.isSafeInteger(a) && a >= 1)) {
        throw fieldError(at, 'field "a" must be an array of addresses');
      }
      this.listed.push([list as number[], raw]);
    }
    return true;
  }

  /** The graph with `tpNames` when the header says the dumper read them (else records are ignored). */
  attach(graph: HeapGraph): HeapGraph {
    if (graph.header.raw.tpNames !== true) return graph;
    const strings = graph.strings;
    const byType = new Map<number, number>();
    for (const [t, tp] of this.byType) {
      const id = strings.find(t);
      if (id >= 0) byType.set(id, tp === null ? 0 : strings.intern(tp));
    }
    const byNode = new Map<NodeOrdinal, number>();
    for (const [addresses, tp] of this.listed) {
      const id = tp === null ? 0 : strings.intern(tp);
      for (const a of addresses) {
        const n = graph.index.get(a);
        if (n >= 0) byNode.set(n, id);
      }
    }
    return { ...graph, tpNames: { byType, byNode } };
  }
}
