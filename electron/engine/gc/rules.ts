/**
 * Which CPython collector rules apply to a dump: picks a RuleSetId from the interpreter version
 * (GC-SEMANTICS.md §3 steps 4, 7 and 10) and says, per rule set, which finalizers are legacy
 * (move_legacy_finalizers / 2.7's move_finalizers + has_finalizer) and how gc.collect() counts.
 * Start at rulesForVersion.
 */
import { Finalizer, type PythonInfo } from '../model/HeapGraph.js';
import { parsePythonVersion } from '../model/header.js';
import { EngineError } from '../errors.js';
import type { RuleSetId } from './types.js';

/** One line a user can read, per rule set. */
export const ruleSetLabels: Readonly<Record<RuleSetId, string>> = {
  '2.7': 'CPython ≤ 3.3 (legacy __del__)',
  '3.4': 'CPython 3.4 – 3.7.4 (PEP 442 finalizers; any resurrection revives the whole batch)',
  '3.7.5': 'CPython 3.7.5 – 3.8 (whole batch revived on resurrection; counts only what finalizers left)',
  '3.9': 'CPython 3.9 – 3.13 (partial resurrection)',
  '3.14': 'CPython 3.14.0 – 3.14.4 (incremental collector; young atomic tuples untracked first)',
  '3.14.5': 'CPython ≥ 3.14.5 (generational collector again; partial resurrection)',
  '3.15': 'CPython 3.15 (generational; partial resurrection)',
};

/** Longer descriptions for help texts and tooltips. */
export const ruleSetDescriptions: Readonly<Record<RuleSetId, string>> = {
  '2.7':
    'A class with __del__, a C type with tp_del and a generator suspended in try/finally are legacy finalizers: ' +
    'unreachable cycles holding one are never freed and go to gc.garbage. gc.collect() returns |U1| + uncollectable.',
  '3.4':
    'Python __del__ runs as tp_finalize (PEP 442); only tp_del is legacy. If a finalizer resurrects anything, ' +
    'the whole unreachable batch survives. gc.collect() counts U1 before finalizers run.',
  '3.7.5':
    'As 3.4, but gc.collect() counts 0 collected objects when anything was resurrected, else what finalizers left.',
  '3.9':
    'After finalizers run, only what a resurrected object reaches survives; the rest is freed and counted.',
  '3.14':
    'As 3.9, with the incremental collector of 3.14.0 – 3.14.4: gc.collect() first untracks the tuples of the young ' +
    'generation that hold no GC object (untrack_tuples), so such a tuple in a garbage cycle is freed but not counted.',
  '3.14.5': 'As 3.9: 3.14.5 went back to the generational collector of 3.13.',
  '3.15': 'As 3.9: generational, as 3.13 and 3.14.5+; gc.get_stats() also reports candidates and duration.',
};

/** Rule set for an interpreter (CPython numbering; other implementations are treated by version). */
export function rulesForVersion(python: PythonInfo): RuleSetId {
  const { major, minor, micro } = python;
  if (major < 3 || (major === 3 && minor <= 3)) return '2.7';
  if (major === 3 && (minor < 7 || (minor === 7 && micro < 5))) return '3.4';
  if (major === 3 && minor <= 8) return '3.7.5';
  if (major === 3 && minor <= 13) return '3.9';
  if (major === 3 && minor === 14) return micro < 5 ? '3.14' : '3.14.5';
  return '3.15';
}

/** ≥ 3.9's handle_resurrected_objects: only what a resurrected object reaches survives. */
export function resurrectsPartially(rules: RuleSetId): boolean {
  return rules !== '2.7' && rules !== '3.4' && rules !== '3.7.5';
}

/** 3.14.0 – 3.14.4 (gc_collect_full's untrack_tuples(young) before deduce_unreachable). */
export function untracksYoungTuplesFirst(rules: RuleSetId): boolean {
  return rules === '3.14';
}

/**
 * Parses a user-supplied `--rules` value: a rule-set id or any Python version ("2.7", "3.8",
 * "3.11.4"). A two-part "3.7" means 3.7.0. Throws EngineError BAD_RULES otherwise.
 */
export function parseRules(text: string): RuleSetId {
  const t = text.trim();
  if (!/^\d+\.\d+(\.\d+)?$/.test(t)) {
    throw new EngineError('BAD_RULES', `"${text}" is not a Python version (expected e.g. 2.7, 3.8 or 3.11.4)`);
  }
  const info = parsePythonVersion(t);
  if (info.major < 2 || info.major > 3) throw new EngineError('BAD_RULES', `no CPython ${t}: heapscope knows 2.x and 3.x`);
  return rulesForVersion(info);
}

/** True when `fin` is a legacy finalizer under `rules` (objects with one, and all they reach, go to F). */
export function isLegacyFinalizer(rules: RuleSetId, fin: number): boolean {
  if (fin === Finalizer.TpDel) return true;
  return rules === '2.7' && (fin === Finalizer.Del || fin === Finalizer.Gen);
}

/** True when the collector calls this finalizer on unreachable objects (tp_finalize, ≥ 3.4). */
export function runsFinalizerInCollection(rules: RuleSetId, fin: number): boolean {
  if (rules === '2.7') return false;
  return fin === Finalizer.Del || fin === Finalizer.TpFinalize || fin === Finalizer.Gen;
}

/**
 * module_dealloc clears the module's globals (_PyModule_Clear sets every str-keyed value but
 * __builtins__ to None) before dropping its dict: 2.x and 3.0 – 3.3. From 3.4 a module's dict is
 * only released, so functions in it (which hold it through __globals__) wait for the collector.
 */
export function clearsModuleGlobals(rules: RuleSetId): boolean {
  return rules === '2.7';
}

/**
 * gen_close on a generator that never started (FRAME_CREATED) returns at once on 3.12 – 3.14 and
 * the frame keeps its locals; up to 3.11 it throws GeneratorExit into the fresh frame, which
 * finishes and releases them, and from 3.15 it clears the frame (seen on 3.15.0rc1: close() of a
 * created generator drops its argument and function, gi_state becomes GEN_CLOSED). Read from the
 * dump's interpreter (rule sets group 3.9 – 3.13 together).
 */
export function closeLeavesCreatedFrame(python: PythonInfo): boolean {
  return python.major === 3 && python.minor >= 12 && python.minor <= 14;
}
