/**
 * What-if edit handlers: apply (break a reference, release external references, clear, declare a
 * finalizer effect), undo, redo, revert a step, list, export. Each answers with the new verdict,
 * the delta shown to the user (with the notes the delta panel needs) and the edit list. Edits go
 * through SessionContext.whatIf, which owns the EditHistory; nothing here mutates the graph.
 */
import type { DeltaDto, EditResponse, EditSpec, EditStepDto, FateName, VerdictDto } from '../../../../shared/exploreApi.js';
import { Fate, type SimulationResult } from '../../gc/types.js';
import type { NodeOrdinal } from '../../model/HeapGraph.js';
import type { Edit, EditDelta } from '../../whatif/types.js';
import type { SessionContext, WhatIfControl } from '../context.js';
import { describeEdit as engineDescribeEdit, shortName } from '../../whatif/describeDelta.js';
import { outsideReferences } from '../../whatif/overlay.js';
import { ExploreError, fateName, nodeOf } from './summary.js';
import { cycleRow, membersTypesText } from './cycles.js';
import { cycleWithin } from '../../whatif/localCycle.js';
import { notAliveNodes } from '../../gc/notAlive.js';

export function whatIfOf(session: SessionContext): WhatIfControl {
  if (!session.whatIf) throw new ExploreError('UNSUPPORTED', 'what-if editing is not available for this session');
  return session.whatIf;
}

/** Verdicts by simulation: undo hands back a simulation already counted. */
const verdicts = new WeakMap<SimulationResult, VerdictDto>();

export function verdictOf(sim: SimulationResult): VerdictDto {
  let verdict = verdicts.get(sim);
  if (!verdict) verdicts.set(sim, (verdict = countVerdict(sim)));
  return { ...verdict };
}

function countVerdict(sim: SimulationResult): VerdictDto {
  // Every unreachable object is on the simulation's short list of objects not left alive.
  let unreachable = 0;
  const nodes = notAliveNodes(sim);
  for (let i = 0; i < nodes.length; i++) {
    const f = sim.fates[nodes[i]];
    if (f === Fate.Collected || f === Fate.Uncollectable || f === Fate.Resurrected) unreachable++;
  }
  return {
    rules: sim.rules,
    saveAll: sim.saveAll,
    collect: sim.collect,
    garbage: sim.garbage.length,
    unreachable,
    freedByRefcount: sim.freedByRefcount.length,
    uncollectable: sim.uncollectable.length,
  };
}

/** "_b", "_b.__dict__" or "dict @0x…" (the engine's naming, shared with the CLI). */
export function describeNode(session: SessionContext, node: NodeOrdinal): string {
  return shortName(session.graph, node);
}

/** "Breaking _b._a", "Deleting _a"… (the engine's verb phrase). */
export function describeEdit(session: SessionContext, edit: Edit): string {
  return engineDescribeEdit(session.graph, edit);
}

/** Turns the renderer's spec (objects by address or an edge ordinal) into the engine's Edit. */
export function toEdit(session: SessionContext, spec: EditSpec): Edit {
  const g = session.graph;
  if (!spec || typeof spec !== 'object') throw new ExploreError('BAD_REQUEST', 'missing edit');
  switch (spec.kind) {
    case 'drop-ref': {
      if ('edge' in spec) {
        const e = spec.edge;
        if (!Number.isInteger(e) || e < 0 || e >= g.edgeCount) throw new ExploreError('NOT_FOUND', `no reference #${String(e)} in this dump`);
        return { kind: 'drop-ref', source: g.addresses[g.edgeSources[e]], target: g.addresses[g.edgeTargets[e]], edge: e };
      }
      nodeOf(session, spec.source);
      nodeOf(session, spec.target);
      return { kind: 'drop-ref', source: spec.source, target: spec.target };
    }
    case 'drop-external': {
      const n = nodeOf(session, spec.address);
      const count = spec.count ?? outsideReferences(g, n) - (session.overlay()?.droppedExternal.get(n) ?? 0);
      if (!(count > 0)) throw new ExploreError('BAD_REQUEST', `${describeNode(session, n)} has no references from outside the dump to release`);
      return { kind: 'drop-external', address: spec.address, count };
    }
    case 'clear':
      nodeOf(session, spec.address);
      return { kind: 'clear', address: spec.address };
    case 'finalizer-effect':
      nodeOf(session, spec.address);
      if (!['none', 'resurrect', 'drop-refs'].includes(spec.effect)) throw new ExploreError('BAD_REQUEST', `unknown finalizer effect ${String(spec.effect)}`);
      return { kind: 'finalizer-effect', address: spec.address, effect: spec.effect };
    default:
      throw new ExploreError('BAD_REQUEST', `unknown edit kind ${String((spec as { kind?: unknown }).kind)}`);
  }
}

/**
 * The member types of the first cycle among the objects that became collectable. When the delta
 * lists every changed object, the cycle is found among them (localCycle.ts): no whole-heap SCC
 * pass, so an edit on a 50M-object dump answers in well under a second. Otherwise (more changed
 * objects than listed) the session's cycles are used.
 */
function becameCollectableCycle(session: SessionContext, delta: EditDelta, became: EditDelta['changed']): string | undefined {
  const g = session.graph;
  if (delta.changedCount === undefined || delta.changedCount > delta.changed.length) {
    const inCycle = became.find((c) => session.cycles().cycleOf[c.node] >= 0);
    return inCycle ? cycleRow(session, session.cycles().cycleOf[inCycle.node]).types : undefined;
  }
  const candidates = became.map((c) => c.node);
  for (const c of became) {
    const members = cycleWithin(g, session.overlay(), candidates, c.node);
    if (members) return membersTypesText(g, members);
  }
  return undefined;
}

