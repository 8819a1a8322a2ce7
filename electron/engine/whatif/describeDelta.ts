/**
 * Turns two simulations (before and after an edit) into an EditDelta: which objects changed fate,
 * how many bytes are freed, the gc.collect() and gc.garbage numbers on both sides, and one plain
 * sentence — "Breaking _b._a frees 4 objects (208 bytes) by reference counting". Objects are named
 * the way a Python user would: by the name holding them when the dump saw one, an instance's
 * attribute through its __dict__ ("recent.records" for the list an instance holds), else
 * "type at 0xaddress".
 */
import { type HeapGraph, type NodeOrdinal, typeName } from '../model/HeapGraph.js';
import { Fate, type SimulationResult } from '../gc/types.js';
import { ruleSetLabels } from '../gc/rules.js';
import { nodeLabel } from '../gc/explain.js';
import { fatesDiffering } from '../gc/notAlive.js';
import type { Edit, EditDelta } from './types.js';

/** At most this many entries in EditDelta.changed (changedCount has the total). */
export const maxChangedListed = 1000;

/** The object whose `__dict__` this dict is, or -1. */
export function ownerOfDict(g: HeapGraph, dict: NodeOrdinal): NodeOrdinal {
  if (typeName(g, dict) !== 'dict') return -1;
  for (let k = g.firstInEdge[dict]; k < g.firstInEdge[dict + 1]; k++) {
    const e = g.inEdges[k];
    if (g.strings.get(g.edgeLabels[e]) === '__dict__') return g.edgeSources[e];
  }
  return -1;
}

/** Bytes as people read them: "688 B", "24.4 KiB", "1.2 MiB" (the CLI and the app show sizes so). */
export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * "recent.records": the attribute of a named object that holds `node` (through the owner's
 * __dict__ or a slot), or null. One hop only, and only the first few referrers: names, not a search.
 */
