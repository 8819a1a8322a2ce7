/**
 * The comparison part of the API contract (merged into CoreMethods in api.ts): "Compare with…"
 * asks the active dump's worker to load the baseline (and optional final) dump beside it and
 * compare; the Comparison view then pages through the new objects of a type or a leak signature.
 * Lists are capped: types and leak groups by `limit`, objects by `count`.
 */
import type { ObjectRef } from './api.js';

export type ComparisonMode = 'after-collect' | 'as-dumped';

export interface ComparisonTypeRow {
  type: string;
  before: number;
  after: number;
  new: number;
  freed: number;
  delta: number;
  bytesDelta: number;
  retainedDelta: number;
}

export interface ComparisonLeak {
  /** Index for comparisonObjects. */
  index: number;
  signature: string;
  type: string;
  count: number;
  bytes: number;
  /** Most common allocation site ("file:line") when the process traced with tracemalloc. */
  allocatedAt?: string;
}

export interface ComparisonSummary {
  /** File names of the dumps compared (the target is this session's dump). */
  base: string;
  target: string;
  final: string | null;
  mode: ComparisonMode;
  /** 'identity': object by object (one process); 'aggregates': by type counts only. */
  matching: 'identity' | 'aggregates';
  notes: string[];
  identity: { exact: number; likely: number; unknown: number };
  totals: { beforeObjects: number; afterObjects: number; beforeBytes: number; afterBytes: number };
  types: ComparisonTypeRow[];
  /** True when `types` was cut at the limit. */
  typesTruncated: boolean;
  leaks: ComparisonLeak[];
}

export interface ComparisonObject extends ObjectRef {
  retainedBytes: number;
  confidence: 'exact' | 'likely' | 'unknown';
  signature: string;
  /** "file:line" when the process traced with tracemalloc. */
  allocatedAt?: string;
}

export interface CompareMethods {
  /** Loads `base` (and `final`), both session ids of open dumps, in this session's worker and compares. */
  compareWith: {
    request: { session: string; base: string; final?: string; mode?: ComparisonMode; limit?: number };
    response: ComparisonSummary;
  };
  /** New or survived (since the baseline), per address of this dump: what the Graph view marks. */
  comparisonStatus: {
    request: { session: string; addresses: number[] };
    response: { statuses: ('new' | 'survived' | '')[] };
  };
  /** New objects (leak candidates with a final dump) of one type or one leak group, paged. */
  comparisonObjects: {
    request: { session: string; type?: string; leak?: number; start?: number; count?: number };
    response: { total: number; start: number; rows: ComparisonObject[] };
  };
}
