/**
 * The one order in which every list of cycles is shown (CLI `cycles`, the Cycles view, the
 * Overview): leaks first, then garbage the collector frees, garbage reference counting frees,
 * resurrected objects, and alive cycles last; larger retained size first within a rank. In a real
 * heap the interpreter's own alive cycles (modules, classes) are the biggest: sorted by size alone,
 * the leak the user is after would be buried under them.
 */
import { Fate } from '../gc/types.js';

/** Rank of a cycle's fate (its most severe member's, or 'mixed'): 0 is shown first. */
export function leakRank(fate: number | 'mixed' | undefined): number {
  if (fate === Fate.Uncollectable) return 0;
  if (fate === Fate.Collected) return 1;
  if (fate === Fate.FreedByRefcount) return 2;
  if (fate === Fate.Resurrected) return 3;
  if (fate === 'mixed') return 4;
  return 5;
}

/** The most severe fate among a cycle's members: the one that decides its rank. */
export function worstFate(a: number, b: number): number {
  return leakRank(a) <= leakRank(b) ? a : b;
}
