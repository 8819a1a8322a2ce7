import { describe, expect, it } from 'vitest';
import { usePagedRows } from '../../../renderer/src/components/explore/usePagedRows';
import { isUndoKey } from '../../../renderer/src/components/explore/useEditShortcuts';

function source(total: number) {
  const calls: number[] = [];
  const fetch = async (start: number, count: number) => {
    calls.push(start);
    const rows = Array.from({ length: Math.max(0, Math.min(count, total - start)) }, (_, i) => start + i);
    return { rows, total };
  };
  return { calls, fetch };
}

describe('usePagedRows', () => {
  it('fetches only the pages of the visible range, once each', async () => {
    const s = source(2_000_000);
    const rows = usePagedRows(s.fetch, 100);
    rows.ensure(0, 40);
    rows.ensure(10, 50);
    await rows.idle();
    expect(s.calls).toEqual([0]);
    expect(rows.total.value).toBe(2_000_000);
    expect(rows.row(42)).toBe(42);
    rows.ensure(1_500_050, 1_500_120);
    await rows.idle();
    expect(s.calls).toEqual([0, 1_500_000, 1_500_100]);
    expect(rows.row(1_500_120)).toBe(1_500_120);
    expect(rows.row(700)).toBeUndefined();
  });

  it('keeps at most maxPages pages, dropping the least recently used', async () => {
    const s = source(10_000);
    const rows = usePagedRows(s.fetch, 10, 3);
    for (const p of [0, 1, 2]) rows.ensure(p * 10, p * 10);
    await rows.idle();
    rows.ensure(0, 0);
    rows.ensure(30, 30);
    await rows.idle();
    expect(rows.row(0)).toBe(0);
    expect(rows.row(10)).toBeUndefined();
    expect(rows.row(30)).toBe(30);
  });

  it('ignores answers that arrive after a reset (a new sort or filter)', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const rows = usePagedRows(async (start) => {
      await gate;
      return { rows: [start === 0 ? 'stale' : 'x'], total: 1 };
    }, 10);
    rows.ensure(0, 5);
    rows.reset();
    release();
    await gate;
    await Promise.resolve();
    expect(rows.row(0)).toBeUndefined();
    expect(rows.total.value).toBe(-1);
  });
});

describe('isUndoKey', () => {
  it('maps Ctrl+Z to undo and Ctrl+Shift+Z / Ctrl+Y to redo', () => {
    expect(isUndoKey({ key: 'z', ctrlKey: true, metaKey: false, shiftKey: false })).toBe('undo');
    expect(isUndoKey({ key: 'Z', ctrlKey: true, metaKey: false, shiftKey: true })).toBe('redo');
    expect(isUndoKey({ key: 'y', ctrlKey: false, metaKey: true, shiftKey: false })).toBe('redo');
    expect(isUndoKey({ key: 'z', ctrlKey: false, metaKey: false, shiftKey: false })).toBeNull();
  });
});
