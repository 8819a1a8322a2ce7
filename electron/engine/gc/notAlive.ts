/**
 * The objects a simulation does not leave alive (any fate but Alive), ascending: all an edit's
 * delta and verdict read, without a pass over every object. An edited simulation run from the
 * reachability baseline records its list (it knows every object it touched: the rest stay alive);
 * any other result gets it by one scan of its fates, done once and cached.
 */
import { Fate, type SimulationResult } from './types.js';

const lists = new WeakMap<SimulationResult, Int32Array>();

/** Records `nodes` (ascending, no repeats, exactly the non-Alive ones) as the list of `sim`. */
export function recordNotAlive(sim: SimulationResult, nodes: Int32Array): void {
  lists.set(sim, nodes);
}

export function notAliveNodes(sim: SimulationResult): Int32Array {
  let list = lists.get(sim);
  if (!list) {
    const fates = sim.fates;
    let count = 0;
    for (let x = 0; x < fates.length; x++) if (fates[x] !== Fate.Alive) count++;
    list = new Int32Array(count);
    let i = 0;
    for (let x = 0; x < fates.length; x++) if (fates[x] !== Fate.Alive) list[i++] = x;
    lists.set(sim, list);
  }
  return list;
}

/**
 * The nodes whose fate differs between `a` and `b`, ascending. Only nodes on either list can
 * differ (everything else is alive in both): a merge of the two lists.
 */
export function fatesDiffering(a: SimulationResult, b: SimulationResult): number[] {
  const la = notAliveNodes(a);
  const lb = notAliveNodes(b);
  const fa = a.fates;
  const fb = b.fates;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < la.length || j < lb.length) {
    let x: number;
    if (j >= lb.length || (i < la.length && la[i] < lb[j])) x = la[i++];
    else if (i >= la.length || lb[j] < la[i]) x = lb[j++];
    else {
      x = la[i++];
      j++;
    }
    if (fa[x] !== fb[x]) out.push(x);
  }
  return out;
}
