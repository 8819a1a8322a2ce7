/**
 * The objects table: one page of rows from all objects, sorted and filtered. Sorting millions of
 * rows must not allocate per row, so each sort key builds one index (Uint32Array of ordinals) by
 * packing `key * 2^bits + ordinal` into a Float64Array and using the native numeric sort (no
 * comparator calls); keys that do not fit 53 bits fall back to a comparator over typed arrays.
 * Orders are cached per session and per input they depend on (the simulation for `fate`, the
 * dominator tree for `retained`), the last few filtered views likewise. Start at `objectsPage`;
 * `objectRow` finds an object's row (Overview → Objects scrolls to it).
 */
import { radixSortNonNegative } from './radixSort.js';
import type { ObjectRowRequest, ObjectRowResponse, ObjectSortKey, ObjectsPageRequest, ObjectsPageResponse } from '../../../../shared/exploreApi.js';
import type { HeapGraph } from '../../model/HeapGraph.js';
import { fateNames } from '../../gc/types.js';
import type { SessionContext } from '../context.js';
import { clampPage, nodeOf, summarize } from './summary.js';
import { markMatchingStrings } from '../../model/stringSearch.js';

interface CachedOrder {
  dep: object | undefined;
  order: Uint32Array;
}
interface CachedFilter {
  key: string;
  dep: object | undefined;
  order: Uint32Array;
  rows: Uint32Array;
}
interface ObjectsCache {
  orders: Map<ObjectSortKey, CachedOrder>;
  filters: CachedFilter[];
  types?: string[];
}

/** Per-session caches; weakly keyed so they go when the session goes. */
const caches = new WeakMap<SessionContext, ObjectsCache>();
const sortKeys: readonly ObjectSortKey[] = ['address', 'type', 'size', 'retained', 'refcount', 'external', 'fate'];

/** Ordinals sorted ascending by `keys` (ties by ordinal). */
export function sortByKeys(keys: ArrayLike<number>, n: number): Uint32Array {
  const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const scale = 2 ** bits;
  const limit = 2 ** (53 - bits);
  let packable = true;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (!(k >= 0 && k < limit && Math.floor(k) === k)) {
      packable = false;
      break;
    }
  }
  const order = new Uint32Array(n);
  if (packable) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys[i] * scale + i;
    radixSortNonNegative(packed);
    for (let i = 0; i < n; i++) order[i] = packed[i] % scale;
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => keys[a] - keys[b] || a - b);
  return order;
}

/** Type names ranked alphabetically, as a per-node key (a rank table indexed by string id, no Map lookups per node). */
function typeRanks(g: HeapGraph): Uint32Array {
  const rankOfId = new Uint32Array(g.strings.size);
  const seen = new Uint8Array(g.strings.size);
  const ids: number[] = [];
  for (let i = 0; i < g.nodeCount; i++) {
    const t = g.typeIds[i];
    if (!seen[t]) {
      seen[t] = 1;
      ids.push(t);
    }
  }
  ids.sort((a, b) => (g.strings.get(a) < g.strings.get(b) ? -1 : 1)).forEach((id, rank) => (rankOfId[id] = rank));
  const keys = new Uint32Array(g.nodeCount);
  for (let i = 0; i < g.nodeCount; i++) keys[i] = rankOfId[g.typeIds[i]];
  return keys;
}

/** Distinct string ids used as a type name or a repr (edge labels share the table and are many). */
const searchableCache = new WeakMap<HeapGraph, Uint32Array>();
function searchableStrings(g: HeapGraph): Uint32Array {
  let ids = searchableCache.get(g);
  if (ids) return ids;
  const seen = new Uint8Array(g.strings.size);
  for (let i = 0; i < g.nodeCount; i++) {
    seen[g.typeIds[i]] = 1;
    seen[g.reprIds[i]] = 1;
  }
  seen[0] = 0;
  let n = 0;
  for (let s = 0; s < seen.length; s++) n += seen[s];
  ids = new Uint32Array(n);
  for (let s = 0, k = 0; s < seen.length; s++) if (seen[s]) ids[k++] = s;
  searchableCache.set(g, ids);
  return ids;
}

