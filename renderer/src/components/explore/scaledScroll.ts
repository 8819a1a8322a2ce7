/**
 * Row mapping for a list taller than a browser lets an element be: Chromium caps heights near
 * 33.5M px, and 2M rows of 24 px need 48M. The scroll area is at most `maxHeight` tall and the
 * scroll bar is scaled: `offset` is the position in the full list (content pixels), `scrollTop`
 * the scroll bar's, proportional to it. Rows are drawn at their true spacing relative to the
 * viewport, so dragging the bar one pixel may move several rows while the wheel and the keys move
 * by content pixels. Below the cap the two coincide. Pure functions; useScaledScroll binds them.
 */
export interface ScrollModel {
  total: number;
  rowHeight: number;
  /** Visible height of the scroll area. */
  viewport: number;
  /** Height of the spacer inside the scroll area (≤ maxHeight). */
  spacerHeight: number;
  /** Largest offset (content pixels) and largest scrollTop. */
  maxOffset: number;
  maxScrollTop: number;
}

/** Well below every engine's cap (Chromium ~33.5M px, Firefox ~17.9M px). */
export const defaultMaxHeight = 8_000_000;

export function scrollModel(total: number, rowHeight: number, viewport: number, maxHeight = defaultMaxHeight): ScrollModel {
  const content = Math.max(0, total) * rowHeight;
  const spacerHeight = Math.min(content, maxHeight);
  return { total: Math.max(0, total), rowHeight, viewport, spacerHeight, maxOffset: Math.max(0, content - viewport), maxScrollTop: Math.max(0, spacerHeight - viewport) };
}

export function isScaled(m: ScrollModel): boolean {
  return m.maxOffset > m.maxScrollTop;
}

export function clampOffset(offset: number, m: ScrollModel): number {
  return Math.min(m.maxOffset, Math.max(0, offset));
}

export function offsetOf(scrollTop: number, m: ScrollModel): number {
  if (!isScaled(m)) return clampOffset(scrollTop, m);
  return m.maxScrollTop <= 0 ? 0 : clampOffset((scrollTop / m.maxScrollTop) * m.maxOffset, m);
}

export function scrollTopOf(offset: number, m: ScrollModel): number {
  if (!isScaled(m)) return clampOffset(offset, m);
  return m.maxOffset <= 0 ? 0 : (clampOffset(offset, m) / m.maxOffset) * m.maxScrollTop;
}

/** Rows to render at `offset`: the visible ones plus `overscan` on each side (inclusive bounds; last < first when empty). */
export function visibleRows(offset: number, m: ScrollModel, overscan = 8): { first: number; last: number } {
  if (m.total === 0) return { first: 0, last: -1 };
  const top = Math.floor(clampOffset(offset, m) / m.rowHeight);
  const bottom = Math.ceil((clampOffset(offset, m) + m.viewport) / m.rowHeight) - 1;
  return { first: Math.max(0, top - overscan), last: Math.min(m.total - 1, bottom + overscan) };
}

/** Where row `index` goes inside the spacer, given the bar at `scrollTop` and the list at `offset`. */
export function rowTop(index: number, offset: number, scrollTop: number, m: ScrollModel): number {
  return scrollTop + index * m.rowHeight - offset;
}

/** The nearest offset at which row `index` is fully visible (unchanged when it already is). */
export function revealOffset(index: number, offset: number, m: ScrollModel): number {
  const top = index * m.rowHeight;
  if (top < offset) return clampOffset(top, m);
  if (top + m.rowHeight > offset + m.viewport) return clampOffset(top + m.rowHeight - m.viewport, m);
  return offset;
}
