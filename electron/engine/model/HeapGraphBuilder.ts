/**
 * HeapGraphBuilder: collects objects one by one (in any order, edges naming addresses that may
 * come later), then `finish()` resolves addresses to ordinals and builds the CSR out- and in-edge
 * arrays. Used by every format reader and by tests (see `buildHeap` in testHeap.ts).
 */
import {
  type CountColumn,
  type DumpHeader,
  type HeapGraph,
  type HolderName,
  Finalizer,
  type FinalizerKind,
} from './HeapGraph.js';
import { AddressIndex } from './AddressIndex.js';
import { SpareBuffers } from './SpareBuffers.js';
import { Prefaulter, type PrefaultTrack } from './Prefaulter.js';

/** Below this many nodes a load is fast enough without a Prefaulter thread. */
const PREFAULT_MIN_NODES = 250_000;
import { INDEX_LABEL_BASE, StringTable } from './StringTable.js';
import type { NodeColumns } from './NodeColumns.js';
import { allocate, asOutOfMemory, checkRoom, count } from './allocate.js';

/** Bytes per object of the node columns (addresses, types, sizes, flags, refcounts, externals, finalizers, reprs, hidden, edge starts). */
const NODE_BYTES = 8 + 4 + 8 + 1 + 8 + 8 + 1 + 4 + 4 + 4;
/** Bytes per reference: address, then label. */
const EDGE_BYTES = 8 + 4;

export interface NodeInput {
  address: number;
  type: string;
  size: number;
  flags: number;
  refcount: number;
  external: number;
  finalizer?: FinalizerKind;
  repr?: string;
  /** Referent address of a weakref, 0 or undefined when none. */
  weakTarget?: number;
  /** Referent addresses in get_referents order. */
  edges?: ArrayLike<number>;
  /** Labels parallel to edges; null/undefined = unknown. */
  labels?: ArrayLike<string | null | undefined>;
  /** Leading edges invisible to tp_traverse. */
  hiddenEdges?: number;
}

/** Why finish() refused: the caller turns this into a HeapFormatError with file and line. */
export class GraphLinkError extends Error {
  constructor(
    message: string,
    /** Ordinal of the offending node, in the order nodes were added. */
    readonly node: number,
    readonly kind: 'duplicate' | 'dangling' | 'weak' = 'dangling',
    /** For duplicates: the ordinal of the first node with that address. */
    readonly firstNode = -1,
  ) {
    super(message);
  }
}

export class HeapGraphBuilder {
  readonly strings: StringTable;
  // Node columns share one capacity and one count; edge columns likewise. Plain typed-array
  // fields (not a generic wrapper) keep every store monomorphic on the hot path.
  private nodeCap: number;
  private nodes = 0;
  private addresses: Float64Array;
  private typeIds: Uint32Array;
  private sizes: Float64Array;
  private flags: Uint8Array;
  private refcounts: Float64Array;
  private externals: Float64Array;
  private finalizers: Uint8Array;
  private reprIds: Uint32Array;
  /** Weakref nodes and their referent addresses, in node order: few, so kept as a short list. */
  private readonly weakNodes: number[] = [];
  private readonly weakAddrs: number[] = [];
  private hidden: Uint32Array;
  /** edgeStart[n] = first edge of node n; one extra slot for the final end. */
  private edgeStart: Uint32Array;
  private edgeCap: number;
  private edges = 0;
  private edgeAddr: Float64Array;
  private edgeLabels: Uint32Array;
  private readonly holders: { address: number; holder: string; name: string }[] = [];
  private readonly generations: { seq: number; addresses: Float64Array }[] = [];
  private readonly sites: { site: string; addresses: Float64Array }[] = [];
  /** Touched buffers finish() carves its arrays from (see SpareBuffers). */
  private readonly spare = new SpareBuffers();
  private readonly prefaulter: Prefaulter | undefined;

