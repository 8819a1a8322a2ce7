/**
 * One sentence on why an object has its fate, for the inspector. Delegates to the engine's
 * explanation when the session offers one; otherwise states the fate from the simulation result in
 * the rulebook's terms (GC-SEMANTICS.md §5).
 */
import { Fate } from '../../gc/types.js';
import type { NodeOrdinal } from '../../model/HeapGraph.js';
import type { SessionContext } from '../context.js';
import { externalAfterEdits } from './summary.js';

export function explainNode(session: SessionContext, node: NodeOrdinal): string {
  const sim = session.simulation();
  const g = session.graph;
  const rules = sim.rules === '2.7' ? 'legacy (≤ 3.3)' : `${sim.rules}+`;
  switch (sim.fates[node]) {
    case Fate.Alive: {
      const ext = externalAfterEdits(session, node);
      return ext > 0
        ? `Alive: ${ext} reference${ext === 1 ? '' : 's'} from outside the tracked objects (a name, a frame or C code) hold it.`
        : 'Alive: reachable from an object that something outside the dump holds.';
    }
    case Fate.FreedByRefcount:
      return 'Freed by reference counting: its refcount reaches 0, no collector needed.';
    case Fate.Collected:
      return `Collected by gc.collect() under ${rules} rules: unreachable and not held by a legacy finalizer.`;
    case Fate.Uncollectable: {
      const pin = sim.pinnedBy[node];
      if (pin === node || g.finalizers[node] !== 0)
        return `Uncollectable under ${rules} rules: it has a legacy finalizer (__del__) in an unreachable cycle, so it goes to gc.garbage.`;
      return `Uncollectable under ${rules} rules: unreachable, but held by an object with a legacy finalizer that stays in gc.garbage.`;
    }
    case Fate.Resurrected:
      return 'Resurrected: a finalizer made it reachable again, so it survives this collection.';
    default:
      return '';
  }
}
