/**
 * How two dumps relate: dumps of one capture session (one process, the dumper's identity
 * registry: FORMAT.md "Identity") compare object by object; anything else compares by type
 * aggregates only, and `relate` says why in one sentence. The same dump twice, or a session's dumps
 * in the wrong order, is an EngineError('BAD_COMPARISON') naming both files.
 */
import type { HeapGraph } from '../model/HeapGraph.js';
import { EngineError } from '../errors.js';

export interface DumpIdentity {
  /** Random id of the dumping process's registry: one per process. */
  session: string;
  /** 1 for the process's first dump, then 2, 3… */
  seq: number;
  pid?: number;
  processStart?: string;
}

/** A dump as the comparison sees it: its graph, a name for messages, and its content hash. */
export interface ComparedDump {
  graph: HeapGraph;
  name: string;
  contentHash?: string;
}

export type Relation = { kind: 'identity' } | { kind: 'aggregates'; reason: string };

export function identityOf(graph: HeapGraph): DumpIdentity | undefined {
  const raw = graph.header.raw.identity;
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.session !== 'string' || typeof r.seq !== 'number' || !Number.isSafeInteger(r.seq)) return undefined;
  return {
    session: r.session,
    seq: r.seq,
    pid: typeof r.pid === 'number' ? r.pid : undefined,
    processStart: typeof r.processStart === 'string' ? r.processStart : undefined,
  };
}

function pidOf(d: ComparedDump): string {
  const id = identityOf(d.graph);
  const pid = id?.pid ?? d.graph.header.raw.pid;
  return typeof pid === 'number' ? `pid ${pid}` : 'an unknown pid';
}

/** Relates an earlier dump to a later one (BASE → TARGET, or TARGET → FINAL). */
export function relate(before: ComparedDump, after: ComparedDump): Relation {
  if (before.contentHash !== undefined && before.contentHash === after.contentHash) {
    throw new EngineError('BAD_COMPARISON', `${before.name} and ${after.name} are the same dump (identical content): nothing to compare`);
  }
  const pb = before.graph.header.python.version;
  const pa = after.graph.header.python.version;
  if (pb !== pa) {
    return { kind: 'aggregates', reason: `${before.name} is CPython ${pb} and ${after.name} is CPython ${pa}: dumps of different processes compare by type aggregates only` };
  }
  const ib = identityOf(before.graph);
  const ia = identityOf(after.graph);
  if (!ib || !ia) {
    const which = !ib && !ia ? 'neither dump records' : `${!ib ? before.name : after.name} does not record`;
    return { kind: 'aggregates', reason: `${which} its capture session (a dumper without identity support, or no ctypes): comparing by type aggregates only` };
  }
  if (ib.session !== ia.session) {
    return {
      kind: 'aggregates',
      reason: `${before.name} (${pidOf(before)}) and ${after.name} (${pidOf(after)}) are dumps of different processes: comparing by type aggregates only`,
    };
  }
  if (ib.seq === ia.seq) {
    throw new EngineError('BAD_COMPARISON', `${before.name} and ${after.name} are the same dump (#${ia.seq} of one process): nothing to compare`);
  }
  if (ia.seq < ib.seq) {
    throw new EngineError(
      'BAD_COMPARISON',
      `${after.name} (dump #${ia.seq}) was taken before ${before.name} (dump #${ib.seq}) in the same process: give the older dump first`,
    );
  }
  return { kind: 'identity' };
}