  /**
   * Pre-size from what the reader knows (header counts, file size): big typed arrays are committed
   * page by page as they fill, so a generous guess costs address space, not memory, and saves the
   * copy-on-grow that would briefly need three times the final size.
   *
   * `prefaultEdges`, for a large load whose node count is known: the columns then live in shared
   * memory and a Prefaulter thread maps their pages (edges up to that many) ahead of the reader,
   * along with the arrays finish() will need.
   */
  constructor(expectedNodes = 1024, expectedEdges = expectedNodes * 2, prefaultEdges = 0) {
    const n = Math.max(16, expectedNodes);
    const edgeCap = Math.max(16, expectedEdges);
    const what = (): string => `the object and reference columns for ${count(n)} objects and ${count(edgeCap)} references`;
    const bytes = n * NODE_BYTES + edgeCap * EDGE_BYTES + n * 8;
    checkRoom(what, bytes);
    const first: PrefaultTrack[] = [];
    const shared = prefaultEdges > 0 && n >= PREFAULT_MIN_NODES;
    this.nodeCap = n;
    this.edgeCap = edgeCap;
    const make = <T extends Float64Array | Uint32Array | Uint8Array>(
      Type: { new (length: number): T; new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
      length: number,
      touched = length,
    ): T => {
      if (!shared) return new Type(length);
      const buffer = new SharedArrayBuffer(length * Type.BYTES_PER_ELEMENT);
      first.push({ buffer, bytes: Math.min(length, touched) * Type.BYTES_PER_ELEMENT });
      return new Type(buffer);
    };
    try {
      // Types and labels repeat; reprs (about one per node) bypass the hash table (StringTable.add).
      this.strings = new StringTable(n);
      this.addresses = make(Float64Array, n);
      this.typeIds = make(Uint32Array, n);
      this.sizes = make(Float64Array, n);
      this.flags = make(Uint8Array, n);
      this.refcounts = make(Float64Array, n);
      this.externals = make(Float64Array, n);
      this.reprIds = make(Uint32Array, n);
      this.edgeStart = make(Uint32Array, n + 1);
      this.edgeAddr = make(Float64Array, this.edgeCap, prefaultEdges);
      this.edgeLabels = make(Uint32Array, this.edgeCap, prefaultEdges);
      // Mostly zero: left to fault in where written.
      this.finalizers = new Uint8Array(n);
      this.hidden = new Uint32Array(n);
    } catch (e) {
      throw asOutOfMemory(e, what, bytes);
    }
    if (shared) {
      // What AddressIndex.build and finish() take from the spares, touched once parsing is done.
      const later = [n * 8, n * 4, (n + 1) * 4, (n + 1) * 4, n * 4, Math.min(this.edgeCap, prefaultEdges) * 4].map((bytes) => {
        const buffer = new SharedArrayBuffer(bytes);
        this.spare.add(new Uint8Array(buffer));
        return { buffer, bytes };
      });
      this.prefaulter = Prefaulter.start(first, later);
    }
  }

  get nodeCount(): number {
    return this.nodes;
  }

  addNode(n: NodeInput): number {
    const ordinal = this.addNodeFields(
      n.address,
      this.strings.intern(n.type),
      n.size,
      n.flags,
      n.refcount,
      n.external,
      n.finalizer ?? Finalizer.None,
      n.repr ? this.strings.add(n.repr) : 0,
      n.weakTarget ?? 0,
      n.hiddenEdges ?? 0,
    );
    const edges = n.edges;
    if (edges) {
      const labels = n.labels;
      for (let i = 0; i < edges.length; i++) {
        const label = labels ? labels[i] : null;
        this.addEdge(edges[i], label ? this.strings.labelId(label) : 0);
      }
    }
    return ordinal;
  }

  /**
   * The allocation-free form of addNode for streaming readers: strings already interned in
   * `this.strings`, then one addEdge() per referent. Edges belong to the last node added.
   */
  addNodeFields(
    address: number,
    typeId: number,
    size: number,
    flags: number,
    refcount: number,
    external: number,
    finalizer: number,
    reprId: number,
    weakTarget: number,
    hiddenEdges: number,
  ): number {
    const i = this.nodes;
    if (i === this.nodeCap) this.growNodes();
    this.addresses[i] = address;
    this.typeIds[i] = typeId;
    this.sizes[i] = size;
    this.flags[i] = flags;
    this.refcounts[i] = refcount;
    this.externals[i] = external;
    // Columns start zeroed and their pages are only committed when written: leave zeros unwritten
    // so that mostly-zero columns (finalizers, hidden counts) cost no memory.
    if (finalizer !== 0) this.finalizers[i] = finalizer;
    if (reprId !== 0) this.reprIds[i] = reprId;
    if (hiddenEdges !== 0) this.hidden[i] = hiddenEdges;
    if (weakTarget !== 0) {
      this.weakNodes.push(i);
      this.weakAddrs.push(weakTarget);
    }
    this.edgeStart[i] = this.edges;
    this.nodes = i + 1;
    return i;
  }

  /** Appends a referent (by address) with an interned label id (0 = none) to the last node. */
  addEdge(address: number, labelId: number): void {
    const e = this.edges;
    if (e === this.edgeCap) this.growEdges();
    this.edgeAddr[e] = address;
    this.edgeLabels[e] = labelId;
    this.edges = e + 1;
  }

  /**
   * Appends nodes [from, to) of a batch another thread scanned (NodeColumns), with their edges,
   * as if each had come through addNodeFields/addEdge. `map` turns the batch's string ids into
   * this builder's (StringTable.importFrom); index labels (ids >= INDEX_LABEL_BASE) pass as they are.
   */
  appendColumns(c: NodeColumns, from: number, to: number, map: Uint32Array): void {
    const n = to - from;
    while (this.nodes + n > this.nodeCap) this.growNodes();
    const e0 = c.edgeStart[from];
    const e1 = to < c.count ? c.edgeStart[to] : c.edgeCount;
    const ne = e1 - e0;
    if (this.edges + ne > this.edgeCap) this.reserveEdges(ne);
    const at = this.nodes;
    const edgeBase = this.edges - e0;
    this.addresses.set(c.address.subarray(from, to), at);
    this.sizes.set(c.size.subarray(from, to), at);
    this.flags.set(c.flags.subarray(from, to), at);
    this.refcounts.set(c.refcount.subarray(from, to), at);
    this.externals.set(c.external.subarray(from, to), at);
    const typeIds = this.typeIds;
    const reprIds = this.reprIds;
    const edgeStart = this.edgeStart;
    for (let k = from, i = at; k < to; k++, i++) {
      typeIds[i] = map[c.typeId[k]];
      const r = c.reprId[k];
      if (r !== 0) reprIds[i] = map[r];
      const fin = c.finalizer[k];
      if (fin !== 0) this.finalizers[i] = fin;
      const hidden = c.hidden[k];
      if (hidden !== 0) this.hidden[i] = hidden;
      const weak = c.weak[k];
      if (weak !== 0) {
        this.weakNodes.push(i);
        this.weakAddrs.push(weak);
      }
      edgeStart[i] = edgeBase + c.edgeStart[k];
    }
    this.edgeAddr.set(c.edgeAddr.subarray(e0, e1), this.edges);
    const labels = this.edgeLabels;
    const from2 = c.edgeLabel;
    for (let e = e0, j = this.edges; e < e1; e++, j++) {
      const l = from2[e];
      if (l !== 0) labels[j] = l >= INDEX_LABEL_BASE ? l : map[l];
    }
    this.nodes = at + n;
    this.edges += ne;
  }

  private growNodes(): void {
    const cap = this.nodeCap * 2;
    allocate(() => `the object columns for ${count(cap)} objects`, cap * NODE_BYTES, () => this.growNodesTo(cap));
  }

  private growNodesTo(cap: number): void {
    this.addresses = grow(this.addresses, new Float64Array(cap));
    this.typeIds = grow(this.typeIds, new Uint32Array(cap));
    this.sizes = grow(this.sizes, new Float64Array(cap));
    this.flags = grow(this.flags, new Uint8Array(cap));
    this.refcounts = grow(this.refcounts, new Float64Array(cap));
    this.externals = grow(this.externals, new Float64Array(cap));
    this.finalizers = grow(this.finalizers, new Uint8Array(cap));
    this.reprIds = grow(this.reprIds, new Uint32Array(cap));
    this.hidden = grow(this.hidden, new Uint32Array(cap));
    this.edgeStart = grow(this.edgeStart, new Uint32Array(cap + 1));
    this.nodeCap = cap;
  }

  private growEdges(): void {
    this.growEdgesTo(this.edgeCap * 2);
  }

  private growEdgesTo(cap: number): void {
    allocate(() => `the reference columns for ${count(cap)} references`, cap * EDGE_BYTES, () => {
      this.edgeAddr = grow(this.edgeAddr, new Float64Array(cap));
      this.edgeLabels = grow(this.edgeLabels, new Uint32Array(cap));
    });
    this.edgeCap = cap;
  }

  /**
   * Room for `count` more edges in one step, keeping the current capacity's headroom for the rest:
   * a container that announces millions of references (continuation.ts) would otherwise double
   * the columns several times, copying every edge each time.
   */
  reserveEdges(count: number): void {
    const need = this.edges + count;
    if (need <= this.edgeCap) return;
    this.growEdgesTo(need + this.edgeCap);
  }

  addHolderName(address: number, holder: string, name: string): void {
    this.holders.push({ address, holder, name });
  }

  /** A `{"k":"gen"}` record: these objects were first seen by dump `seq` of the session. */
  addGeneration(seq: number, addresses: Float64Array): void {
    this.generations.push({ seq, addresses });
  }

  /** A `{"k":"site"}` record: these objects were allocated at `site` ("file:line"). */
  addSite(site: string, addresses: Float64Array): void {
    this.sites.push({ site, addresses });
  }

  /**
   * Resolves addresses and builds the CSR arrays. Throws GraphLinkError on duplicates or dangling
   * edges. Call it once: the graph takes over the columns (the counts are narrowed in place).
   */
  finish(header: DumpHeader, onPhase?: (phase: 'indexing' | 'linking') => void): HeapGraph {
    try {
      return this.link(header, onPhase);
    } finally {
      this.release();
    }
  }

  /** Stops the Prefaulter, if any: after finish(), or when a load is abandoned. */
  release(): void {
    this.prefaulter?.stop();
  }

  private link(header: DumpHeader, onPhase?: (phase: 'indexing' | 'linking') => void): HeapGraph {
    onPhase?.('indexing');
    const nodeCount = this.nodes;
    // Counts are parsed as Float64 (any value may come); most dumps need 32 bits (narrowCounts).
    const counts = narrowCounts([this.sizes, this.refcounts, this.externals], nodeCount, this.spare);
    const [sizes, refcounts, externalRefs] = counts.narrowed;
    const empty = new Float64Array(0);
    this.sizes = this.refcounts = this.externals = empty;
    const addresses = this.addresses.subarray(0, nodeCount);
    const index = allocate(() => `the address index for ${count(nodeCount)} objects`, nodeCount * 12, () => AddressIndex.build(addresses, nodeCount, this.spare));
    if (!(index instanceof AddressIndex)) {
      throw new GraphLinkError(`duplicate address ${index.address}`, index.node, 'duplicate', index.firstNode);
    }
    onPhase?.('linking');
    this.edgeStart[nodeCount] = this.edges;
    const firstOutEdge = this.edgeStart.subarray(0, nodeCount + 1);
    const edgeCount = this.edges;
    const edgeAddr = this.edgeAddr;
    // Fresh pages are slow to fault in, so linking reuses memory already touched: edge e's target
    // (4 bytes at 4e) overwrites only addresses already resolved (8 bytes at 8e), so targets go
    // into the address buffer in place, and sources fill its second half once linking is done.
    const edgeTargets = new Uint32Array(edgeAddr.buffer, edgeAddr.byteOffset, edgeCount);
    const edgeSources = new Uint32Array(edgeAddr.buffer, edgeAddr.byteOffset + edgeCount * 4, edgeCount);
    const spare = this.spare;
    const inIndex = (): string => `the in-reference index for ${count(edgeCount)} references`;
    checkRoom(inIndex, (edgeCount + 3 * nodeCount) * 4);
    const inDegree = allocate(inIndex, (nodeCount + 1) * 4, () => spare.uint32(nodeCount + 1));
    // Objects of one type repeat their referents slot by slot (the __class__ edge, a shared
    // parent), so remember the last target seen at each edge position and skip the lookup when
    // the address matches.
    const memoAddr = new Float64Array(16);
    const memoTarget = new Int32Array(16);
    for (let n = 0; n < nodeCount; n++) {
      const start = firstOutEdge[n];
      const end = firstOutEdge[n + 1];
      for (let e = start; e < end; e++) {
        const address = edgeAddr[e];
        const k = Math.min(e - start, 15);
        let t: number;
        if (memoAddr[k] === address) {
          t = memoTarget[k];
        } else {
          t = index.get(address);
          if (t < 0) throw new GraphLinkError(`reference to unknown address ${address}`, n);
          memoAddr[k] = address;
          memoTarget[k] = t;
        }
        edgeTargets[e] = t;
        inDegree[t]++;
      }
    }
    for (let n = 0; n < nodeCount; n++) {
      for (let e = firstOutEdge[n]; e < firstOutEdge[n + 1]; e++) edgeSources[e] = n;
    }
    // Linking's millions of lookups are done: the index's sorted copy of the addresses (8 bytes an
    // object) goes; the few lookups left read the address column.
    index.dropSortedCopy(addresses);
    // Prefix sums turn in-degrees into CSR offsets; then fill by walking edges in order, so each
    // node's referrers come sorted by source ordinal.
    const firstInEdge = allocate(inIndex, (nodeCount + 1) * 4, () => spare.uint32(nodeCount + 1));
    for (let n = 0; n < nodeCount; n++) firstInEdge[n + 1] = firstInEdge[n] + inDegree[n];
    // The in-degree counts are spent: reuse their array as the fill cursor.
    const cursor = inDegree;
    cursor.set(firstInEdge.subarray(0, nodeCount));
    const inEdges = allocate(inIndex, edgeCount * 4, () => spare.uint32(edgeCount));
    for (let e = 0; e < edgeCount; e++) inEdges[cursor[edgeTargets[e]]++] = e;

    const weakTargets = counts.free
      ? new Int32Array(counts.free.buffer, counts.free.byteOffset, nodeCount).fill(-1)
      : new Int32Array(allocate(() => `the weak-reference column for ${count(nodeCount)} objects`, nodeCount * 4, () => spare.uint32(nodeCount)).buffer, 0, nodeCount).fill(-1);
    for (let k = 0; k < this.weakNodes.length; k++) {
      const n = this.weakNodes[k];
      const t = index.get(this.weakAddrs[k]);
      if (t < 0) throw new GraphLinkError(`weak reference to unknown address ${this.weakAddrs[k]}`, n, 'weak');
      weakTargets[n] = t;
    }
    const holderNames: HolderName[] = [];
    for (const h of this.holders) {
      const node = index.get(h.address);
      if (node >= 0) holderNames.push({ node, holder: h.holder, name: h.name });
    }
    let firstSeen: Uint32Array | undefined;
    if (this.generations.length > 0) {
      firstSeen = new Uint32Array(nodeCount);
      for (const g of this.generations) {
        const list = g.addresses;
        for (let i = 0; i < list.length; i++) {
          const node = index.get(list[i]);
          if (node >= 0) firstSeen[node] = g.seq; // addresses the file does not hold are ignored
        }
      }
    }
    let allocationSites: HeapGraph['allocationSites'];
    if (this.sites.length > 0) {
      const names: string[] = [];
      const ids = new Map<string, number>();
      const siteOf = new Int32Array(nodeCount).fill(-1);
      for (const s of this.sites) {
        let id = ids.get(s.site);
        if (id === undefined) {
          id = names.push(s.site) - 1;
          ids.set(s.site, id);
        }
        for (let i = 0; i < s.addresses.length; i++) {
          const node = index.get(s.addresses[i]);
          if (node >= 0) siteOf[node] = id;
        }
      }
      allocationSites = { names, siteOf };
    }
    return {
      allocationSites,
      firstSeen,
      header,
      nodeCount,
      edgeCount,
      addresses,
      typeIds: this.typeIds.subarray(0, nodeCount),
      sizes,
      flags: this.flags.subarray(0, nodeCount),
      refcounts,
      externalRefs,
      finalizers: this.finalizers.subarray(0, nodeCount),
      reprIds: this.reprIds.subarray(0, nodeCount),
      weakTargets,
      firstOutEdge,
      edgeTargets,
      edgeLabels: this.edgeLabels.subarray(0, edgeCount),
      hiddenEdgeCounts: this.hidden.subarray(0, nodeCount),
      firstInEdge,
      inEdges,
      edgeSources,
      strings: this.strings,
      index,
      holderNames,
    };
  }
}

/**
 * Where a narrowed count column can go: the free second half of a column already narrowed in
 * place (its first half holds that column's 32-bit values).
 */
interface FreeHalf {
  buffer: ArrayBufferLike;
  byteOffset: number;
}

/**
 * Narrows the count columns (sizes, refcounts, externals) without new memory: a column whose values
 * all fit is rewritten as Uint32 into the first half of its own buffer, the next one into that
 * buffer's free second half (its own buffer is then offered to `spare`), and a half still free at
 * the end holds the weak targets. A column with a value beyond 32 bits stays Float64.
 */
export function narrowCounts(columns: Float64Array[], n: number, spare: SpareBuffers): { narrowed: CountColumn[]; free: FreeHalf | undefined } {
  let free: FreeHalf | undefined;
  const narrowed = columns.map((column): CountColumn => {
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (v >>> 0 !== v) return column.subarray(0, n);
    }
    if (free) {
      const to = new Uint32Array(free.buffer, free.byteOffset, n);
      for (let i = 0; i < n; i++) to[i] = column[i];
      free = undefined;
      spare.add(column);
      return to;
    }
    // In place: value i (4 bytes at 4i) overwrites only values already read (8 bytes at 8j, j <= i/2).
    const to = new Uint32Array(column.buffer, column.byteOffset, n);
    for (let i = 0; i < n; i++) to[i] = column[i];
    free = { buffer: column.buffer, byteOffset: column.byteOffset + n * 4 };
    return to;
  });
  return { narrowed, free };
}

/** Copies `from` into the larger `to` and returns `to`. */
function grow<T extends Float64Array | Uint32Array | Uint8Array>(from: T, to: T): T {
  (to as Uint8Array).set(from as Uint8Array);
  return to;
}
