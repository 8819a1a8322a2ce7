/**
 * Which dumps of a captured series the Comparison view compares, memlab's way: with two, the first
 * is the baseline and the last the target; with three or more, the first is the baseline, the
 * second-to-last the target and the last the final dump (leak candidates are new in the target
 * and still alive in the final dump, so objects merely in flight at the target drop out).
 */

export interface SeriesOptions {
  /** Seconds from the start of one dump to the start of the next. */
  every: number;
  count: number;
}

export interface SeriesRoles {
  base: string;
  target: string;
  final: string | null;
}

export function seriesRoles(sessions: string[]): SeriesRoles {
  if (sessions.length < 2) throw new Error(`a series compares two dumps or more, not ${sessions.length}`);
  const n = sessions.length;
  return n === 2 ? { base: sessions[0], target: sessions[1], final: null } : { base: sessions[0], target: sessions[n - 2], final: sessions[n - 1] };
}

/** The sentence the Comparison view shows about where its dumps came from. */
export function seriesOrigin(count: number, pid: number): string {
  const head = `A captured series of ${count} dumps of process ${pid}:`;
  if (count === 2) return `${head} dump 1 is the baseline, dump 2 the target.`;
  const between = count > 3 ? ` Dumps 2–${count - 2} are open in their own tabs.` : '';
  return `${head} dump 1 is the baseline, dump ${count - 1} the target, dump ${count} the final dump (memlab's baseline / target / final).${between}`;
}
