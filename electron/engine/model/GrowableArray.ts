/**
 * Append-only typed arrays that double their capacity, for building graphs whose size is not
 * known up front (a streamed dump). `view()` returns the filled part without copying.
 */
type TypedArrayCtor<T> = { new (length: number): T };
type AnyTyped = Float64Array | Uint32Array | Int32Array | Uint8Array;

export class Growable<T extends AnyTyped> {
  private data: T;
  length = 0;

  constructor(
    private readonly ctor: TypedArrayCtor<T>,
    initialCapacity = 1024,
  ) {
    this.data = new ctor(Math.max(16, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.data.length) this.grow(this.length * 2);
    this.data[this.length++] = value;
  }

  get(i: number): number {
    return this.data[i];
  }

  private grow(capacity: number): void {
    const next = new this.ctor(capacity);
    (next as Float64Array).set(this.data as Float64Array);
    this.data = next;
  }

  /** The filled prefix. Shares memory with the builder, so stop pushing once you call it. */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}
