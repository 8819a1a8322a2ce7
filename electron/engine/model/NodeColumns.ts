/**
 * NodeColumns: objects and their references as plain columns in shared memory, the form a scan
 * thread fills (formats/heapscope/parallel/) and HeapGraphBuilder.appendColumns() takes in. Same
 * two intake methods as the builder (NodeSink), so ObjectFields.commit() writes to either. String
 * ids in here belong to the scanning thread's own StringTable; the merge remaps them.
 *
 * Columns live in SharedArrayBuffers so one set can be reused batch after batch by a worker and
 * read by the loading thread without a copy; `buffers()` / `fromBuffers()` pass them by message.
 */
import { allocate, count } from './allocate.js';

export interface NodeSink {
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
  ): number;
  addEdge(address: number, labelId: number): void;
}

/** The SharedArrayBuffers of one NodeColumns, in a fixed order (see COLUMNS). */
export interface ColumnBuffers {
  nodes: SharedArrayBuffer[];
  edges: SharedArrayBuffer[];
  nodeCap: number;
  edgeCap: number;
}

type Column = Float64Array | Uint32Array | Uint8Array;
type ColumnType = { new (buffer: SharedArrayBuffer): Column; BYTES_PER_ELEMENT: number };

/** Node columns in order: address, typeId, size, flags, refcount, external, finalizer, reprId, weak, hidden, edgeStart. */
const NODE_TYPES: ColumnType[] = [Float64Array, Uint32Array, Float64Array, Uint8Array, Float64Array, Float64Array, Uint8Array, Uint32Array, Float64Array, Uint32Array, Uint32Array];
const EDGE_TYPES: ColumnType[] = [Float64Array, Uint32Array];

export class NodeColumns implements NodeSink {
  count = 0;
  edgeCount = 0;
  private nodeCap: number;
  private edgeCap: number;
  address!: Float64Array;
  typeId!: Uint32Array;
  size!: Float64Array;
  flags!: Uint8Array;
  refcount!: Float64Array;
  external!: Float64Array;
  finalizer!: Uint8Array;
  reprId!: Uint32Array;
  /** Weakref target address, 0 for none. */
  weak!: Float64Array;
  hidden!: Uint32Array;
  /** First edge of node i, relative to this batch; edgeStart[count] is written by seal(). */
  edgeStart!: Uint32Array;
  edgeAddr!: Float64Array;
  edgeLabel!: Uint32Array;

  constructor(nodeCap = 16_384, edgeCap = nodeCap * 3, from?: ColumnBuffers) {
    this.nodeCap = from?.nodeCap ?? nodeCap;
    this.edgeCap = from?.edgeCap ?? edgeCap;
    this.attach(from?.nodes ?? NODE_TYPES.map((T, i) => new SharedArrayBuffer((this.nodeCap + (i === 10 ? 1 : 0)) * T.BYTES_PER_ELEMENT)), from?.edges ?? EDGE_TYPES.map((T) => new SharedArrayBuffer(this.edgeCap * T.BYTES_PER_ELEMENT)));
  }

  static fromBuffers(b: ColumnBuffers): NodeColumns {
    return new NodeColumns(0, 0, b);
  }

  buffers(): ColumnBuffers {
    const b = (a: Column): SharedArrayBuffer => a.buffer as SharedArrayBuffer;
    return {
      nodes: [this.address, this.typeId, this.size, this.flags, this.refcount, this.external, this.finalizer, this.reprId, this.weak, this.hidden, this.edgeStart].map(b),
      edges: [this.edgeAddr, this.edgeLabel].map(b),
      nodeCap: this.nodeCap,
      edgeCap: this.edgeCap,
    };
  }

  /** Empties the columns for the next batch (the memory stays mapped). */
  reset(): void {
    this.count = 0;
    this.edgeCount = 0;
  }

  /** Closes the last node's edge range. */
  seal(): void {
    this.edgeStart[this.count] = this.edgeCount;
  }

  addNodeFields(address: number, typeId: number, size: number, flags: number, refcount: number, external: number, finalizer: number, reprId: number, weakTarget: number, hiddenEdges: number): number {
    const i = this.count;
    if (i === this.nodeCap) this.grow(this.nodeCap * 2, this.edgeCap);
    this.address[i] = address;
    this.typeId[i] = typeId;
    this.size[i] = size;
    this.flags[i] = flags;
    this.refcount[i] = refcount;
    this.external[i] = external;
    // Reused memory: every column is written, zeros too.
    this.finalizer[i] = finalizer;
    this.reprId[i] = reprId;
    this.weak[i] = weakTarget;
    this.hidden[i] = hiddenEdges;
    this.edgeStart[i] = this.edgeCount;
    this.count = i + 1;
    return i;
  }

  addEdge(address: number, labelId: number): void {
    const e = this.edgeCount;
    if (e === this.edgeCap) this.grow(this.nodeCap, this.edgeCap * 2);
    this.edgeAddr[e] = address;
    this.edgeLabel[e] = labelId;
    this.edgeCount = e + 1;
  }

  private grow(nodeCap: number, edgeCap: number): void {
    const old = this.buffers();
    const copy = (from: SharedArrayBuffer, T: ColumnType, length: number): SharedArrayBuffer => {
      if (from.byteLength === length * T.BYTES_PER_ELEMENT) return from;
      const to = allocate(() => `a batch's columns for ${count(nodeCap)} objects and ${count(edgeCap)} references`, length * T.BYTES_PER_ELEMENT, () => new SharedArrayBuffer(length * T.BYTES_PER_ELEMENT));
      new Uint8Array(to).set(new Uint8Array(from));
      return to;
    };
    this.nodeCap = nodeCap;
    this.edgeCap = edgeCap;
    this.attach(
      old.nodes.map((b, i) => copy(b, NODE_TYPES[i], nodeCap + (i === 10 ? 1 : 0))),
      old.edges.map((b, i) => copy(b, EDGE_TYPES[i], edgeCap)),
    );
  }

  private attach(nodes: SharedArrayBuffer[], edges: SharedArrayBuffer[]): void {
    this.address = new Float64Array(nodes[0]);
    this.typeId = new Uint32Array(nodes[1]);
    this.size = new Float64Array(nodes[2]);
    this.flags = new Uint8Array(nodes[3]);
    this.refcount = new Float64Array(nodes[4]);
    this.external = new Float64Array(nodes[5]);
    this.finalizer = new Uint8Array(nodes[6]);
    this.reprId = new Uint32Array(nodes[7]);
    this.weak = new Float64Array(nodes[8]);
    this.hidden = new Uint32Array(nodes[9]);
    this.edgeStart = new Uint32Array(nodes[10]);
    this.edgeAddr = new Float64Array(edges[0]);
    this.edgeLabel = new Uint32Array(edges[1]);
  }
}
