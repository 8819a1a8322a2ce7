/**
 * `--debug FLAGS`: the lines CPython's own collector would print to stderr for one gc.collect()
 * with those `gc.set_debug` flags, so heapscope's answer can be held against a real run line by
 * line. Formats are those of gcmodule.c (Python/gc.c in 3.13, 3.14 and 3.15, which print the same lines):
 *   2.7  debug_cycle: only when DEBUG_OBJECTS ("gc: %s <%s %p>", tp_name) or, for old-style
 *        instances, DEBUG_INSTANCES ("gc: %s <%s instance at %p>", the class name);
 *   3.x  debug_cycle: "gc: %s <%s %p>" with tp_name, whenever COLLECTABLE/UNCOLLECTABLE is set.
 * Order (collect()): DEBUG_STATS header, "collectable" for each object of U1 (gc list order), then
 * after tp_clear "uncollectable" for each object of F still alive, then the DEBUG_STATS summary.
 */
import { NodeFlag, type HeapGraph, type NodeOrdinal, typeName } from '../engine/model/HeapGraph.js';
import type { SimulationResult } from '../engine/gc/types.js';
import { usageError } from './args.js';
import { recordedTpName } from '../engine/model/tpNames.js';

/** gc module constants (identical numbers on 2.7 and 3.x; INSTANCES and OBJECTS exist on 2.x only). */
export const DebugFlag = {
  STATS: 1,
  COLLECTABLE: 2,
  UNCOLLECTABLE: 4,
  INSTANCES: 8,
  OBJECTS: 16,
  SAVEALL: 32,
} as const;

/** DEBUG_LEAK as the given major version defines it. */
export function leakFlags(major: number): number {
  const { COLLECTABLE, UNCOLLECTABLE, INSTANCES, OBJECTS, SAVEALL } = DebugFlag;
  return major < 3 ? COLLECTABLE | UNCOLLECTABLE | INSTANCES | OBJECTS | SAVEALL : COLLECTABLE | UNCOLLECTABLE | SAVEALL;
}

/**
 * Parses "LEAK", "COLLECTABLE|UNCOLLECTABLE", "gc.DEBUG_SAVEALL", "38"… into a bit set for the
 * dump's Python major version. INSTANCES and OBJECTS (2.x only) are accepted for any dump, so the
 * article's 2.7 flags work on a 3.x dump too; 3.x's debug_cycle ignores them. Unknown names are a
 * usage error.
 */
export function parseDebugFlags(text: string, major: number): number {
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  let bits = 0;
  for (const raw of text.split(/[|,+\s]+/).filter(Boolean)) {
    const name = raw.replace(/^gc\./i, '').replace(/^DEBUG_/i, '').toUpperCase();
    if (name === 'LEAK') bits |= leakFlags(major);
    else if (name in DebugFlag) bits |= DebugFlag[name as keyof typeof DebugFlag];
    else throw usageError(`unknown gc debug flag "${raw}" (expected LEAK, STATS, COLLECTABLE, UNCOLLECTABLE, SAVEALL${major < 3 ? ', INSTANCES, OBJECTS' : ''})`);
  }
  return bits;
}

/** `%p` as glibc's printf and PyUnicode_FromFormat print it: 0x + lowercase hex. */
export function pointer(address: number): string {
  return `0x${address.toString(16)}`;
}

/**
 * Py_TYPE(op)->tp_name: as the dumper read it from the type object (model/tpNames.ts) when the
 * dump records it. Otherwise guessed from the dump's type name, which qualifies classes by module
 * ("__main__.CGcLeak"): a heap type's tp_name is taken as its bare __name__, a static C type's as
 * already dotted ("_io.TextIOWrapper"); instances of heap types report their type to tp_traverse,
 * which the dump labels `__class__`, static types do not. The guess is wrong for PyType_FromSpec
 * types, whose tp_name keeps its module ("_thread.RLock" on 3.10+).
 */