function attributeName(g: HeapGraph, node: NodeOrdinal): string | null {
  for (let k = g.firstInEdge[node], end = Math.min(g.firstInEdge[node + 1], k + 8); k < end; k++) {
    const e = g.inEdges[k];
    const label = g.strings.get(g.edgeLabels[e]);
    const src = g.edgeSources[e];
    const key = /^\[(['"])(.*)\1\]$/.exec(label);
    const owner = key && identifier.test(key[2]) ? ownerOfDict(g, src) : -1;
    const holder = owner >= 0 ? owner : label.startsWith('.') && identifier.test(label.slice(1)) ? src : -1;
    const named = holder >= 0 ? g.holderNames.find((h) => h.node === holder) : undefined;
    if (named) return `${named.name}.${key ? key[2] : label.slice(1)}`;
  }
  return null;
}

/** "_b", "_b.__dict__", "recent.records" or "dict at 0x…". */
export function shortName(g: HeapGraph, node: NodeOrdinal): string {
  const named = g.holderNames.find((h) => h.node === node);
  if (named) return named.name;
  const owner = ownerOfDict(g, node);
  if (owner >= 0) {
    const ownerNamed = g.holderNames.find((h) => h.node === owner);
    if (ownerNamed) return `${ownerNamed.name}.__dict__`;
  }
  // A module by its name: a global reads "__main__.cache".
  if (typeName(g, node) === 'module' && g.reprIds[node] !== undefined) {
    const repr = g.strings.get(g.reprIds[node]);
    if (repr) return repr.replace(/^module /, '');
  }
  return attributeName(g, node) ?? nodeLabel(g, node);
}

/** "_b._a", "cache['key']", "recent.records[0]", "list at 0x10[0]" or null when the reference has no label. */
export function referenceName(g: HeapGraph, src: NodeOrdinal, dst: NodeOrdinal, edge?: number): string | null {
  let e = edge ?? -1;
  for (let i = g.firstOutEdge[src]; e < 0 && i < g.firstOutEdge[src + 1]; i++) if (g.edgeTargets[i] === dst) e = i;
  const label = e >= 0 ? g.strings.get(g.edgeLabels[e]) : '';
  if (!label) return null;
  const key = /^\[(['"])(.*)\1\]$/.exec(label);
  const owner = ownerOfDict(g, src);
  if (key && owner >= 0) return `${shortName(g, owner)}.${key[2]}`;
  if (identifier.test(label)) return `${shortName(g, src)}.${label}`;
  return `${shortName(g, src)}${label.startsWith('[') || label.startsWith('.') ? '' : ' '}${label}`;
}

/** The edit as a verb phrase: "Breaking _b._a", "Clearing list at 0x10", "Deleting _a". */
export function describeEdit(g: HeapGraph, edit: Edit): string {
  const node = (address: number): NodeOrdinal => g.index.get(address);
  switch (edit.kind) {
    case 'drop-ref': {
      const src = node(edit.source);
      const dst = node(edit.target);
      if (src < 0 || dst < 0) return 'Removing a reference';
      return `Breaking ${referenceName(g, src, dst, edit.edge) ?? `the reference from ${shortName(g, src)} to ${shortName(g, dst)}`}`;
    }
    case 'clear':
      return `Clearing ${shortName(g, node(edit.address))}`;
    case 'drop-external': {
      const n = node(edit.address);
      const named = g.holderNames.find((h) => h.node === n);
      if (named && edit.count === 1) return `Deleting ${named.name}`;
      return `Dropping ${edit.count} outside reference${edit.count === 1 ? '' : 's'} to ${shortName(g, n)}`;
    }
    case 'finalizer-effect': {
      const what = { resurrect: 'resurrects it', 'drop-refs': 'drops its references', none: 'does nothing' }[edit.effect];
      return `Declaring that the __del__ of ${shortName(g, node(edit.address))} ${what}`;
    }
  }
}

const objects = (n: number): string => `${n} object${n === 1 ? '' : 's'}`;
const become = (n: number): string => `${objects(n)} ${n === 1 ? 'becomes' : 'become'}`;

/** Compares two simulations of the same graph. `verb` is describeEdit's phrase (or an undo variant). */
export function computeDelta(g: HeapGraph, edit: Edit, verb: string, before: SimulationResult, after: SimulationResult): EditDelta {
  const b = before.fates;
  const a = after.fates;
  const sizes = g.sizes;
  const changed: EditDelta['changed'] = [];
  let changedCount = 0;
  let freedRc = 0;
  let freedRcBytes = 0;
  let freedObjects = 0;
  let freedBytes = 0;
  let nowAlive = 0;
  let nowCollected = 0;
  let uncollToCollected = 0;
  let nowUncollectable = 0;
  let nowResurrected = 0;
  const isFreed = (f: number): boolean => f === Fate.FreedByRefcount || f === Fate.Collected;
  // Only objects some side does not leave alive can differ: a merge of two short lists, not a
  // pass over every object (notAlive.ts).
  const differing = fatesDiffering(before, after);
  for (const x of differing) {
    const fb = b[x];
    const fa = a[x];
    changedCount++;
    if (changed.length < maxChangedListed) changed.push({ node: x, before: fb, after: fa });
    if (isFreed(fa) && !isFreed(fb)) {
      freedObjects++;
      freedBytes += sizes[x];
    }
    if (fa === Fate.FreedByRefcount) {
      freedRc++;
      freedRcBytes += sizes[x];
    } else if (fa === Fate.Collected) {
      nowCollected++;
      if (fb === Fate.Uncollectable) uncollToCollected++;
    } else if (fa === Fate.Uncollectable) nowUncollectable++;
    else if (fa === Fate.Resurrected) nowResurrected++;
    else if (fa === Fate.Alive) nowAlive++;
  }
  // One verb phrase for refcount frees ("Breaking _b._a frees 4 objects …"), then clauses.
  const frees = freedRc > 0 ? `frees ${objects(freedRc)} (${bytesText(freedRcBytes)}) by reference counting` : '';
  const clauses: string[] = [];
  if (uncollToCollected > 0 && uncollToCollected === nowCollected) clauses.push('the cycle becomes collectable by gc.collect()');
  else if (nowCollected > 0) clauses.push(`${become(nowCollected)} garbage that gc.collect() frees`);
  if (nowUncollectable > 0) clauses.push(`${become(nowUncollectable)} uncollectable under ${ruleSetLabels[after.rules]} rules (leaked in gc.garbage)`);
  if (nowResurrected > 0) clauses.push(`${objects(nowResurrected)} ${nowResurrected === 1 ? 'is' : 'are'} resurrected by a finalizer`);
  if (nowAlive > 0) clauses.push(`${objects(nowAlive)} ${nowAlive === 1 ? 'is' : 'are'} alive again`);
  if (!frees && clauses.length === 0) {
    const target = edit.kind === 'drop-ref' ? g.index.get(edit.target) : g.index.get(edit.address);
    if (target >= 0 && a[target] === Fate.Uncollectable && after.rules === '2.7') clauses.push('still uncollectable under 2.7 rules: __del__ in the cycle');
    else if (target >= 0 && a[target] === Fate.Uncollectable) clauses.push(`still uncollectable under ${ruleSetLabels[after.rules]} rules`);
    else clauses.push("no object's fate changes");
  }
  let summary = frees ? `${verb} ${frees}` : `${verb}: ${clauses.shift()}`;
  for (const c of clauses) summary += `; ${c}`;
  if (after.collect !== before.collect) summary += `; gc.collect() returns ${after.collect} (was ${before.collect})`;
  return {
    edit,
    summary,
    changed,
    changedCount,
    freedObjects,
    freedBytes,
    collectBefore: before.collect,
    collectAfter: after.collect,
    garbageBefore: before.garbage.length,
    garbageAfter: after.garbage.length,
  };
}
