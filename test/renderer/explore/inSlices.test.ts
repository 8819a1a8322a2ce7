import { describe, expect, it } from 'vitest';
import { inSlices } from '../../../renderer/src/graph/inSlices';

describe('inSlices', () => {
  /** A clock where each item of work costs `cost` ms. */
  function run(items: number, cost: (i: number) => number, budgetMs = 20) {
    let clock = 0;
    const slices: number[] = [];
    let yields = 0;
    const done = inSlices(
      Array.from({ length: items }, (_, i) => i),
      (s) => {
        slices.push(s.length);
        for (const i of s) clock += cost(i);
      },
      { budgetMs, now: () => clock, yieldNow: async () => void yields++ },
    );
    return { done, slices, yields: () => yields };
  }

  it('sizes slices to the budget from the measured cost per item, growing by half at most', async () => {
    const r = run(1000, () => 0.125);
    expect(await r.done).toBe(true);
    expect(r.slices.reduce((a, b) => a + b)).toBe(1000);
    expect(r.slices.slice(0, 6)).toEqual([20, 30, 45, 68, 102, 153]);
    expect(Math.max(...r.slices)).toBe(160);
    expect(r.yields()).toBe(r.slices.length - 1);
  });

  it('shrinks slices when items get expensive (a hub among leaves)', async () => {
    const r = run(300, (i) => (i >= 60 ? 2 : 0.125));
    await r.done;
    expect(Math.max(...r.slices.slice(4))).toBeLessThanOrEqual(20);
  });

  it('stops between slices once cancelled', async () => {
    let cancelled = false;
    const seen: number[] = [];
    const ok = await inSlices(
      Array.from({ length: 100 }, (_, i) => i),
      (s) => {
        seen.push(...s);
        cancelled = true;
      },
      { yieldNow: async () => undefined, cancelled: () => cancelled },
    );
    expect(ok).toBe(false);
    expect(seen).toHaveLength(20);
  });
});
