/**
 * The one fate palette of the app: the graph's node fill, the fate badges, the Overview's bars and
 * the legend all take their colours from here (main.ts writes them as CSS variables, graph/style.ts
 * reads them directly), so a colour means the same fate everywhere. Leaks are red, resurrected
 * objects purple, the two ways of being freed two greens of different hue, alive blue.
 */
import type { FateName } from '../../shared/exploreApi';

export const fateOrderForLegend: FateName[] = ['alive', 'freed by refcount', 'collected', 'resurrected', 'uncollectable'];

export const fatePalette: Record<FateName, string> = {
  alive: '#5b8def',
  'freed by refcount': '#1f9e89',
  collected: '#5aae3c',
  uncollectable: '#d64545',
  resurrected: '#9b59b6',
};

/** What each fate means, for the legend's tooltips. */
export const fateMeaning: Record<FateName, string> = {
  alive: 'reachable from a root: nothing frees it',
  'freed by refcount': 'freed by reference counting as soon as its last reference goes',
  collected: 'garbage in a cycle that gc.collect() frees',
  uncollectable: 'a leak: garbage the collector can never free (gc.garbage or kept by it)',
  resurrected: 'its finalizer made it reachable again',
};

/** "freed by refcount" → "freed-by-refcount": the CSS class and variable suffix of a fate. */
export function fateSlugOf(fate: string): string {
  return fate.replace(/\s+/g, '-');
}

/** Writes the palette as CSS variables (`--fate-alive`…) on an element (the document root). */
export function applyFatePalette(root: { style: { setProperty(name: string, value: string): void } }): void {
  for (const [fate, colour] of Object.entries(fatePalette)) root.style.setProperty(`--fate-${fateSlugOf(fate)}`, colour);
}
