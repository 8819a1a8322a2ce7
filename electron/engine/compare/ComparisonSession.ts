/**
 * ComparisonSession: a comparison held by the worker of its TARGET dump, behind the API's
 * `compareWith` / `comparisonObjects` (shared/compareApi.ts). `openComparison` loads the baseline
 * (and final) dump beside the session's own graph and runs compareDumps once; the Comparison view
 * then reads the summary and pages through new objects by type or by leak group, each with its
 * value, retained size (the target session's dominator tree) and identity confidence.
 */
import type { ComparisonMode, ComparisonObject, ComparisonSummary } from '../../../shared/compareApi.js';
import type { SessionContext } from '../session/context.js';
import { loadDump } from '../formats/index.js';
import { compareDumps, type Comparison } from './compareDumps.js';
import { confidenceNames, Status } from './match.js';
import { mergedPathSignatures, type SignatureFn } from './signature.js';
import { fateName } from '../session/explore/summary.js';

const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;
/** Objects kept per leak group for paging (the group's count is always complete). */
const GROUP_OBJECTS = 5000;

export class ComparisonSession {
  private signatures: SignatureFn | undefined;

  constructor(
    private readonly target: SessionContext,
    readonly comparison: Comparison,
    private readonly names: { base: string; final: string | null },
  ) {}

  summary(limit = 500): ComparisonSummary {
    const c = this.comparison;
    return {
      base: this.names.base,
      target: baseName(this.target.dumpPath),
      final: this.names.final,
      mode: c.mode,
      matching: c.relation.kind,
      notes: c.notes,
      identity: c.identity,
      totals: c.totals,
      types: c.types.slice(0, limit).map((t) => ({ ...t, retainedDelta: t.retainedDelta ?? 0 })),
      typesTruncated: c.types.length > limit,
      leaks: c.leaks.slice(0, limit).map((l, index) => ({ index, signature: l.signature, type: l.type, count: l.count, bytes: l.bytes, ...(l.allocatedAt ? { allocatedAt: l.allocatedAt } : {}) })),
    };
  }

  /** Per address: 'new' or 'survived' since the baseline, '' when unknown (not in this dump, or aggregates only). */
  statuses(addresses: readonly number[]): { statuses: ('new' | 'survived' | '')[] } {
    const status = this.comparison.matching?.status;
    const g = this.target.graph;
    return {
      statuses: addresses.map((a) => {
        const n = g.index.get(a);
        if (!status || n < 0) return '';
        return status[n] === Status.New ? 'new' : status[n] === Status.Survived ? 'survived' : '';
      }),
    };
  }

  /** New objects of `type`, or the objects of leak group `leak`, `count` from `start`. */
  objects(req: { type?: string; leak?: number; start?: number; count?: number }): { total: number; start: number; rows: ComparisonObject[] } {
    const c = this.comparison;
    const g = this.target.graph;
    const start = req.start ?? 0;
    const count = req.count ?? 100;
    let nodes: number[];
    let total: number;
    if (req.leak !== undefined) {
      const group = c.leaks[req.leak];
      if (!group) return { total: 0, start, rows: [] };
      nodes = group.nodes.slice(start, start + count);
      total = group.count;
    } else {
      const typeId = req.type !== undefined ? g.strings.find(req.type) : -1;
      const status = c.matching?.status;
      nodes = [];
      total = 0;
      if (status && typeId >= 0) {
        for (let n = 0; n < g.nodeCount; n++) {
          if (status[n] !== Status.New || g.typeIds[n] !== typeId) continue;
          if (total >= start && nodes.length < count) nodes.push(n);
          total++;
        }
      }
    }
    const fates = this.target.simulation().fates;
    const retained = this.target.dominators().retainedSizes;
    this.signatures ??= mergedPathSignatures(g, c.liveTarget);
    const sites = g.allocationSites;
    const rows = nodes.map((n) => ({
      address: g.addresses[n],
      type: g.strings.get(g.typeIds[n]),
      repr: g.strings.get(g.reprIds[n]),
      size: g.sizes[n],
      fate: fateName(fates[n]),
      retainedBytes: retained[n],
      confidence: confidenceNames[c.matching ? c.matching.confidence[n] : 2],
      signature: this.signatures!(n),
      ...(sites && sites.siteOf[n] >= 0 ? { allocatedAt: sites.names[sites.siteOf[n]] } : {}),
    }));
    return { total, start, rows };
  }
}

export async function openComparison(
  target: SessionContext,
  req: { basePath: string; finalPath?: string; mode?: ComparisonMode; signal?: AbortSignal },
): Promise<ComparisonSession> {
  const base = await loadDump(req.basePath, { signal: req.signal });
  const final = req.finalPath !== undefined ? await loadDump(req.finalPath, { signal: req.signal }) : undefined;
  const comparison = compareDumps(
    { graph: base.graph, name: baseName(req.basePath), contentHash: base.contentHash },
    { graph: target.graph, name: baseName(target.dumpPath), contentHash: target.contentHash },
    final ? { graph: final.graph, name: baseName(req.finalPath!), contentHash: final.contentHash } : undefined,
    { mode: req.mode, retained: true, maxLeakObjects: GROUP_OBJECTS },
  );
  return new ComparisonSession(target, comparison, { base: baseName(req.basePath), final: req.finalPath ? baseName(req.finalPath) : null });
}
