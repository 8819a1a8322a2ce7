/**
 * ContentHasher: the sha-256 of a plain dump, computed on a second thread from the very buffers
 * the file is read into, so hashing (~0.16 s per 250 MB here, 8% of a load) leaves the loading
 * thread. The file is read once: chunks go into a ring of shared slots; the hashing thread
 * follows the reader and frees each slot for the next read. Hashing is ~10x faster than parsing,
 * so the reader almost never waits for it.
 *
 * Protocol (Int32 control words in shared memory): SUBMITTED counts chunks handed over (their
 * lengths in LENGTHS[chunk % slots]), HASHED counts chunks done; END = 1 says no more will come,
 * then the worker posts the hex digest. A worker that dies mid-way makes digest() reject; the
 * caller then hashes the file again on its own thread (see byteSource).
 */
import { roomForThread } from '../model/allocate.js';
import { Worker } from 'node:worker_threads';

const SUBMITTED = 0;
const HASHED = 1;
const END = 2;
const LENGTHS = 3;
/** The reader wakes the hashing thread once per this many chunks. */
const WAKE_EVERY = 4;

// Plain CommonJS run with eval (like Prefaulter): no file of its own to locate in a build.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { control, slots } = workerData;
const ctl = new Int32Array(control);
const views = slots.map((s) => new Uint8Array(s));
const hash = createHash('sha256');
let done = 0;
for (;;) {
  const submitted = Atomics.load(ctl, ${SUBMITTED});
  if (done < submitted) {
    const k = done % views.length;
    hash.update(views[k].subarray(0, ctl[${LENGTHS} + k]));
    done++;
    Atomics.store(ctl, ${HASHED}, done);
    Atomics.notify(ctl, ${HASHED});
    continue;
  }
  if (Atomics.load(ctl, ${END}) === 1) break;
  Atomics.wait(ctl, ${SUBMITTED}, submitted, 1000);
}
parentPort.postMessage(hash.digest('hex'));
`;

export class ContentHasher {
  /** Buffers to read chunk k into: slots[k % slots.length]. */
  private readonly slots: Buffer[];
  private readonly ctl: Int32Array;
  private submitted = 0;
  private readonly result: Promise<string>;
  private failed = false;

  private constructor(
    private readonly worker: Worker,
    control: SharedArrayBuffer,
    slots: SharedArrayBuffer[],
  ) {
    this.ctl = new Int32Array(control);
    this.slots = slots.map((s) => Buffer.from(s));
    this.result = new Promise((resolve, reject) => {
      worker.once('message', (hex: string) => resolve(hex));
      worker.once('error', (e) => {
        this.failed = true;
        reject(e);
      });
      worker.once('exit', () => {
        this.failed = true;
        reject(new Error('the hashing thread stopped'));
      });
    });
    // Until digest() is asked for, a failure is only recorded.
    this.result.catch(() => undefined);
  }

  /** A hasher with `count` slots of `slotBytes`, or undefined where no thread can be started. */
  static start(slotBytes: number, count = 2 * WAKE_EVERY): ContentHasher | undefined {
    // Under a tight address-space limit a new thread would abort the process (model/allocate.ts).
    if (!roomForThread()) return undefined;
    try {
      const control = new SharedArrayBuffer((LENGTHS + count) * 4);
      const slots = Array.from({ length: count }, () => new SharedArrayBuffer(slotBytes));
      const worker = new Worker(SOURCE, { eval: true, workerData: { control, slots } });
      worker.unref();
      return new ContentHasher(worker, control, slots);
    } catch {
      return undefined;
    }
  }

  /** The slot chunk number `chunk` is to be read into, once the hasher is done with its old content. */
  slotFor(chunk: number): Buffer {
    const n = this.slots.length;
    // Wait in short steps, so a dead worker cannot block the reader for good.
    while (!this.failed && Atomics.load(this.ctl, HASHED) <= chunk - n) {
      Atomics.notify(this.ctl, SUBMITTED);
      Atomics.wait(this.ctl, HASHED, Atomics.load(this.ctl, HASHED), 50);
    }
    return this.slots[chunk % n];
  }

  /** Hands over the next chunk, `length` bytes in its slot. */
  submit(length: number): void {
    const k = this.submitted % this.slots.length;
    this.ctl[LENGTHS + k] = length;
    this.submitted++;
    Atomics.store(this.ctl, SUBMITTED, this.submitted);
    // Waking the thread costs a system call (~0.2 ms here): wake it for every fourth chunk only;
    // slotFor() wakes it too before it would ever wait for it.
    if (this.submitted % WAKE_EVERY === 0) Atomics.notify(this.ctl, SUBMITTED);
  }

  /** The hex digest of every chunk submitted; rejects if the thread failed. */
  digest(): Promise<string> {
    Atomics.store(this.ctl, END, 1);
    Atomics.notify(this.ctl, SUBMITTED);
    // Unref'd so far (a load never keeps a process alive); awaiting it must, though.
    this.worker.ref();
    return this.result;
  }

  stop(): void {
    void this.worker.terminate();
  }
}