/** The delta panel's sentences beyond the engine's summary. */
function deltaNotes(session: SessionContext, delta: EditDelta): string[] {
  const notes: string[] = [];
  // After an undo or a revert the edit named is the one taken back: "still alive" or "still
  // uncollectable" would describe the edit, not the state the undo restored.
  const takenBack = /^(Undoing|Reverting) /.test(delta.summary);
  const sim = session.simulation();
  const g = session.graph;
  const becameCollectable = delta.changed.filter((c) => c.after === Fate.Collected && c.before !== Fate.Collected);
  if (becameCollectable.length > 0) {
    const cycleTypes = becameCollectableCycle(session, delta, becameCollectable);
    notes.push(
      cycleTypes
        ? `the cycle of ${cycleTypes} becomes collectable by gc.collect()`
        : `${becameCollectable.length} object${becameCollectable.length === 1 ? '' : 's'} become${becameCollectable.length === 1 ? 's' : ''} collectable by gc.collect()`,
    );
  }
  const touched = delta.changed.map((c) => c.node);
  const edit = delta.edit;
  for (const address of edit.kind === 'drop-ref' ? [edit.source, edit.target] : [edit.address]) {
    const n = g.index.get(address);
    if (n >= 0) touched.push(n);
  }
  const stuck = touched.find((n) => sim.fates[n] === Fate.Uncollectable);
  if (stuck !== undefined && !takenBack) {
    const cycles = session.cycles();
    const c = cycles.cycleOf[stuck];
    let finalizerInCycle = g.finalizers[stuck] !== 0;
    for (let i = c >= 0 ? cycles.firstMember[c] : 0; c >= 0 && i < cycles.firstMember[c + 1]; i++) {
      if (g.finalizers[cycles.members[i]] !== 0) finalizerInCycle = true;
    }
    const why = finalizerInCycle ? '__del__ in the cycle' : 'held by an object with a legacy finalizer';
    notes.push(`still uncollectable under ${sim.rules} rules: ${why}`);
  }
  const direct = touched.find((n) => sim.fates[n] === Fate.Alive);
  if (!takenBack && direct !== undefined && delta.freedObjects === 0 && becameCollectable.length === 0 && stuck === undefined) {
    notes.push(`${describeNode(session, direct)} is still alive: another reference holds it`);
  }
  return notes;
}

/** The changed objects counted by type and fate change, most first. */
function changedByType(session: SessionContext, delta: EditDelta): NonNullable<DeltaDto['byType']> {
  const g = session.graph;
  const groups = new Map<string, { type: string; count: number; before: FateName; after: FateName }>();
  for (const c of delta.changed) {
    const type = g.strings.get(g.typeIds[c.node]);
    const key = `${type}\u0000${c.before}\u0000${c.after}`;
    const row = groups.get(key) ?? { type, count: 0, before: fateName(c.before), after: fateName(c.after) };
    row.count++;
    groups.set(key, row);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : 1));
}

export function deltaDto(session: SessionContext, delta: EditDelta): DeltaDto {
  const g = session.graph;
  let summary = delta.summary;
  const notes: string[] = [];
  for (const n of deltaNotes(session, delta)) {
    // The engine's sentence says "the cycle becomes collectable"; the note names the cycle.
    const named = /^the cycle of .* becomes collectable by gc\.collect\(\)$/.test(n);
    if (named && summary.includes('the cycle becomes collectable by gc.collect()')) summary = summary.replace('the cycle becomes collectable by gc.collect()', n);
    else if (!summary.includes(n)) notes.push(n);
  }
  return {
    summary,
    notes,
    freedObjects: delta.freedObjects,
    freedBytes: delta.freedBytes,
    changed: delta.changed.slice(0, 1000).map((c) => ({ address: g.addresses[c.node], before: fateName(c.before), after: fateName(c.after), type: g.strings.get(g.typeIds[c.node]) })),
    byType: changedByType(session, delta),
  };
}

function stepsOf(session: SessionContext, control: WhatIfControl): EditStepDto[] {
  return control.steps().map((s, step) => ({ step, description: describeEdit(session, s.edit), summary: s.delta.summary }));
}

export function editResponse(session: SessionContext, delta: EditDelta | undefined): EditResponse {
  const control = whatIfOf(session);
  return {
    verdict: verdictOf(session.simulation()),
    delta: delta ? deltaDto(session, delta) : undefined,
    edits: stepsOf(session, control),
    redoable: control.redoable(),
    ...control.saveState(),
  };
}

export const editHandlers = {
  applyEdit: (session: SessionContext, req: { edit: EditSpec }) => editResponse(session, whatIfOf(session).apply(toEdit(session, req.edit))),
  undoEdit: (session: SessionContext) => editResponse(session, whatIfOf(session).undo()),
  redoEdit: (session: SessionContext) => editResponse(session, whatIfOf(session).redo()),
  revertEdit: (session: SessionContext, req: { step: number }) => {
    const control = whatIfOf(session);
    const n = control.steps().length;
    if (!Number.isInteger(req.step) || req.step < 0 || req.step >= n) throw new ExploreError('BAD_REQUEST', `no edit step ${String(req.step)} (there are ${n})`);
    return editResponse(session, control.revert(req.step));
  },
  listEdits: (session: SessionContext) => {
    whatIfOf(session).retrySave();
    return editResponse(session, session.lastDelta());
  },
  exportEdits: (session: SessionContext) => {
    const control = whatIfOf(session);
    const base = session.dumpPath.split(/[\\/]/).pop()?.replace(/\.jsonl(\.gz)?$/, '') || 'heap';
    return { fileName: `${base}.edits.json`, json: JSON.stringify(control.toJSON(), null, 2) };
  },
};
