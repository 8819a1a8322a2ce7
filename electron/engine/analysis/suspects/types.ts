/**
 * Leak suspects and merged retention paths: the outputs of this folder. `findSuspects.ts` ranks
 * what a user probably did not mean to keep; `mergedPaths.ts` merges the shortest root paths of
 * many objects into one tree. Both read the same typed arrays as the rest of analysis/.
 */

/** An open set: the kinds named here, and any later one. */
export type SuspectKind = 'accumulation' | 'cache' | 'traceback' | 'registry' | 'big-retainer' | 'uncollectable' | 'pending-garbage' | (string & {});

/** Objects an owner accumulates, of one type. */
export interface HeldGroup {
  type: string;
  count: number;
  /** Bytes freed with them: the retained sizes of those the owner alone keeps alive. */
  bytes: number;
}

export interface Suspect {
  kind: SuspectKind;
  /** Node ordinal of the owner, −1 for garbage without a single owner. */
  owner: number;
  /** The owner's path from a root with labels; null for garbage (no root reaches it). */
  path: string | null;
  /** One sentence: why this looks like a leak. */
  reason: string;
  /** Bytes freed if the owner went (its dominator-tree retained size; for garbage the bytes it holds). */
  retainedBytes: number;
  /** What it accumulates, grouped by type, most bytes first. */
  holds: HeldGroup[];
  /** Node ordinals of the accumulated objects (the groups above), for merged paths. */
  held: Uint32Array;
}

export interface SuspectOptions {
  /** Smallest retained size worth reporting (default 64 KiB). Uncollectable garbage is always reported. */
  minBytes?: number;
  /** Smallest number of objects of one type that makes an accumulation (default 10). */
  minCount?: number;
  /** Share of the live heap that makes a big retainer (default 0.1). */
  bigShare?: number;
  /** At most this many suspects, best first (default 50). */
  limit?: number;
}