/**
 * Per string id, 1 where a type name or repr contains `text`. Strings never change with edits, so
 * the last search is kept: after an edit the table re-filters without scanning millions of strings.
 */
const lastTextMatch = new WeakMap<HeapGraph, { text: string; match: Uint8Array }>();
function textMatches(g: HeapGraph, text: string): Uint8Array {
  const hit = lastTextMatch.get(g);
  if (hit && hit.text === text) return hit.match;
  const match = new Uint8Array(g.strings.size);
  markMatchingStrings(g.strings, searchableStrings(g), text, match);
  lastTextMatch.set(g, { text, match });
  return match;
}

function dependency(session: SessionContext, key: ObjectSortKey): object | undefined {
  if (key === 'fate') return session.simulation();
  if (key === 'retained') return session.dominators();
  if (key === 'external' || key === 'refcount') return session.overlay();
  return undefined;
}

function keysFor(session: SessionContext, key: ObjectSortKey): ArrayLike<number> {
  const g = session.graph;
  switch (key) {
    case 'address':
      return g.addresses;
    case 'type':
      return typeRanks(g);
    case 'size':
      return g.sizes;
    case 'retained':
      return session.dominators().retainedSizes;
    case 'refcount':
      return g.refcounts;
    case 'external': {
      const dropped = session.overlay()?.droppedExternal;
      if (!dropped || dropped.size === 0) return g.externalRefs;
      const keys = Float64Array.from(g.externalRefs);
      for (const [node, count] of dropped) keys[node] = Math.max(0, keys[node] - count);
      return keys;
    }
    case 'fate':
      return session.simulation().fates;
  }
}

/** Lets go of the orders and filtered rows that read what an edit replaces (address, type and size orders stay). */
export function forgetObjectOrders(session: SessionContext): void {
  const cache = caches.get(session);
  if (!cache) return;
  for (const [key, order] of cache.orders) if (order.dep !== undefined) cache.orders.delete(key);
  const kept = new Set([...cache.orders.values()].map((o) => o.order));
  cache.filters = cache.filters.filter((f) => f.dep === undefined && kept.has(f.order));
}

/** The sort keys whose order is cached for the session (diagnostics and tests). */
export function cachedOrderKeys(session: SessionContext): ObjectSortKey[] {
  return [...(caches.get(session)?.orders.keys() ?? [])];
}

function cacheOf(session: SessionContext): ObjectsCache {
  let cache = caches.get(session);
  if (!cache) {
    cache = { orders: new Map(), filters: [] };
    caches.set(session, cache);
  }
  return cache;
}

function sortedOrder(session: SessionContext, key: ObjectSortKey): Uint32Array {
  const cache = cacheOf(session);
  const dep = dependency(session, key);
  const hit = cache.orders.get(key);
  if (hit && hit.dep === dep) return hit.order;
  const order = sortByKeys(keysFor(session, key), session.graph.nodeCount);
  cache.orders.set(key, { dep, order });
  return order;
}

function parseAddress(text: string): number {
  const t = text.trim().toLowerCase();
  const n = t.startsWith('0x') ? Number.parseInt(t.slice(2), 16) : Number(t);
  return Number.isFinite(n) ? n : -1;
}

