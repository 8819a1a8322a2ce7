/**
 * consistency: compares each record's `rc` and `x` with what the rest of the dump says about the
 * object, as FORMAT.md allows ("Readers may recompute and compare"). A record contradicts the
 * dump when
 *   - its `rc` is below the number of references to it from tracked objects (the ones the
 *     collector subtracts; untracked referrers are not counted: real 3.11 dumps list more
 *     references to True from untracked dicts and tuples than True's refcount), or
 *   - its `x` is not `rc` minus the references from tracked objects after their `ex` prefix
 *     (the dumper computes x exactly that way; see FORMAT.md "What heapscope_dump.py writes").
 * Real dumps pass exactly. When the dumper dropped edges (trailer `droppedEdges`), `x` was
 * computed before the drop, so only `x <= rc - tracked` is required then.
 *
 * References CPython holds without counting them are left out of the rc rule (the dumper's x
 * counts them, so x is one below zero there):
 *   - 3.14+ tracks every dict (gh-127010), so the interned-strings dict (header `interned`) is in
 *     the dump; intern_common leaves its key and value references out of a mortal interned
 *     string's refcount, while dict_traverse reports the value. A 3.14+ dump without `interned`
 *     (older dumpers) gets the x rule only.
 *   - Pyodide's jsproxy.c makes its JsProxy classes with PyType_FromSpecWithBases and then
 *     Py_SET_TYPE(result, JsProxy_metaclass) with no Py_INCREF: those classes' references to
 *     pyodide.ffi._JsProxyMetaClass are not counted (4 of its 22 in a 3.14.2 dump).
 *
 * The simulation reads `rc`; a single bad digit there hides or invents a leak, so the result goes
 * into the verdict (CLI, Overview) rather than being ignored. One pass over the out-edges, in
 * source order (sequential reads, one random increment per edge).
 */
import { NodeFlag, type DumpHeader, type HeapGraph, typeName } from '../../model/HeapGraph.js';

export interface InconsistentRecord {
  line: number;
  address: number;
  type: string;
  rc: number;
  x: number;
  /** References to the object from tracked objects that tp_traverse reports (what x is relative to). */
  referrers: number;
  problem: string;
}

export interface Inconsistencies {
  count: number;
  /** The first few, in file order. */
  records: InconsistentRecord[];
}

const SHOWN = 5;

/** The interned-strings dict's node (header `interned`, 3.14+), -1 when absent; undefined when a 3.14+ dump does not say. */
function internedDict(g: HeapGraph): number | undefined {
  const { major, minor } = g.header.python;
  if (major < 3 || (major === 3 && minor < 14)) return -1;
  const a = g.header.raw.interned;
  return typeof a === 'number' ? g.index.get(a) : undefined;
}

/** Pyodide's metaclass whose instances' references it does not count (see the file header). */
function uncountedMetaclass(g: HeapGraph): (v: number) => boolean {
  if (g.header.platform !== 'emscripten') return () => false;
  return (v) => (g.flags[v] & NodeFlag.IsType) !== 0 && g.strings.get(g.reprIds[v]) === 'pyodide.ffi._JsProxyMetaClass';
}

export function findInconsistencies(g: HeapGraph, lineOf: (node: number) => number, droppedEdges: number): Inconsistencies | undefined {
  const n = g.nodeCount;
  const tracked = new Uint32Array(n);
  const uncounted = new Uint32Array(n);
  const { firstOutEdge, edgeTargets, hiddenEdgeCounts, flags, refcounts, externalRefs } = g;
  const interned = internedDict(g);
  for (let s = 0; s < n; s++) {
    if ((flags[s] & NodeFlag.Tracked) === 0) continue;
    const end = firstOutEdge[s + 1];
    for (let e = firstOutEdge[s] + hiddenEdgeCounts[s]; e < end; e++) tracked[edgeTargets[e]]++;
    if (s === interned) for (let e = firstOutEdge[s] + hiddenEdgeCounts[s]; e < end; e++) uncounted[edgeTargets[e]]++;
  }
  let count = 0;
  const records: InconsistentRecord[] = [];
  const rcRule = interned !== undefined;
  const metaclass = uncountedMetaclass(g);
  for (let v = 0; v < n; v++) {
    // An immortal object's refcount counts nothing (3.12+: references to it are not counted).
    if (flags[v] & NodeFlag.Immortal) continue;
    const rc = refcounts[v];
    const x = externalRefs[v];
    const referrers = tracked[v];
    const expectedX = rc - tracked[v];
    const rcLow = rcRule && rc < referrers - uncounted[v] && !metaclass(v);
    const xOff = droppedEdges > 0 ? x > expectedX : x !== expectedX;
    if (!rcLow && !xOff) continue;
    count++;
    if (records.length >= SHOWN) continue;
    const problem = rcLow
      ? `rc ${rc} is below the ${referrers} references to it from tracked objects in the dump`
      : `x ${x} contradicts rc ${rc} and its ${referrers} references from tracked objects (rc - x should be ${referrers})`;
    records.push({ line: lineOf(v), address: g.addresses[v], type: typeName(g, v), rc, x, referrers, problem });
  }
  return count === 0 ? undefined : { count, records };
}

/** One sentence for header notes, the CLI verdict and the Overview. */
export function inconsistencySentence(file: string, found: Inconsistencies): string {
  const first = found.records[0];
  const more = found.count > 1 ? ` (and ${found.count - 1} more)` : '';
  return (
    `inconsistent dump: ${found.count} object record${found.count === 1 ? '' : 's'} contradict the references in the file, so the verdict may be wrong: ` +
    `${file}:${first.line}: ${first.type} 0x${first.address.toString(16)}: ${first.problem}${more}`
  );
}

/** Records what was found on the header: its notes (every view shows them) and `inconsistent`. */
export function noteInconsistencies(header: DumpHeader, file: string, found: Inconsistencies): void {
  header.inconsistent = found;
  header.notes.push(inconsistencySentence(file, found));
}
