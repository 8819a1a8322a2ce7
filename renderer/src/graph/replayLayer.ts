/**
 * The replay drawn over the graph (like the selection, highlight.ts): per replayed object a ring in
 * the colour of the collector list it is in and a gc_refs badge, per reference the step walks a
 * stroke. SVG over the canvas, so stepping never restyles Cytoscape. Geometry only; colours and
 * names of the lists are in `replayLists`.
 */
import type { Core, EdgeSingular, NodeSingular } from 'cytoscape';
import type { ReplayListName, ReplayStepDto } from '../../../shared/replayApi';
import { edgeId, nodeId } from './toElements';
import { referencePath, ringAround, towards, type Ring } from './highlight';

export const replayLists: readonly { list: ReplayListName; colour: string; label: string }[] = [
  { list: 'young', colour: '#5c6bc0', label: 'young (being examined)' },
  { list: 'reachable', colour: '#2e7d32', label: 'reachable' },
  { list: 'unreachable', colour: '#f9a825', label: 'unreachable' },
  { list: 'legacy_finalizers', colour: '#c62828', label: 'held by a legacy finalizer' },
  { list: 'garbage', colour: '#6a1b9a', label: 'gc.garbage' },
  { list: 'freed', colour: '#78909c', label: 'freed' },
  { list: 'resurrected', colour: '#ef6c00', label: 'resurrected' },
  { list: 'untracked', colour: '#bdbdbd', label: 'untracked (in no list)' },
];
const colourOf = new Map(replayLists.map((l) => [l.list, l.colour]));

export interface ReplayRing extends Ring {
  address: number;
  colour: string;
  list: ReplayListName;
  /** gc_refs badge text, or '' when the step did not compute it. */
  badge: string;
}

export interface ReplayShapes {
  rings: ReplayRing[];
  /** SVG paths of the references the step walks. */
  references: string[];
}

export const noReplayShapes: ReplayShapes = { rings: [], references: [] };

/** Where the rings, badges and strokes of `step` go now (objects or references not in the graph are skipped). */
export function replayShapes(cy: Core, step: ReplayStepDto | null, headless: boolean): ReplayShapes {
  if (!step) return noReplayShapes;
  const rings: ReplayRing[] = [];
  for (const o of step.objects) {
    const n = cy.getElementById(nodeId(o.address)) as NodeSingular;
    if (n.empty()) continue;
    const r = ringAround(n.renderedPosition(), n.renderedOuterWidth());
    rings.push({ ...r, r: r.r + 3, address: o.address, list: o.list, colour: colourOf.get(o.list) ?? '#000', badge: o.gcRefs === null ? '' : String(o.gcRefs) });
  }
  const references: string[] = [];
  for (const e of step.edges) {
    const el = cy.getElementById(edgeId(e.edge)) as EdgeSingular;
    if (el.empty()) continue;
    if (!headless) {
      references.push(referencePath(el.renderedSourceEndpoint(), el.renderedTargetEndpoint(), el.hasClass('bundled') ? el.renderedMidpoint() : null));
      continue;
    }
    const sp = el.source().renderedPosition();
    const tp = el.target().renderedPosition();
    references.push(referencePath(towards(sp, tp, el.source().renderedOuterWidth() / 2), towards(tp, sp, el.target().renderedOuterWidth() / 2)));
  }
  return { rings, references };
}
