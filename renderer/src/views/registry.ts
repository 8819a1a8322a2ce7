/**
 * The views of one open dump, shown as tabs in the app shell (App.vue) in this order. Registration
 * is data: a view joins the shell by appending one entry here, nothing else changes. The explore
 * views (Objects, Graph, Cycles, Edits) append theirs below Overview.
 *
 * Components are loaded lazily so a view's weight (Cytoscape for the graph) is paid when first shown.
 */
import { defineAsyncComponent, type Component } from 'vue';

export interface ViewEntry {
  /** Stable id used by the navigation store: `go('objects', address)`. */
  id: string;
  /** Tab label. */
  label: string;
  component: Component;
}

export const views: ViewEntry[] = [
  { id: 'overview', label: 'Overview', component: defineAsyncComponent(() => import('./OverviewView.vue')) },
  { id: 'objects', label: 'Objects', component: defineAsyncComponent(() => import('./ObjectsView.vue')) },
  { id: 'graph', label: 'Graph', component: defineAsyncComponent(() => import('./GraphView.vue')) },
  { id: 'cycles', label: 'Cycles', component: defineAsyncComponent(() => import('./CyclesView.vue')) },
  { id: 'edits', label: 'Edits', component: defineAsyncComponent(() => import('./EditsView.vue')) },
];

export function findView(id: string): ViewEntry | undefined {
  return views.find((v) => v.id === id);
}
