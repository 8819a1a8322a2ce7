/**
 * A tiny SessionContext over a DSL heap for handler tests: fates, cycles and the simulation
 * numbers are given literally (the real simulation is tested elsewhere), edits are recorded by a
 * fake WhatIfControl that removes edges in an overlay and re-derives fates through `refate`.
 */
import type { DslHeap } from '../../heapDsl.js';
import type { SessionContext, WhatIfControl } from '../../../../electron/engine/session/context.js';
import { Fate, type FateCode, type SimulationResult } from '../../../../electron/engine/gc/types.js';
import type { CycleSet, DominatorTree } from '../../../../electron/engine/analysis/types.js';
import type { Edit, EditDelta, EditOverlay } from '../../../../electron/engine/whatif/types.js';

export interface FakeOptions {
  fates?: Record<string, FateCode>;
  cycles?: string[][];
  collect?: number;
  garbage?: string[];
  /** Fates after the overlay's edits, given the removed edges' labels. */
  refate?: (overlay: EditOverlay) => Record<string, FateCode>;
}

export function simulationOf(h: DslHeap, fates: Record<string, FateCode>, extra: Partial<SimulationResult> = {}): SimulationResult {
  const n = h.graph.nodeCount;
  const f = new Uint8Array(n);
  for (const [name, code] of Object.entries(fates)) f[h.id(name)] = code;
  const of = (code: number): Uint32Array => Uint32Array.from([...f.keys()].filter((i) => f[i] === code));
  return {
    rules: '2.7',
    saveAll: false,
    fates: f,
    collect: of(Fate.Collected).length + of(Fate.Uncollectable).length,
    garbage: new Uint32Array(0),
    collectable: of(Fate.Collected),
    uncollectable: of(Fate.Uncollectable),
    freedByRefcount: of(Fate.FreedByRefcount),
    freedByCollector: of(Fate.Collected),
    resurrected: new Uint32Array(0),
    weakrefCallbacks: new Uint32Array(0),
    finalized: new Uint32Array(0),
    pinnedBy: new Int32Array(n).fill(-1),
    assumptions: [],
    ...extra,
  };
}

export function fakeSession(h: DslHeap, opts: FakeOptions = {}): SessionContext & { whatIf: WhatIfControl } {
  const g = h.graph;
  const cycleOf = new Int32Array(g.nodeCount).fill(-1);
  const members: number[] = [];
  const firstMember = [0];
  (opts.cycles ?? []).forEach((names, c) => {
    for (const name of names) {
      cycleOf[h.id(name)] = c;
      members.push(h.id(name));
    }
    firstMember.push(members.length);
  });
  const cycles: CycleSet = { cycleOf, members: Uint32Array.from(members), firstMember: Uint32Array.from(firstMember), count: firstMember.length - 1 };
  const dominators: DominatorTree = { idom: new Int32Array(g.nodeCount).fill(-1), retainedSizes: Float64Array.from(g.sizes) };
  const baseline = simulationOf(h, opts.fates ?? {}, opts.garbage ? { garbage: Uint32Array.from(opts.garbage.map(h.id)) } : {});
  const applied: { edit: Edit; delta: EditDelta }[] = [];
  const undone: Edit[] = [];
  let overlay: EditOverlay | undefined;
  let current = baseline;
  let last: EditDelta | undefined;

  const rebuild = (edit: Edit): EditDelta => {
    const before = current;
    if (applied.length === 0) {
      overlay = undefined;
      current = baseline;
    } else {
      const removed = new Uint32Array(Math.ceil(g.edgeCount / 32));
      const droppedExternal = new Map<number, number>();
      for (const { edit: e } of applied) {
        if (e.kind === 'drop-ref' && e.edge !== undefined) removed[e.edge >>> 5] |= 1 << (e.edge & 31);
        if (e.kind === 'drop-external') droppedExternal.set(g.index.get(e.address), e.count);
      }
      overlay = { removedEdges: removed, droppedExternal, effects: new Map() };
      current = simulationOf(h, opts.refate ? opts.refate(overlay) : (opts.fates ?? {}));
    }
    const changed = [];
    for (let i = 0; i < g.nodeCount; i++) if (before.fates[i] !== current.fates[i]) changed.push({ node: i, before: before.fates[i], after: current.fates[i] });
    const freed = changed.filter((c) => c.after === Fate.FreedByRefcount);
    last = {
      edit,
      summary: `frees ${freed.length} objects, ${freed.reduce((s, c) => s + g.sizes[c.node], 0)} bytes, by reference counting`,
      changed,
      freedObjects: freed.length,
      freedBytes: freed.reduce((s, c) => s + g.sizes[c.node], 0),
      collectBefore: before.collect,
      collectAfter: current.collect,
      garbageBefore: before.garbage.length,
      garbageAfter: current.garbage.length,
    };
    return last;
  };

  const whatIf: WhatIfControl = {
    apply(edit) {
      applied.push({ edit, delta: undefined as unknown as EditDelta });
      undone.length = 0;
      const d = rebuild(edit);
      applied[applied.length - 1].delta = d;
      return d;
    },
    undo() {
      const step = applied.pop();
      if (!step) return undefined;
      undone.push(step.edit);
      return rebuild(step.edit);
    },
    redo() {
      const edit = undone.pop();
      if (!edit) return undefined;
      applied.push({ edit, delta: undefined as unknown as EditDelta });
      const d = rebuild(edit);
      applied[applied.length - 1].delta = d;
      return d;
    },
    revert(step) {
      const [removed] = applied.splice(step, 1);
      return rebuild(removed.edit);
    },
    steps: () => applied,
    redoable: () => undone.length,
    toJSON: () => ({ edits: applied.map((s) => s.edit) }),
    saveState: () => ({ saved: false, saveError: 'the fake session saves nothing' }),
    retrySave: () => false,
  };

  return {
    graph: g,
    dumpPath: '/tmp/two-cycle.jsonl',
    contentHash: 'x',
    rules: '2.7',
    saveAll: false,
    simulation: () => current,
    baseline: () => baseline,
    cycles: () => cycles,
    dominators: () => dominators,
    overlay: () => overlay,
    lastDelta: () => last,
    whatIf,
  };
}
