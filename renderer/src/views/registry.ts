/**
 * The views of one open dump, shown as tabs in the app shell (App.vue) in this order. Registration
 * is data: a view joins the shell by appending one entry here, nothing else changes. The explore
 * views (Objects, Graph, Cycles, Edits) append theirs below Overview.
 *
 * Components are loaded lazily so a view's weight (Cytoscape and dagre for the graph) is paid when
 * first shown, never at page start; until then the shell shows a loading line (after a short delay,
 * so a fast load does not flash it), and the reason if the view's code cannot be loaded.
 */
import { defineAsyncComponent, h, type Component } from 'vue';
import ViewStatus from '../components/ViewStatus.vue';

export interface ViewEntry {
  /** Stable id used by the navigation store: `go('objects', address)`. */
  id: string;
  /** Tab label. */
  label: string;
  component: Component;
}

export function lazyView(label: string, loader: () => Promise<Component | { default: Component }>): Component {
  return defineAsyncComponent({
    loader,
    loadingComponent: { render: () => h(ViewStatus, { label }) },
    errorComponent: { props: ['error'], render: (self: { error: Error }) => h(ViewStatus, { label, error: self.error }) },
    delay: 150,
  });
}

export const views: ViewEntry[] = [
  { id: 'overview', label: 'Overview', component: lazyView('Overview', () => import('./OverviewView.vue')) },
  { id: 'objects', label: 'Objects', component: lazyView('Objects', () => import('./ObjectsView.vue')) },
  { id: 'graph', label: 'Graph', component: lazyView('Graph', () => import('./GraphView.vue')) },
  { id: 'cycles', label: 'Cycles', component: lazyView('Cycles', () => import('./CyclesView.vue')) },
  { id: 'edits', label: 'Edits', component: lazyView('Edits', () => import('./EditsView.vue')) },
  { id: 'classes', label: 'Classes', component: lazyView('Classes', () => import('./ClassSummaryView.vue')) },
  { id: 'dominators', label: 'Dominator tree', component: lazyView('Dominator tree', () => import('./DominatorTreeView.vue')) },
  { id: 'paths', label: 'Merged paths', component: lazyView('Merged paths', () => import('./MergedPathsView.vue')) },
  { id: 'compare', label: 'Compare', component: lazyView('Compare', () => import('./ComparisonView.vue')) },
];

export function findView(id: string): ViewEntry | undefined {
  return views.find((v) => v.id === id);
}
