/**
 * The `replay` method: gc.collect() step by step (engine/gc/replay/) for the objects the graph
 * view shows, under the session's edits and rules (or another rule set, to compare versions).
 */
import type { GraphEdgeDto } from '../../../../shared/exploreApi.js';
import type { ReplayRequest, ReplayResponse } from '../../../../shared/replayApi.js';
import { isTraversedEdge } from '../../model/HeapGraph.js';
import { replayCollection } from '../../gc/replay/replay.js';
import { defaultReplayLimit, replayNodes } from '../../gc/replay/replayNodes.js';
import { ruleSetLabels } from '../../gc/rules.js';
import { ruleSetIds, type RuleSetId } from '../../gc/types.js';
import type { SessionContext } from '../context.js';
import { ExploreError, nodeOf } from './summary.js';

export function replay(session: SessionContext, req: ReplayRequest): ReplayResponse {
  const g = session.graph;
  if (req.rules !== undefined && !(ruleSetIds as readonly string[]).includes(req.rules)) throw new ExploreError('BAD_REQUEST', `unknown rule set ${req.rules}`);
  const rules = (req.rules as RuleSetId | undefined) ?? session.rules;
  const overlay = session.overlay();
  const seeds = req.addresses.map((a) => nodeOf(session, a));
  const { nodes, truncated } = replayNodes(g, seeds, overlay, Math.min(500, req.limit ?? defaultReplayLimit));
  const r = replayCollection(g, nodes, { rules, saveAll: session.saveAll, overlay });
  const edge = (e: number): GraphEdgeDto => ({
    edge: e,
    source: g.addresses[g.edgeSources[e]],
    target: g.addresses[g.edgeTargets[e]],
    label: g.strings.get(g.edgeLabels[e]),
    traversed: isTraversedEdge(g, e),
  });
  return {
    rules,
    rulesLabel: ruleSetLabels[rules],
    objects: Array.from(nodes, (x) => g.addresses[x]),
    truncated,
    steps: r.steps.map((s) => ({
      phase: s.phase,
      stage: s.generic,
      text: s.text,
      objects: s.objects.map((o) => ({
        address: g.addresses[o.node],
        gcRefs: o.gcRefs,
        list: o.list,
        ...(o.pulledBackBy >= 0 ? { pulledBackBy: g.addresses[o.pulledBackBy] } : {}),
      })),
      edges: s.edges.map(edge),
      acted: s.acted.map((x) => g.addresses[x]),
    })),
  };
}