export function tpName(graph: HeapGraph, node: NodeOrdinal): string {
  const recorded = recordedTpName(graph, node);
  if (recorded !== undefined) return recorded;
  const t = typeName(graph, node);
  const dot = t.lastIndexOf('.');
  if (dot < 0) return t;
  const bare = t.slice(dot + 1);
  if (t.startsWith('__main__.')) return bare;
  for (let e = graph.firstOutEdge[node]; e < graph.firstOutEdge[node + 1]; e++) {
    if (graph.strings.get(graph.edgeLabels[e]) === '__class__') return bare;
  }
  return t;
}

/** 2.7 prints names with "%.100s": at most 100 bytes. */
function cut100(s: string): string {
  const b = Buffer.from(s, 'utf8');
  return b.length <= 100 ? s : b.subarray(0, 100).toString('utf8');
}

/**
 * 2.7 old-style instance (PyInstance_Check): its class name (instance->in_class->cl_name), else
 * undefined. The dump names such an object by its class ("__main__.OldLeak") and its `__class__`
 * edge leads to a `classobj`.
 */
function oldStyleClassName(graph: HeapGraph, node: NodeOrdinal): string | undefined {
  for (let e = graph.firstOutEdge[node]; e < graph.firstOutEdge[node + 1]; e++) {
    if (graph.strings.get(graph.edgeLabels[e]) !== '__class__' || typeName(graph, graph.edgeTargets[e]) !== 'classobj') continue;
    const t = typeName(graph, node);
    return t.slice(t.lastIndexOf('.') + 1);
  }
  return typeName(graph, node) === 'instance' ? '?' : undefined;
}

function cycleLine(graph: HeapGraph, major: number, flags: number, msg: string, node: NodeOrdinal): string | undefined {
  const p = pointer(graph.addresses[node]);
  if (major >= 3) return `gc: ${msg} <${tpName(graph, node)} ${p}>`;
  const cls = oldStyleClassName(graph, node);
  if (flags & DebugFlag.INSTANCES && cls !== undefined) return `gc: ${msg} <${cut100(cls)} instance at ${p}>`;
  if (flags & DebugFlag.OBJECTS) return `gc: ${msg} <${cut100(tpName(graph, node))} ${p}>`;
  return undefined;
}

/**
 * The stderr lines of one simulated full collection. DEBUG_STATS lines carry what the dump cannot
 * know as approximations: generation sizes (all tracked objects are shown in generation 2, where
 * gc.collect() merges them) and the elapsed time (0.0000s).
 */
export function debugLines(graph: HeapGraph, result: SimulationResult, flags: number): string[] {
  const major = graph.header.python.major;
  const lines: string[] = [];
  if (flags & DebugFlag.STATS) {
    let tracked = 0;
    let young = 0;
    for (let n = 0; n < graph.nodeCount; n++) {
      if (graph.flags[n] & NodeFlag.Tracked) tracked++;
      if (graph.flags[n] & NodeFlag.Young) young++;
    }
    // 3.14+ dumps record the young generation (flag 64); the other generations stay merged.
    lines.push('gc: collecting generation 2...', `gc: objects in each generation: ${young} 0 ${tracked - young}`);
    if (major >= 3 && (graph.header.python.minor >= 7 || major > 3)) lines.push('gc: objects in permanent generation: 0');
  }
  if (flags & DebugFlag.COLLECTABLE) {
    for (const n of result.collectable) {
      const line = cycleLine(graph, major, flags, 'collectable', n);
      if (line) lines.push(line);
    }
  }
  if (flags & DebugFlag.UNCOLLECTABLE) {
    for (const n of result.uncollectable) {
      const line = cycleLine(graph, major, flags, 'uncollectable', n);
      if (line) lines.push(line);
    }
  }
  if (flags & DebugFlag.STATS) {
    const n = result.uncollectable.length;
    const unreachable = result.collect;
    // 3.12+ (Python/gc.c) always print the counts, also "0 unreachable, 0 uncollectable".
    const alwaysCounts = major > 3 || graph.header.python.minor >= 12;
    const head = unreachable === 0 && n === 0 && !alwaysCounts ? 'gc: done' : `gc: done, ${unreachable} unreachable, ${n} uncollectable`;
    lines.push(`${head}, 0.0000s elapsed${major < 3 ? '.' : ''}`);
  }
  return lines;
}
