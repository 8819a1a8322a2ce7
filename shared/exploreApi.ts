/**
 * API methods of the exploration views (objects table, inspector, graph, cycles, what-if edits).
 * Merged into ApiMethods in api.ts. Owned by the explore views; DTOs live beside their methods.
 *
 * Objects cross the boundary named by address (`id()` in the dumped process, exact below 2**53),
 * edges by their ordinal in the loaded graph. Everything is paged or capped: lists come as
 * `start`/`count`/`total`, graphs as neighbourhoods with a node cap and a `truncated` flag.
 */

import type { ReplayRequest, ReplayResponse } from './replayApi.js';

/** Every explore method runs in one open dump's worker: `session` is the id `openDump` returned. */
export interface SessionRequest {
  session: string;
}

export type FateName = 'alive' | 'freed by refcount' | 'collected' | 'uncollectable' | 'resurrected';
/** Drives node shapes in the graph view. */
export type NodeKind = 'instance' | 'dict' | 'list' | 'tuple' | 'frame' | 'function' | 'type' | 'other';
export type FinalizerName = '' | 'del' | 'tp_del' | 'tp_finalize' | 'gen';

/** One object as a table row or graph node. */
export interface ObjectSummary {
  address: number;
  type: string;
  kind: NodeKind;
  size: number;
  /** Bytes freed if this object were freed (dominator tree). */
  retained: number;
  refcount: number;
  /** References from outside the tracked objects of the dump (the collector's gc_refs), after edits. */
  external: number;
  fate: FateName;
  finalizer: FinalizerName;
  repr: string;
  /** Index of its cycle (SCC) in the session's cycle set (CycleRow.index), or -1. */
  cycle: number;
  /** Names the dumper saw binding it ("_b"), possibly empty. */
  names: string[];
  /**
   * Running functions' locals that hold it ("local `x` of handle() (server.py:88) in thread
   * MainThread"), when any: on 3.11+ these holders are outside the dump (named roots).
   */
  heldBy?: string[];
  /** For a dict that is an object's `__dict__`: that object (type, address, its name or repr). */
  dictOf?: { address: number; type: string; name: string };
}

export type ObjectSortKey = 'address' | 'type' | 'size' | 'retained' | 'refcount' | 'external' | 'fate';

export interface ObjectFilter {
  /** Exact type name. */
  type?: string;
  fate?: FateName;
  /** Case-insensitive substring of the repr, type name or a binding name. */
  text?: string;
  /** Exact address (decimal or 0x hex). */
  address?: string;
}

export interface ObjectsPageRequest extends SessionRequest {
  start: number;
  /** Capped at 500. */
  count: number;
  sort?: ObjectSortKey;
  descending?: boolean;
  filter?: ObjectFilter;
}

export interface ObjectsPageResponse {
  start: number;
  rows: ObjectSummary[];
  /** Rows matching the filter. */
  total: number;
  /** Distinct type names, most common first (capped at 200), for the type filter. */
  types?: string[];
}

/** Where an object sits in the objects table for a sort and filter (Overview → Objects scrolls there). */
export interface ObjectRowRequest extends SessionRequest {
  address: number;
  sort?: ObjectSortKey;
  descending?: boolean;
  filter?: ObjectFilter;
}

export interface ObjectRowResponse {
  /** Its row in that order, or -1 when the filter excludes it. */
  index: number;
  /** Rows matching the filter. */
  total: number;
}

/** One reference, seen from either end. */
export interface RefRow {
  edge: number;
  /** The object at the other end. */
  other: ObjectSummary;
  /** "._a", "['_a']", "__dict__"… or "" when unknown. */
  label: string;
  /** False for strong references tp_traverse does not report (invisible to the collector). */
  traversed: boolean;
  /** Removed by a what-if edit. */
  removed: boolean;
}

export interface RefsPage {
  start: number;
  total: number;
  rows: RefRow[];
}

