/**
 * SpareBuffers: arrays whose pages are already in memory (prefaulted ones, see Prefaulter.ts),
 * handed out to finish() and AddressIndex.build() as zeroed arrays instead of fresh memory, which
 * is slow to fault in. Without spares they allocate as usual.
 */
export class SpareBuffers {
  private readonly free: { buffer: ArrayBufferLike; bytes: number }[] = [];

  /** Offers `view`'s bytes; the caller must not use the view afterwards. */
  add(view: ArrayBufferView): void {
    if (view.byteOffset === 0 && view.byteLength >= 1 << 20 && (view.buffer as ArrayBuffer).byteLength !== undefined) this.free.push({ buffer: view.buffer, bytes: view.byteLength });
  }

  uint32(length: number): Uint32Array {
    const b = this.take(length * 4);
    return b ? new Uint32Array(b, 0, length).fill(0) : new Uint32Array(length);
  }

  float64(length: number): Float64Array {
    const b = this.take(length * 8);
    return b ? new Float64Array(b, 0, length).fill(0) : new Float64Array(length);
  }

  /** The smallest spare buffer that holds `bytes`, removed from the pool. */
  private take(bytes: number): ArrayBufferLike | undefined {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const f = this.free[i];
      if (f.bytes >= bytes && (best < 0 || f.bytes < this.free[best].bytes)) best = i;
    }
    if (best < 0) return undefined;
    return this.free.splice(best, 1)[0].buffer;
  }
}
