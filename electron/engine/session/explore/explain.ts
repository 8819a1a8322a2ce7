/**
 * Why an object has its fate, for the inspector: the engine's explainFate (gc/explain.ts) on the
 * session's current simulation and overlay — one sentence, plus the retainer path for alive
 * objects and the pinning finalizer for leaks.
 */
import { explainFate, type FateExplanation } from '../../gc/explain.js';
import type { NodeOrdinal } from '../../model/HeapGraph.js';
import type { SessionContext } from '../context.js';

export function explainNode(session: SessionContext, node: NodeOrdinal): FateExplanation {
  return explainFate(session.graph, session.simulation(), node, { overlay: session.overlay() });
}