export interface RetainerPathDto {
  /** Root first, the inspected object last. */
  nodes: ObjectSummary[];
  /** labels[i] labels the edge nodes[i] -> nodes[i+1]. */
  labels: string[];
  edges: number[];
}

export interface InspectRequest extends SessionRequest {
  address: number;
  /** Referrers and referents shown at first (default 50 each; page further with objectRefs). */
  refsCount?: number;
}

export interface InspectResponse {
  object: ObjectSummary;
  isGc: boolean;
  tracked: boolean;
  immortal: boolean;
  /** References from dumped objects (in-edges still present after edits). */
  internal: number;
  /**
   * refcount − internal: references from nowhere in the dump (C code, interpreter frames, names the
   * dumper could not see) — where invisible holders hide. `object.external` (the collector's view)
   * also counts references from untracked dumped objects.
   */
  unaccounted: number;
  fateExplanation: string;
  /** What its __del__ is declared to do by an edit ('none' unless declared). */
  finalizerEffect: 'none' | 'resurrect' | 'drop-refs';
  /** For uncollectable objects: the legacy-finalizer object that pins it. */
  pinnedBy?: ObjectSummary;
  referrers: RefsPage;
  referents: RefsPage;
  /** Shortest path from a root, when the object is alive. */
  path?: RetainerPathDto;
  /** Up to 3 paths from roots through different referrers (the first is `path`). */
  paths?: RetainerPathDto[];
  /** Its cycle, when it is in one. */
  cycle?: CycleRow;
}

export interface ObjectRefsRequest extends SessionRequest {
  address: number;
  direction: 'referrers' | 'referents';
  start: number;
  count: number;
}

export interface NeighbourhoodRequest extends SessionRequest {
  /** Centre objects (the selection, or a cycle's members). */
  addresses: number[];
  /** Hops on each side (1–6). */
  depth: number;
  /** Node cap (default 150, at most 500). */
  maxNodes?: number;
  /** Objects to expand by one hop beyond `depth` (double-click in the graph). */
  expand?: number[];
  /**
   * Leave out class plumbing: type objects (and `object`), their `__dict__`, `__mro__` and
   * `__bases__` tuples — whatever only types refer to. Centres are always shown.
   */
  hideTypes?: boolean;
  /** Which side to follow: both (default), only who refers to the centre, or only what it refers to. */
  direction?: 'both' | 'referrers' | 'referents';
}

export interface GraphNodeDto extends ObjectSummary {
  /** Signed hop distance: < 0 referrer side, > 0 referent side, 0 centre. */
  hop: number;
  /** It has references not shown (expand to see them). */
  more: boolean;
}

export interface GraphEdgeDto {
  edge: number;
  source: number;
  target: number;
  label: string;
  traversed: boolean;
}

export interface NeighbourhoodResponse {
  nodes: GraphNodeDto[];
  edges: GraphEdgeDto[];
  /** The node cap was hit: more objects exist within `depth`. */
  truncated: boolean;
  /** Objects left out as class plumbing (hideTypes). */
  hiddenTypes?: number;
}

export interface CycleRow {
  index: number;
  size: number;
  bytes: number;
  /** Bytes freed if the cycle were freed: its members plus what only they retain. */
  retained: number;
  /** "2 × __main__.CGcLeakA, 2 × dict". */
  types: string;
  /** Members with a finalizer. */
  finalizers: number;
  /** Most severe member fate (uncollectable > resurrected > collected > freed > alive). */
  fate: FateName;
  /** Up to 50 member addresses. */
  members: number[];
}

export interface CyclesPageRequest extends SessionRequest {
  start: number;
  count: number;
  /** Only cycles whose (most severe) fate is this one, e.g. the leaks: 'uncollectable'. */
  fate?: FateName;
}

export interface CyclesPageResponse {
  start: number;
  total: number;
  rows: CycleRow[];
}

