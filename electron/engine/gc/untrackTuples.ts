/**
 * 3.14.0 – 3.14.4 (the incremental collector): gc_collect_full calls untrack_tuples(young) before
 * deduce_unreachable, so a tuple of the young generation that holds no object which may be
 * tracked (_PyTuple_MaybeUntrack: every item is a non-GC object or an untracked tuple) leaves the
 * collection before it starts. Such a tuple inside a garbage cycle is then freed by the cascade
 * when the cycle is cleared, but gc.collect() neither counts nor prints it (3.13 and 3.14.5+ only
 * untrack reachable tuples, in move_unreachable, so there it is counted).
 *
 * The dump writes tracked objects in gc.get_objects() order, which is the young list oldest first,
 * the order untrack_tuples walks: one pass in ordinal order untracks an inner tuple before the
 * outer one exactly when CPython does. Young membership is the dump's flag 64 (3.14+ dumpers).
 */
import { type HeapGraph, NodeFlag } from '../model/HeapGraph.js';

/** Per node, 1 when untrack_tuples(young) takes it out of the collection; undefined when none does. */
export function youngUntrackableTuples(g: HeapGraph): Uint8Array | undefined {
  const flags = g.flags;
  const first = g.firstOutEdge;
  const targets = g.edgeTargets;
  const want = NodeFlag.Tracked | NodeFlag.Young;
  let out: Uint8Array | undefined;
  let tupleType = -1;
  for (let x = 0; x < g.nodeCount; x++) {
    if ((flags[x] & want) !== want) continue;
    if (tupleType < 0) {
      if (g.strings.get(g.typeIds[x]) !== 'tuple') continue;
      tupleType = g.typeIds[x];
    } else if (g.typeIds[x] !== tupleType) continue;
    let untrack = true;
    for (let e = first[x]; e < first[x + 1] && untrack; e++) {
      const t = targets[e];
      // _PyObject_GC_MAY_BE_TRACKED: a non-GC item never blocks, a tuple blocks while it is
      // tracked (or still will be after this pass), any other GC object always blocks.
      if (!(flags[t] & NodeFlag.Gc)) continue;
      untrack = g.typeIds[t] === tupleType && (!(flags[t] & NodeFlag.Tracked) || out?.[t] === 1);
    }
    if (untrack) (out ??= new Uint8Array(g.nodeCount))[x] = 1;
  }
  return out;
}