/** Ordinals (in `order`) that pass the filter; `order` itself when there is no filter. */
function filtered(session: SessionContext, order: Uint32Array, req: Pick<ObjectsPageRequest, 'filter'>): Uint32Array {
  const f = req.filter ?? {};
  const g = session.graph;
  const typeId = f.type ? g.strings.find(f.type) : -2;
  const fate = f.fate ? fateNames.indexOf(f.fate) : -2;
  const text = (f.text ?? '').trim().toLowerCase();
  const address = f.address?.trim() ? parseAddress(f.address) : -2;
  if (typeId === -2 && fate === -2 && !text && address === -2) return order;
  if (typeId === -1 || fate === -1 || address === -1) return new Uint32Array(0);
  if (address !== -2) {
    const node = g.index.get(address);
    if (node < 0) return new Uint32Array(0);
    return order.filter((o) => o === node);
  }
  const fates = session.simulation().fates;
  // Text matches are decided once per distinct string, not once per object.
  let stringMatch: Uint8Array | undefined;
  let nameMatch: Set<number> | undefined;
  if (text) {
    stringMatch = textMatches(g, text);
    nameMatch = new Set(g.holderNames.filter((h) => h.name.toLowerCase().includes(text)).map((h) => h.node));
  }
  const out = new Uint32Array(order.length);
  let n = 0;
  for (let i = 0; i < order.length; i++) {
    const o = order[i];
    if (typeId >= 0 && g.typeIds[o] !== typeId) continue;
    if (fate >= 0 && fates[o] !== fate) continue;
    if (stringMatch && !stringMatch[g.reprIds[o]] && !stringMatch[g.typeIds[o]] && !nameMatch?.has(o)) continue;
    out[n++] = o;
  }
  return out.slice(0, n);
}

function typeList(session: SessionContext, cache: ObjectsCache): string[] {
  if (cache.types) return cache.types;
  const g = session.graph;
  // Counted in a typed array by string id (type ids are interned strings, below strings.size):
  // a Map update per object took a second on 10M objects.
  const counts = new Uint32Array(g.strings.size);
  for (let i = 0; i < g.nodeCount; i++) counts[g.typeIds[i]]++;
  const ids: number[] = [];
  for (let id = 0; id < counts.length; id++) if (counts[id] > 0) ids.push(id);
  cache.types = ids
    .sort((a, b) => counts[b] - counts[a] || a - b)
    .slice(0, 200)
    .map((id) => g.strings.get(id));
  return cache.types;
}

/** Sorted and filtered ordinals for a request (ascending; descending pages read it from the end), cached. */
function matchingRows(session: SessionContext, req: Pick<ObjectsPageRequest, 'sort' | 'filter'>): { cache: ObjectsCache; rows: Uint32Array } {
  const key: ObjectSortKey = sortKeys.includes(req.sort as ObjectSortKey) ? (req.sort as ObjectSortKey) : 'address';
  const cache = cacheOf(session);
  const order = sortedOrder(session, key);
  const filterKey = `${key}|${JSON.stringify(req.filter ?? {})}`;
  const dep = req.filter?.fate ? session.simulation() : undefined;
  let hit = cache.filters.find((c) => c.key === filterKey && c.dep === dep && c.order === order);
  if (!hit) {
    hit = { key: filterKey, dep, order, rows: filtered(session, order, req) };
    cache.filters = [hit, ...cache.filters.slice(0, 3)];
  }
  return { cache, rows: hit.rows };
}

export function objectsPage(session: SessionContext, req: ObjectsPageRequest): ObjectsPageResponse {
  const { start, count } = clampPage(req.start, req.count, 500);
  const { cache, rows } = matchingRows(session, req);
  const total = rows.length;
  const out = [];
  for (let i = start; i < Math.min(total, start + count); i++) {
    out.push(summarize(session, rows[req.descending ? total - 1 - i : i]));
  }
  return { start, rows: out, total, types: start === 0 ? typeList(session, cache) : undefined };
}

/** The row an object has in the table for this sort and filter (-1 when the filter excludes it): one scan of the cached order. */
export function objectRow(session: SessionContext, req: ObjectRowRequest): ObjectRowResponse {
  const node = nodeOf(session, req.address);
  const { rows } = matchingRows(session, req);
  const at = rows.indexOf(node);
  return { index: at < 0 ? -1 : req.descending ? rows.length - 1 - at : at, total: rows.length };
}