/** An edit as requested by the renderer; objects by address. */
export type EditSpec =
  | { kind: 'drop-ref'; edge: number }
  | { kind: 'drop-ref'; source: number; target: number }
  /** `count` defaults to all its external references. */
  | { kind: 'drop-external'; address: number; count?: number }
  | { kind: 'clear'; address: number }
  | { kind: 'finalizer-effect'; address: number; effect: 'none' | 'resurrect' | 'drop-refs' };

export interface EditRequest extends SessionRequest {
  edit: EditSpec;
}

/** The verdict in the article's terms. */
export interface VerdictDto {
  rules: string;
  saveAll: boolean;
  /** What gc.collect() returns. */
  collect: number;
  /** len(gc.garbage). */
  garbage: number;
  unreachable: number;
  freedByRefcount: number;
  uncollectable: number;
}

export interface EditStepDto {
  step: number;
  /** "break _b.__dict__['_a']". */
  description: string;
  summary: string;
}

export interface DeltaDto {
  summary: string;
  /** Extra sentences: "the cycle becomes collectable by gc.collect()", "still uncollectable under 2.7 rules: …". */
  notes: string[];
  freedObjects: number;
  freedBytes: number;
  /** At most 1,000, with each object's type. */
  changed: { address: number; before: FateName; after: FateName; type?: string }[];
  /** `changed` by type and fate change, most objects first: "11 × Payload alive → freed by refcount". */
  byType?: { type: string; count: number; before: FateName; after: FateName }[];
}

export interface EditResponse {
  verdict: VerdictDto;
  delta?: DeltaDto;
  edits: EditStepDto[];
  /** Undone steps that redo would re-apply. */
  redoable: number;
  /** Whether the edit history is on disk now; false: it is kept in memory (and retried) only. */
  saved: boolean;
  /** Why it is not saved (read-only or full data folder, another window owns this dump…). */
  saveError?: string;
}

export interface CutSuggestion {
  edges: GraphEdgeDto[];
  /** References from outside the dump to release (`del name`), by object. */
  releases: { address: number; count: number }[];
  /** What simulating the cut gave for the target object. */
  fateAfter: FateName;
  summary: string;
  /**
   * What Python code does to make the cut: set or delete an attribute, delete an item, `del` a
   * name; 'internal' when no code can (an instance's `__dict__`, `__class__`, an unlabelled
   * reference). Suggestions come in this order.
   */
  action?: 'attribute' | 'item' | 'name' | 'internal';
  /** The object whose reference is cut when it is not the inspected object's own referrer: "the list recent.records". */
  retainer?: string;
  /** Objects the cut frees in all. */
  freedObjects?: number;
}

export interface ExploreMethods {
  objectsPage: { request: ObjectsPageRequest; response: ObjectsPageResponse };
  objectRow: { request: ObjectRowRequest; response: ObjectRowResponse };
  inspectObject: { request: InspectRequest; response: InspectResponse };
  objectRefs: { request: ObjectRefsRequest; response: RefsPage };
  neighbourhood: { request: NeighbourhoodRequest; response: NeighbourhoodResponse };
  cyclesPage: { request: CyclesPageRequest; response: CyclesPageResponse };
  applyEdit: { request: EditRequest; response: EditResponse };
  undoEdit: { request: SessionRequest; response: EditResponse };
  redoEdit: { request: SessionRequest; response: EditResponse };
  revertEdit: { request: SessionRequest & { step: number }; response: EditResponse };
  listEdits: { request: SessionRequest; response: EditResponse };
  exportEdits: { request: SessionRequest; response: { fileName: string; json: string } };
  exportReport: { request: SessionRequest & { format: 'markdown' | 'text' }; response: { fileName: string; text: string } };
  suggestCuts: { request: SessionRequest & { address: number; max?: number }; response: { suggestions: CutSuggestion[]; reason?: string } };
  replay: { request: ReplayRequest; response: ReplayResponse };
}
