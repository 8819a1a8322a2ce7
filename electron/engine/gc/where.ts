/**
 * Per-object state codes used while simulating (one Uint8Array, `where[node]`), so each step of
 * simulate.ts reads as moving objects between CPython's lists (young, unreachable, finalizers,
 * final_unreachable) without per-object JS objects. Bit masks (`1 << code`) select several at once.
 */
export const Where = {
  /** Not a tracked survivor: an untracked or non-GC object still alive (until classified). */
  Outside: 0,
  /** Freed by the refcount cascade before the collection (phase 1). */
  FreedByRefcount: 1,
  /** Tracked and reachable from a root: alive. */
  Reachable: 2,
  /** In the unreachable set being examined (young before move_unreachable, then U1, then final). */
  Unreachable: 3,
  /** In F, the legacy-finalizer closure (CPython's `finalizers` list). */
  Finalizers: 4,
  /** Freed by the collector: cleared, or by the cascade during finalization or clearing. */
  FreedByCollector: 5,
  /** Survived because a finalizer made it reachable again. */
  Resurrected: 6,
  /** Its refcount reached 0 but its __del__ was declared to resurrect it (phase 1). */
  ResurrectedOnDealloc: 7,
  /** Final but kept in gc.garbage by DEBUG_SAVEALL. */
  Saved: 8,
  /** Outside object under classification (reached from a leaked or resurrected set). */
  Candidate: 9,
  /** Outside object held only by resurrected objects. */
  HeldByResurrected: 10,
  /** Outside object held only by uncollectable / saved objects. */
  HeldByGarbage: 11,
} as const;

export function maskOf(...codes: number[]): number {
  let m = 0;
  for (const c of codes) m |= 1 << c;
  return m;
}
