import { describe, expect, it } from 'vitest';
import { isScaled, offsetOf, revealOffset, rowTop, scrollModel, scrollTopOf, visibleRows } from '../../../renderer/src/components/explore/scaledScroll';

describe('scaled scrolling', () => {
  const rows = 2_036_319;
  const m = scrollModel(rows, 24, 480);

  it('caps the scroll area below the browser limit and maps its ends to the first and last rows', () => {
    expect(m.spacerHeight).toBe(8_000_000);
    expect(isScaled(m)).toBe(true);
    expect(offsetOf(0, m)).toBe(0);
    expect(offsetOf(m.maxScrollTop, m)).toBe(rows * 24 - 480);
    const last = visibleRows(offsetOf(m.maxScrollTop, m), m, 0);
    expect(last.last).toBe(rows - 1);
    // The last row sits at the bottom edge of the viewport.
    expect(rowTop(rows - 1, m.maxOffset, m.maxScrollTop, m) - m.maxScrollTop).toBe(480 - 24);
  });

  it('maps the scroll bar proportionally, and back', () => {
    const middle = offsetOf(m.maxScrollTop / 2, m);
    expect(Math.floor(middle / 24)).toBe(Math.floor((rows * 24 - 480) / 2 / 24));
    for (const offset of [0, 1234.5, 24 * 1_000_000, m.maxOffset]) expect(offsetOf(scrollTopOf(offset, m), m)).toBeCloseTo(offset, 3);
  });

  it('draws rows at their true spacing relative to the viewport', () => {
    const offset = 24 * 1_500_000 + 10;
    const top = scrollTopOf(offset, m);
    const { first, last } = visibleRows(offset, m, 2);
    expect(first).toBe(1_500_000 - 2);
    expect(last).toBe(1_500_000 + 20 + 2);
    expect(rowTop(1_500_000, offset, top, m) - top).toBeCloseTo(-10, 6);
    expect(rowTop(1_500_001, offset, top, m) - rowTop(1_500_000, offset, top, m)).toBeCloseTo(24, 6);
  });

  it('is the identity below the cap', () => {
    const small = scrollModel(1000, 24, 480);
    expect(isScaled(small)).toBe(false);
    expect(small.spacerHeight).toBe(24_000);
    expect(offsetOf(300, small)).toBe(300);
    expect(scrollTopOf(300, small)).toBe(300);
    expect(rowTop(20, 300, 300, small)).toBe(480);
  });

  it('reveals a row by scrolling as little as possible', () => {
    expect(revealOffset(10, 0, m)).toBe(0);
    expect(revealOffset(30, 0, m)).toBe(31 * 24 - 480);
    expect(revealOffset(5, 24 * 100, m)).toBe(5 * 24);
    expect(revealOffset(rows - 1, 0, m)).toBe(m.maxOffset);
  });

  it('has nothing to show for an empty list', () => {
    const empty = scrollModel(0, 24, 480);
    expect(visibleRows(0, empty)).toEqual({ first: 0, last: -1 });
    expect(offsetOf(100, empty)).toBe(0);
  });
});
