/**
 * API methods of the leak-finding views: leak suspects, merged paths to roots, the class summary,
 * the dominator tree and the retainers tree. Merged into ApiMethods in api.ts. Objects cross by
 * address; everything is paged or capped like the explore methods (exploreApi.ts).
 */
import type { ObjectSummary, SessionRequest } from './exploreApi.js';

/** Objects a suspect's owner accumulates, of one type. */
export interface HeldGroupDto {
  type: string;
  count: number;
  /** Bytes freed with them (retained sizes of those the owner alone keeps). */
  bytes: number;
}

/** One leak suspect. Field names match `heapscope suspects --json`. */
export interface SuspectDto {
  /** Rank, 0 = first; `mergedPaths({ suspect })` takes it. */
  index: number;
  /** Owner address; null only for garbage without a single owner. */
  owner: number | null;
  ownerType: string | null;
  /** The owner's path from a root with labels (`sys.modules['__main__'].recent.records`); null for garbage. */
  path: string | null;
  /** accumulation, cache, traceback, registry, big-retainer, uncollectable, pending-garbage… (an open set). */
  kind: string;
  reason: string;
  retainedBytes: number;
  holds: HeldGroupDto[];
}

export interface SuspectsSummaryDto {
  /** The first suspects, best first (capped by the request's limit). */
  suspects: SuspectDto[];
  /** Suspects found in all. */
  total: number;
  /** Bytes the suspects retain together (owners nested in another suspect's owner counted once). */
  retainedBytes: number;
  /** "nothing is uncollectable; 3 leak suspects retain 1.1 MiB (the largest: …)". */
  sentence: string;
}

export interface MergedPathNodeDto {
  id: number;
  /** −1 at the top (a root, "garbage (no root)", or a cut path). */
  parent: number;
  /** How the step reads: `sys.modules`, `.records`, `[*]`, ` → tuple`. */
  step: string;
  type: string;
  count: number;
  /** Members ending exactly here. */
  own: number;
  bytes: number;
  retainedBytes: number;
  /** An object at this position (for navigation). */
  sample: number;
  depth: number;
}

export interface MergedPathBranchDto {
  node: number;
  /** "11 × __main__.Payload ← frame (handle_job) ← traceback ← … ← sys.modules['__main__']". */
  text: string;
  count: number;
  bytes: number;
  retainedBytes: number;
}

export interface MergedPathsRequest extends SessionRequest {
  /** A type name as the dump shows it (`__main__.Payload`), or a bare name when unambiguous. */
  type?: string;
  /** Or: the objects a suspect accumulates (SuspectDto.index). */
  suspect?: number;
  /** Tree nodes returned (default 300, at most 2,000), the most populated first. */
  maxNodes?: number;
}

export interface MergedPathsResponse {
  /** What was merged: the type, or the suspect's reason. */
  title: string;
  members: number;
  nodes: MergedPathNodeDto[];
  /** Nodes left out by maxNodes. */
  truncated: number;
  branches: MergedPathBranchDto[];
}

export interface ClassRowDto {
  type: string;
  count: number;
  bytes: number;
  retainedBytes: number;
}

export interface ClassSummaryRequest extends SessionRequest {
  start: number;
  count: number;
  sort?: 'retained' | 'bytes' | 'count';
  /** Case-insensitive substring of the type name. */
  filter?: string;
}

export interface ClassSummaryResponse {
  start: number;
  total: number;
  rows: ClassRowDto[];
}

export interface DominatorRowDto {
  object: ObjectSummary;
  /** Objects it immediately dominates (expandable when > 0). */
  children: number;
}

export interface DominatorChildrenRequest extends SessionRequest {
  /** Omit for the top of the tree (objects only the roots dominate, and garbage entries). */
  address?: number;
  start: number;
  count: number;
}

export interface DominatorChildrenResponse {
  start: number;
  total: number;
  rows: DominatorRowDto[];
}

export interface RetainerRowDto {
  edge: number;
  label: string;
  /** The referrer. */
  object: ObjectSummary;
  /** The referrer's distance from the nearest root (0 = a root), −1 when no root reaches it. */
  distance: number;
  /** The referrer's own referrers (expandable when > 0). */
  referrers: number;
}

export interface RetainersRequest extends SessionRequest {
  address: number;
  start: number;
  count: number;
}

export interface RetainersResponse {
  start: number;
  total: number;
  /** The object's own distance from the nearest root, −1 when no root reaches it. */
  distance: number;
  /** Nearest to a root first. */
  rows: RetainerRowDto[];
}

export interface SuspectsMethods {
  suspects: { request: SessionRequest & { limit?: number }; response: SuspectsSummaryDto };
  mergedPaths: { request: MergedPathsRequest; response: MergedPathsResponse };
  classSummary: { request: ClassSummaryRequest; response: ClassSummaryResponse };
  dominatorChildren: { request: DominatorChildrenRequest; response: DominatorChildrenResponse };
  retainers: { request: RetainersRequest; response: RetainersResponse };
}
