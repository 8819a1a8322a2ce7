/**
 * How `heapscope analyze` shows one simulated gc.collect(): the article's two numbers first
 * ("unreachable object num", "garbage object num"), then each outcome list, then the assumptions.
 * `analysisJson` is the `--json` shape; its field names are a public interface (issue 4): collect,
 * garbage, collectable, uncollectable, garbageObjects, freedByRefcount, freedByCollector,
 * resurrected, weakrefCallbacks — addresses as numbers.
 */
import { type HeapGraph, Finalizer, finalizerNames } from '../engine/model/HeapGraph.js';
import { Fate, fateNames, type SimulationResult } from '../engine/gc/types.js';
import { ruleSetLabels } from '../engine/gc/rules.js';
import { assumptionTexts } from '../engine/gc/simulate.js';
import type { Edit } from '../engine/whatif/types.js';
import { bytes, describe, namesOf, plural, pythonLabel } from './openDump.js';
import { formatEdit } from './edits.js';
import type { SuspectDto } from '../../shared/suspectsApi.js';

function addresses(graph: HeapGraph, nodes: ArrayLike<number>): number[] {
  return Array.from(nodes, (n) => graph.addresses[n]);
}

export function fateCounts(result: SimulationResult): Record<string, number> {
  const counts = [0, 0, 0, 0, 0];
  for (const f of result.fates) counts[f]++;
  return Object.fromEntries(fateNames.map((name, i) => [name, counts[i]]));
}

export interface AnalysisContext {
  dump: string;
  graph: HeapGraph;
  result: SimulationResult;
  edits: readonly Edit[];
  debug?: string[];
  /** Leak suspects of the same heap: the headline says them beside the collector's verdict. */
  suspects?: { sentence: string; retainedBytes: number; list: SuspectDto[] };
}

export function analysisJson(c: AnalysisContext): Record<string, unknown> {
  const { graph, result } = c;
  return {
    dump: c.dump,
    python: graph.header.python.version,
    rules: result.rules,
    saveAll: result.saveAll,
    edits: c.edits.map(formatEdit),
    collect: result.collect,
    garbage: result.garbage.length,
    garbageObjects: addresses(graph, result.garbage),
    collectable: addresses(graph, result.collectable),
    uncollectable: addresses(graph, result.uncollectable),
    freedByRefcount: addresses(graph, result.freedByRefcount),
    freedByCollector: addresses(graph, result.freedByCollector),
    resurrected: addresses(graph, result.resurrected),
    weakrefCallbacks: addresses(graph, result.weakrefCallbacks),
    finalized: addresses(graph, result.finalized),
    fates: fateCounts(result),
    assumptions: result.assumptions,
    ...(graph.header.inconsistent ? { inconsistent: graph.header.inconsistent } : {}),
    ...(c.debug ? { debug: c.debug } : {}),
    ...(c.suspects
      ? {
          suspects: c.suspects.list.map(({ owner, ownerType, path, kind, reason, retainedBytes, holds }) => ({ owner, ownerType, path, kind, reason, retainedBytes, holds })),
          suspectBytes: c.suspects.retainedBytes,
          verdict: c.suspects.sentence,
        }
      : {}),
  };
}

function finalizerNote(graph: HeapGraph, n: number): string {
  const fin = graph.finalizers[n];
  if (fin === Finalizer.None) return '';
  return fin === Finalizer.Del ? ' (has __del__)' : ` (finalizer: ${finalizerNames[fin]})`;
}

function section(graph: HeapGraph, title: string, nodes: ArrayLike<number>, limit: number, extra?: (n: number) => string): string[] {
  const lines = [`${title} (${nodes.length}):`];
  const shown = Math.min(nodes.length, limit);
  for (let i = 0; i < shown; i++) {
    const n = nodes[i];
    const names = namesOf(graph, n);
    lines.push(`  ${describe(graph, n)}${finalizerNote(graph, n)}${extra ? extra(n) : ''}${names ? `  [${names}]` : ''}`);
  }
  if (nodes.length > shown) lines.push(`  … and ${nodes.length - shown} more (--all shows every one)`);
  return lines;
}

