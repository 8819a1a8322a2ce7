/**
 * The graph's Cytoscape stylesheet: colour by fate, shape by kind, labels on edges. Colours are the
 * app's one fate palette (fatePalette.ts). Plain data, so tests and exports share it.
 */
import type { StylesheetJson } from 'cytoscape';
import { fatePalette, fateSlugOf } from '../fatePalette';

/** By fate class slug ('freed-by-refcount'): the app's one palette (fatePalette.ts). */
export const fateColours: Record<string, string> = Object.fromEntries(Object.entries(fatePalette).map(([fate, colour]) => [fateSlugOf(fate), colour]));

export const kindShapes: Record<string, string> = {
  instance: 'ellipse',
  dict: 'round-rectangle',
  list: 'rectangle',
  tuple: 'cut-rectangle',
  frame: 'hexagon',
  function: 'diamond',
  type: 'star',
  other: 'barrel',
};

export const graphStyle: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-valign': 'bottom',
      // Below the selection ring (highlight.ts: 5 px outside the node), so the ring never covers it.
      'text-margin-y': 9,
      'font-size': 11,
      // Never wider than a column's gap, so neighbouring labels do not run into each other.
      'text-max-width': '150px',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
      'text-background-padding': '1px',
      // Labels too small to read at the current zoom are not drawn (large neighbourhoods zoomed out).
      'min-zoomed-font-size': 8,
      color: '#222',
      width: 34,
      height: 34,
      'border-width': 1,
      'border-color': '#333',
      'background-color': '#999',
    },
  },
  ...Object.entries(fateColours).map(([fate, colour]) => ({ selector: `node.fate-${fate}`, style: { 'background-color': colour } })),
  ...Object.entries(kindShapes).map(([kind, shape]) => ({ selector: `node.kind-${kind}`, style: { shape } as Record<string, string> })),
  { selector: 'node.centre', style: { width: 46, height: 46, 'border-width': 3 } },
  { selector: 'node.more', style: { 'border-style': 'dashed' } },
  // Folded siblings: a stack, larger, with its count as the label.
  { selector: 'node.group', style: { width: 44, height: 44, 'border-width': 4, 'border-style': 'double', 'font-weight': 'bold' } },
  // Not red: most cycles worth a look are uncollectable, and their nodes are filled red already.
  { selector: 'node.in-cycle', style: { 'border-color': '#111', 'border-width': 5, 'border-style': 'double' } },
  { selector: 'node.cmp-new', style: { 'underlay-color': '#f08c00', 'underlay-opacity': 0.45, 'underlay-padding': 7 } },
  { selector: 'node.cmp-survived', style: { 'underlay-color': '#8895a7', 'underlay-opacity': 0.2, 'underlay-padding': 5 } },
  { selector: 'node.changed', style: { 'underlay-color': '#f2b705', 'underlay-opacity': 0.35, 'underlay-padding': 8 } },
  {
    selector: 'edge',
    style: {
      label: 'data(label)',
      // Readable or not drawn: at fit zoom a large graph's labels would be 7 px smudges.
      'font-size': 11,
      'min-zoomed-font-size': 9,
      color: '#444',
      'text-background-color': '#fff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1',
      // Straight, not bundled bezier: applying 'bezier' makes Cytoscape re-bound every parallel
      // edge of the element's endpoints, quadratic around a hub (a list with 400 shown referents).
      'curve-style': 'straight',
      'target-arrow-shape': 'triangle',
      width: 1.5,
      'line-color': '#888',
      'target-arrow-color': '#888',
    },
  },
  // Edges sharing both endpoints (a ↔ b, a loop) are bundled so each stays visible.
  { selector: 'edge.bundled', style: { 'curve-style': 'bezier' } },
  { selector: 'edge.hidden-ref', style: { 'line-style': 'dotted' } },
  { selector: 'edge.in-cycle', style: { 'line-color': '#111', 'target-arrow-color': '#111', width: 2.5 } },
];
