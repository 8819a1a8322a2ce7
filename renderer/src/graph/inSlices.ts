/**
 * Runs `work` over `items` a slice at a time and yields between slices, so work that costs a few
 * hundred milliseconds in all (Cytoscape styling 2,000 elements and measuring their labels) never
 * holds the UI thread much longer than `budgetMs`. The slice size follows the measured cost per
 * item, growing by half at most per slice (a hub node costs more than a leaf, and a busy machine
 * stretches any estimate). Resolves false when `cancelled()` turned true, i.e. a newer graph
 * replaced this one.
 */
export interface SliceOptions {
  /** Resolves when the UI thread may run other tasks (a macrotask, or at once in headless tests). */
  yieldNow: () => Promise<void>;
  budgetMs?: number;
  firstSlice?: number;
  cancelled?: () => boolean;
  now?: () => number;
}

/** What can be sliced: an array, or a Cytoscape collection. */
export interface Sliceable<S extends { length: number }> {
  length: number;
  slice(start: number, end: number): S;
}

export async function inSlices<S extends { length: number }>(items: Sliceable<S>, work: (slice: S) => void, o: SliceOptions): Promise<boolean> {
  const budget = o.budgetMs ?? 12;
  const now = o.now ?? (() => performance.now());
  let size = o.firstSlice ?? 20;
  for (let i = 0; i < items.length; ) {
    if (o.cancelled?.()) return false;
    const t0 = now();
    const slice = items.slice(i, i + size);
    work(slice);
    i += slice.length;
    const perItem = Math.max(1e-3, (now() - t0) / slice.length);
    size = Math.max(1, Math.min(Math.ceil(1.5 * size), Math.floor(budget / perItem)));
    if (i < items.length) await o.yieldNow();
  }
  return !o.cancelled?.();
}

/**
 * A macrotask boundary: lets the browser paint and handle input between slices. A message, not
 * setTimeout(0), which browsers clamp to 4 ms once timers nest.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
