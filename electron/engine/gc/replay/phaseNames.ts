/**
 * The name of each traced phase in a given CPython version's collector, so a replay step is named
 * after the function that version really runs (Modules/gcmodule.c up to 3.11, Python/gc.c from
 * 3.12). 2.7 calls them move_finalizers / move_finalizer_reachable / handle_finalizers and has no
 * finalize_garbage (PEP 442 came in 3.4); 3.4 – 3.8 check what finalizers resurrected with
 * check_garbage (+ revive_garbage), 3.9+ with handle_resurrected_objects. A phase that a version
 * does not have is left out of its replay (null).
 */
import type { TracePhase } from '../tracer.js';
import type { RuleSetId } from '../types.js';

type Family = 'legacy' | 'pep442' | 'partial';

function familyOf(rules: RuleSetId): Family {
  if (rules === '2.7') return 'legacy';
  if (rules === '3.4' || rules === '3.7.5') return 'pep442';
  // 3.9 and every later rule set (3.14 and 3.15 keep these function names).
  return 'partial';
}

/** 3.4+: PEP 442's names; the resurrection check is the one step 3.4 – 3.8 and 3.9+ name apart. */
const pep442Names = (resurrection: string): Record<TracePhase, string> => ({
  edits: 'edits',
  update_refs: 'update_refs',
  subtract_refs: 'subtract_refs',
  move_unreachable: 'move_unreachable',
  move_legacy_finalizers: 'move_legacy_finalizers',
  move_legacy_finalizer_reachable: 'move_legacy_finalizer_reachable',
  handle_weakrefs: 'handle_weakrefs',
  finalize_garbage: 'finalize_garbage',
  resurrection,
  delete_garbage: 'delete_garbage',
  handle_legacy_finalizers: 'handle_legacy_finalizers',
});

const names: Record<Family, Record<TracePhase, string | null>> = {
  legacy: {
    ...pep442Names('check_garbage'),
    move_legacy_finalizers: 'move_finalizers',
    move_legacy_finalizer_reachable: 'move_finalizer_reachable',
    finalize_garbage: null,
    resurrection: null,
    handle_legacy_finalizers: 'handle_finalizers',
  },
  pep442: pep442Names('check_garbage'),
  partial: pep442Names('handle_resurrected_objects'),
};

/** The version's function name for a traced phase, or null when that version has no such step. */
export function phaseName(rules: RuleSetId, phase: TracePhase): string | null {
  return names[familyOf(rules)][phase];
}

/** The source file the phase functions live in, for the step texts. */
export function collectorSource(rules: RuleSetId): string {
  return familyOf(rules) === 'legacy' ? 'Modules/gcmodule.c (2.7)' : 'the collector (gcmodule.c, gc.c from 3.12)';
}
