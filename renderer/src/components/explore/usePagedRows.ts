/**
 * Paged rows for a virtualized list: rows are fetched a page at a time, only for the range the
 * list shows, and at most `maxPages` pages are kept (least recently used go first), so scrolling
 * through millions of rows holds a few thousand. `reset()` (new sort, filter or edit) drops every
 * page and ignores answers still in flight.
 */
import { ref, type Ref } from 'vue';

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface PagedRows<T> {
  total: Ref<number>;
  loading: Ref<boolean>;
  error: Ref<string | null>;
  /** The row at `index`, or undefined while its page loads (reading it subscribes to arrivals). */
  row(index: number): T | undefined;
  /** Makes sure rows first..last are loaded or loading. */
  ensure(first: number, last: number): void;
  reset(): void;
  /** Resolves when every requested page has arrived. */
  idle(): Promise<void>;
}

export function usePagedRows<T>(fetchPage: (start: number, count: number) => Promise<Page<T>>, pageSize = 100, maxPages = 40): PagedRows<T> {
  const total = ref(-1);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const tick = ref(0);
  let pages = new Map<number, T[]>();
  let inFlight = new Map<number, Promise<void>>();
  let generation = 0;

  function load(p: number): void {
    if (pages.has(p) || inFlight.has(p)) {
      const hit = pages.get(p);
      if (hit) {
        pages.delete(p);
        pages.set(p, hit);
      }
      return;
    }
    const gen = generation;
    loading.value = true;
    const promise = fetchPage(p * pageSize, pageSize)
      .then((page) => {
        if (gen !== generation) return;
        pages.set(p, page.rows);
        while (pages.size > maxPages) pages.delete(pages.keys().next().value as number);
        total.value = page.total;
        error.value = null;
        tick.value++;
      })
      .catch((e: unknown) => {
        if (gen === generation) error.value = e instanceof Error ? e.message : String(e);
      })
      .finally(() => {
        if (gen !== generation) return;
        inFlight.delete(p);
        loading.value = inFlight.size > 0;
      });
    inFlight.set(p, promise);
  }

  return {
    total,
    loading,
    error,
    row(index) {
      void tick.value;
      return pages.get(Math.floor(index / pageSize))?.[index % pageSize];
    },
    ensure(first, last) {
      const lo = Math.max(0, Math.floor(first / pageSize));
      const hi = Math.max(lo, Math.floor(Math.max(first, last) / pageSize));
      for (let p = lo; p <= hi; p++) if (total.value < 0 || p * pageSize < total.value) load(p);
    },
    reset() {
      generation++;
      pages = new Map();
      inFlight = new Map();
      loading.value = false;
      total.value = -1;
      tick.value++;
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight.values()]);
    },
  };
}
