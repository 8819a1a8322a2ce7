/**
 * The leak gates of `heapscope check` beyond the collector's verdict: `--max-count TYPE=N` (objects
 * of a type in the heap as dumped), `--max-retained TYPE=BYTES` (what the type retains, dominator
 * tree, edits applied) and `--max-suspect-bytes BYTES` (what the leak suspects retain together).
 * BYTES is an integer with an optional unit: 500000, 64K, 64KiB, 1.5M, 2MiB, 1G.
 */
import { histogram } from '../engine/analysis/histogram.js';
import { resolveType } from '../engine/analysis/suspects/typeNames.js';
import type { SimulationResult } from '../engine/gc/types.js';
import type { HeapGraph } from '../engine/model/HeapGraph.js';
import type { Edit } from '../engine/whatif/types.js';
import { suspectDto } from '../engine/session/explore/suspects.js';
import { CliExit, ExitCode } from './cliIo.js';
import { type ParsedArgs, option, usageError } from './args.js';
import { bytes as formatBytes } from './openDump.js';
import { suspectsOf, suspectText } from './suspectsOf.js';

export const limitSpec = { options: ['max-suspect-bytes'], repeatable: ['max-count', 'max-retained'] } as const;

export interface Limits {
  any: boolean;
  maxCount: { type: string; max: number }[];
  maxRetained: { type: string; max: number }[];
  maxSuspectBytes?: number;
}

const units: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

export function parseBytes(text: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(text.trim());
  const unit = m ? units[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw usageError(`${what} takes a byte count such as 500000, 64KiB or 2MiB, not "${text}"`);
  return Math.floor(Number(m[1]) * unit);
}

function typeLimit(text: string, option: string, parse: (v: string) => number): { type: string; max: number } {
  const eq = text.lastIndexOf('=');
  if (eq <= 0) throw usageError(`--${option} takes TYPE=LIMIT (e.g. __main__.Payload=100), not "${text}"`);
  return { type: text.slice(0, eq), max: parse(text.slice(eq + 1)) };
}

export function parseLimits(args: ParsedArgs): Limits {
  const maxCount = (args.options.get('max-count') ?? []).map((t) =>
    typeLimit(t, 'max-count', (v) => {
      if (!/^\d+$/.test(v)) throw usageError(`--max-count takes TYPE=N with N a non-negative integer, not "${t}"`);
      return Number(v);
    }),
  );
  const maxRetained = (args.options.get('max-retained') ?? []).map((t) => typeLimit(t, 'max-retained', (v) => parseBytes(v, '--max-retained')));
  const suspectText = option(args, 'max-suspect-bytes');
  const maxSuspectBytes = suspectText === undefined ? undefined : parseBytes(suspectText, '--max-suspect-bytes');
  return { any: maxCount.length > 0 || maxRetained.length > 0 || maxSuspectBytes !== undefined, maxCount, maxRetained, maxSuspectBytes };
}

export interface LimitOutcome {
  failures: string[];
  /** Lines printed under FAIL: the offending suspects. */
  details: string[];
  json: Record<string, unknown>;
}

export function checkLimits(graph: HeapGraph, result: SimulationResult, edits: readonly Edit[], limits: Limits): LimitOutcome {
  const out: LimitOutcome = { failures: [], details: [], json: {} };
  if (!limits.any) return out;
  const found = suspectsOf(graph, result, edits);
  const dtos = found.list.map((s, i) => suspectDto(graph, s, i));
  const offending = new Set<number>();
  const resolve = (type: string): { name: string; typeId: number; count: number } => {
    const r = resolveType(graph, type);
    if ('error' in r) {
      // A type with no object passes a count or retained limit; a bare name matching several is an error.
      if (r.error.includes('ambiguous')) throw new CliExit(ExitCode.Usage, r.error);
      return { name: type, typeId: -1, count: 0 };
    }
    return { name: r.name, typeId: r.typeId, count: r.nodes.length };
  };
  const counts: Record<string, number> = {};
  for (const { type, max } of limits.maxCount) {
    const r = resolve(type);
    counts[r.name] = r.count;
    if (r.count > max) {
      out.failures.push(`${r.count} × ${r.name} (max ${max})`);
      dtos.forEach((s) => s.holds.some((h) => h.type === r.name) && offending.add(s.index));
    }
  }
  const retained: Record<string, number> = {};
  if (limits.maxRetained.length > 0) {
    const rows = histogram(graph, { dominators: found.dominators });
    for (const { type, max } of limits.maxRetained) {
      const r = resolve(type);
      const got = rows.find((row) => row.typeId === r.typeId)?.retainedBytes ?? 0;
      retained[r.name] = got;
      if (got > max) {
        out.failures.push(`${r.name} retains ${formatBytes(got)} (max ${formatBytes(max)})`);
        dtos.forEach((s) => s.holds.some((h) => h.type === r.name) && offending.add(s.index));
      }
    }
  }
  if (limits.maxSuspectBytes !== undefined && found.retainedBytes > limits.maxSuspectBytes) {
    const one = dtos.length === 1;
    out.failures.push(`${dtos.length} leak suspect${one ? ' retains' : 's retain'} ${formatBytes(found.retainedBytes)} (max ${formatBytes(limits.maxSuspectBytes)})`);
    dtos.forEach((s) => offending.add(s.index));
  }
  const shown = dtos.filter((s) => offending.has(s.index)).slice(0, 10);
  for (const s of shown) out.details.push(suspectText(graph, s));
  out.json = {
    counts,
    retained,
    suspectBytes: found.retainedBytes,
    maxSuspectBytes: limits.maxSuspectBytes ?? null,
    suspects: shown.map(({ owner, ownerType, path, kind, reason, retainedBytes, holds }) => ({ owner, ownerType, path, kind, reason, retainedBytes, holds })),
  };
  return out;
}
