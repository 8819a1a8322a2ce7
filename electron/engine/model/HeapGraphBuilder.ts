/**
 * HeapGraphBuilder: collects objects one by one (in any order, edges naming addresses that may
 * come later), then `finish()` resolves addresses to ordinals and builds the CSR out- and in-edge
 * arrays. Used by every format reader and by tests (see `buildHeap` in testHeap.ts).
 */
import {
  type DumpHeader,
  type HeapGraph,
  type HolderName,
  Finalizer,
  type FinalizerKind,
} from './HeapGraph.js';
import { AddressIndex } from './AddressIndex.js';
import { Growable } from './GrowableArray.js';
import { StringTable } from './StringTable.js';

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
  readonly strings = new StringTable();
  private readonly addresses: Growable<Float64Array>;
  private readonly typeIds: Growable<Uint32Array>;
  private readonly sizes: Growable<Float64Array>;
  private readonly flags: Growable<Uint8Array>;
  private readonly refcounts: Growable<Float64Array>;
  private readonly externals: Growable<Float64Array>;
  private readonly finalizers: Growable<Uint8Array>;
  private readonly reprIds: Growable<Uint32Array>;
  private readonly weakAddr: Growable<Float64Array>;
  private readonly hidden: Growable<Uint32Array>;
  private readonly edgeStart: Growable<Uint32Array>;
  private readonly edgeAddr: Growable<Float64Array>;
  private readonly edgeLabels: Growable<Uint32Array>;
  private readonly holders: { address: number; holder: string; name: string }[] = [];

  /**
   * Pre-size from what the reader knows (header counts, file size): big typed arrays are committed
   * page by page as they fill, so a generous guess costs address space, not memory, and saves the
   * copy-on-grow that would briefly need three times the final size.
   */
  constructor(expectedNodes = 1024, expectedEdges = expectedNodes * 2) {
    const n = expectedNodes;
    this.addresses = new Growable(Float64Array, n);
    this.typeIds = new Growable(Uint32Array, n);
    this.sizes = new Growable(Float64Array, n);
    this.flags = new Growable(Uint8Array, n);
    this.refcounts = new Growable(Float64Array, n);
    this.externals = new Growable(Float64Array, n);
    this.finalizers = new Growable(Uint8Array, n);
    this.reprIds = new Growable(Uint32Array, n);
    this.weakAddr = new Growable(Float64Array, n);
    this.hidden = new Growable(Uint32Array, n);
    this.edgeStart = new Growable(Uint32Array, n + 1);
    this.edgeAddr = new Growable(Float64Array, expectedEdges);
    this.edgeLabels = new Growable(Uint32Array, expectedEdges);
  }

  get nodeCount(): number {
    return this.addresses.length;
  }

  addNode(n: NodeInput): number {
    const ordinal = this.addresses.length;
    this.addresses.push(n.address);
    this.typeIds.push(this.strings.intern(n.type));
    this.sizes.push(n.size);
    this.flags.push(n.flags);
    this.refcounts.push(n.refcount);
    this.externals.push(n.external);
    this.finalizers.push(n.finalizer ?? Finalizer.None);
    this.reprIds.push(n.repr ? this.strings.intern(n.repr) : 0);
    this.weakAddr.push(n.weakTarget ?? 0);
    this.hidden.push(n.hiddenEdges ?? 0);
    this.edgeStart.push(this.edgeAddr.length);
    const edges = n.edges;
    if (edges) {
      const labels = n.labels;
      for (let i = 0; i < edges.length; i++) {
        this.edgeAddr.push(edges[i]);
        const label = labels ? labels[i] : null;
        this.edgeLabels.push(label ? this.strings.intern(label) : 0);
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
    const ordinal = this.addresses.length;
    this.addresses.push(address);
    this.typeIds.push(typeId);
    this.sizes.push(size);
    this.flags.push(flags);
    this.refcounts.push(refcount);
    this.externals.push(external);
    this.finalizers.push(finalizer);
    this.reprIds.push(reprId);
    this.weakAddr.push(weakTarget);
    this.hidden.push(hiddenEdges);
    this.edgeStart.push(this.edgeAddr.length);
    return ordinal;
  }

  /** Appends a referent (by address) with an interned label id (0 = none) to the last node. */
  addEdge(address: number, labelId: number): void {
    this.edgeAddr.push(address);
    this.edgeLabels.push(labelId);
  }

  addHolderName(address: number, holder: string, name: string): void {
    this.holders.push({ address, holder, name });
  }

  /** Resolves addresses and builds the CSR arrays. Throws GraphLinkError on duplicates or dangling edges. */
  finish(header: DumpHeader, onPhase?: (phase: 'indexing' | 'linking') => void): HeapGraph {
    onPhase?.('indexing');
    const nodeCount = this.addresses.length;
    const addresses = this.addresses.view();
    const index = new AddressIndex(nodeCount);
    for (let i = 0; i < nodeCount; i++) {
      if (!index.add(addresses[i], i)) {
        throw new GraphLinkError(`duplicate address ${addresses[i]}`, i, 'duplicate', index.get(addresses[i]));
      }
    }
    onPhase?.('linking');
    this.edgeStart.push(this.edgeAddr.length);
    const firstOutEdge = this.edgeStart.view();
    const edgeCount = this.edgeAddr.length;
    const edgeAddr = this.edgeAddr.view();
    const edgeTargets = new Uint32Array(edgeCount);
    const edgeSources = new Uint32Array(edgeCount);
    const inDegree = new Uint32Array(nodeCount + 1);
    for (let n = 0; n < nodeCount; n++) {
      const end = firstOutEdge[n + 1];
      for (let e = firstOutEdge[n]; e < end; e++) {
        const t = index.get(edgeAddr[e]);
        if (t < 0) throw new GraphLinkError(`reference to unknown address ${edgeAddr[e]}`, n);
        edgeTargets[e] = t;
        edgeSources[e] = n;
        inDegree[t]++;
      }
    }
    // Prefix sums turn in-degrees into CSR offsets; then fill by walking edges in order, so each
    // node's referrers come sorted by source ordinal.
    const firstInEdge = new Uint32Array(nodeCount + 1);
    for (let n = 0; n < nodeCount; n++) firstInEdge[n + 1] = firstInEdge[n] + inDegree[n];
    const cursor = firstInEdge.slice(0, nodeCount);
    const inEdges = new Uint32Array(edgeCount);
    for (let e = 0; e < edgeCount; e++) inEdges[cursor[edgeTargets[e]]++] = e;

    const weakAddr = this.weakAddr.view();
    const weakTargets = new Int32Array(nodeCount).fill(-1);
    for (let n = 0; n < nodeCount; n++) {
      if (weakAddr[n] !== 0) {
        const t = index.get(weakAddr[n]);
        if (t < 0) throw new GraphLinkError(`weak reference to unknown address ${weakAddr[n]}`, n, 'weak');
        weakTargets[n] = t;
      }
    }
    const holderNames: HolderName[] = [];
    for (const h of this.holders) {
      const node = index.get(h.address);
      if (node >= 0) holderNames.push({ node, holder: h.holder, name: h.name });
    }
    return {
      header,
      nodeCount,
      edgeCount,
      addresses,
      typeIds: this.typeIds.view(),
      sizes: this.sizes.view(),
      flags: this.flags.view(),
      refcounts: this.refcounts.view(),
      externalRefs: this.externals.view(),
      finalizers: this.finalizers.view(),
      reprIds: this.reprIds.view(),
      weakTargets,
      firstOutEdge,
      edgeTargets,
      edgeLabels: this.edgeLabels.view(),
      hiddenEdgeCounts: this.hidden.view(),
      firstInEdge,
      inEdges,
      edgeSources,
      strings: this.strings,
      index,
      holderNames,
    };
  }
}