export function analysisText(c: AnalysisContext, limit: number): string {
  const { graph, result } = c;
  const out: string[] = [];
  out.push(`${c.dump}: ${pythonLabel(graph)}, ${graph.nodeCount} objects`);
  out.push(`rules: ${ruleSetLabels[result.rules]}${result.saveAll ? ', DEBUG_SAVEALL' : ''}`);
  if (c.edits.length > 0) out.push(`edits: ${c.edits.map(formatEdit).join(' ')}`);
  if (c.debug && c.debug.length > 0) out.push('', ...c.debug);
  out.push('');
  out.push(`unreachable object num: ${result.collect}    (what gc.collect() returns)`);
  out.push(`garbage object num: ${result.garbage.length}    (len(gc.garbage))`);
  out.push('');
  const counts = fateCounts(result);
  out.push(`fates: ${fateNames.map((name) => `${counts[name]} ${name}`).join(', ')}`);
  const pinned = (n: number): string => {
    const by = result.pinnedBy[n];
    return by >= 0 && by !== n ? `, kept by ${graph.addresses[by]} (0x${graph.addresses[by].toString(16)})` : '';
  };
  const blocks: [string, ArrayLike<number>, ((n: number) => string)?][] = [
    ['gc.garbage', result.garbage],
    ['uncollectable (leaked)', result.uncollectable, pinned],
    ['collectable', result.collectable],
    ['freed by reference counting', result.freedByRefcount],
    ['freed by the collector', result.freedByCollector],
    ['resurrected', result.resurrected],
    ['weakref callbacks that would run', result.weakrefCallbacks],
  ];
  for (const [title, nodes, extra] of blocks) {
    if (nodes.length === 0) continue;
    out.push('', ...section(graph, title, nodes, limit, extra));
  }
  const leaked = result.fates.reduce((a, f) => a + (f === Fate.Uncollectable ? 1 : 0), 0);
  out.push('', leaked > 0 ? `LEAK: ${plural(leaked, 'object')} can never be freed.` : 'Nothing is uncollectable.');
  if (c.suspects) {
    // Never "no leak" while something alive keeps accumulating: the suspects are the other half of the verdict.
    const alive = c.suspects.list.filter((s) => s.kind !== 'uncollectable');
    out.push(alive.length === 0 ? 'No leak suspects: nothing alive accumulates or retains much.' : `LEAK SUSPECTS: ${plural(alive.length, 'object')} alive ${alive.length === 1 ? 'keeps' : 'keep'} accumulating or retaining memory:`);
    for (const s of alive.slice(0, 5)) out.push(`  ${bytes(s.retainedBytes).padStart(10)}  ${s.kind}: ${s.path ?? s.ownerType ?? ''} — ${s.reason}`);
    if (alive.length > 0) out.push('  (heapscope suspects shows owners, paths and what they hold)');
  }
  out.push(...inconsistencyLines(graph));
  const assumptions = result.assumptions.includes(assumptionTexts.userDel) ? result.assumptions : [assumptionTexts.userDel, ...result.assumptions];
  out.push('', 'assumptions:', ...assumptions.map((a) => `  - ${a}`));
  return `${out.join('\n')}\n`;
}

/** What the verdict rests on that the file contradicts (formats/heapscope/consistency.ts). */
export function inconsistencyLines(graph: HeapGraph): string[] {
  const found = graph.header.inconsistent;
  if (!found) return [];
  return [
    `INCONSISTENT DUMP: ${plural(found.count, 'object record')} contradict the references in the file; the verdict may be wrong:`,
    ...found.records.map((r) => `  line ${r.line}: ${r.type} ${r.address} (0x${r.address.toString(16)}): ${r.problem}`),
    ...(found.count > found.records.length ? [`  … and ${found.count - found.records.length} more`] : []),
  ];
}
