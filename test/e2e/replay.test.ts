/**
 * The collector replayed step by step in Chromium against serve mode: the seed article's
 * two-object cycle (CGcLeakA and CGcLeakB with __del__, their two dicts) opened on its 2.7 dump,
 * replayed from the Graph view under 2.7 rules (held back by move_finalizers, sent to gc.garbage)
 * and under 3.11 rules (finalized and freed), checking the sentence and the colour of each object
 * at every step. Screenshots go to test-results/screenshots/replay-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { openApp, type AppUnderTest } from './serveHarness';

const fixtures = join(import.meta.dirname, 'fixtures');
const shots = 'test-results/screenshots';
let app: AppUnderTest;
let page: Page;

beforeAll(async () => {
  app = await openApp('heapscope-e2e-replay-');
  page = app.page;
});
afterAll(async () => {
  await app?.close();
});

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().textContent()) ?? '';
/** The list of every ringed object, sorted: what the graph colours at this step. */
const lists = async (): Promise<string[]> => (await page.locator('[data-testid=graph-replay] [data-list]').evaluateAll((els) => els.map((e) => e.getAttribute('data-list') ?? ''))).sort();

async function next(): Promise<void> {
  const before = await text('replay-phase');
  await page.getByTestId('replay').press('ArrowRight');
  await expect.poll(() => text('replay-phase')).not.toBe(before);
}

describe('replaying gc.collect() on the article two-cycle', () => {
  it('opens the cycle in the graph', async () => {
    await page.goto(app.serve.url);
    await expect.poll(() => text('status')).toMatch(/heapscope .* \(serve\)/);
    // Serve mode opens the default demo (the article two-cycle on 2.7); the fixture is the same heap.
    // Wait for the shell to know its tabs (the session list can come late on a loaded machine).
    await expect
      .poll(async () => (await page.getByTestId('dump-tab').count()) + (await page.getByTestId('path-input').count()), { timeout: 60_000 })
      .toBeGreaterThan(0);
    if ((await page.getByTestId('dump-tab').count()) === 0) {
      await page.getByTestId('path-input').fill(join(fixtures, 'two-cycle-2.7.jsonl'));
      await page.getByTestId('path-open').click();
    }
    await expect.poll(() => text('verdict-collect'), { timeout: 60_000 }).toBe('4');
    await page.getByTestId('view-cycles').click();
    await page.getByTestId('cycles-filter-fate').selectOption('uncollectable');
    const row = page.locator('[data-testid^=cycle-row-]').filter({ hasText: 'CGcLeakB' }).first();
    await expect.poll(() => row.textContent()).toMatch(/4.*CGcLeak/);
    await row.click();
    await expect.poll(() => text('graph-status'), { timeout: 20_000 }).toMatch(/\d+ objects, \d+ references · layout \d+ ms/);
  });

  it('under 2.7 rules: the __del__ instances are held back and go to gc.garbage with their dicts', async () => {
    await page.getByTestId('replay-toggle').click();
    await expect.poll(() => text('replay-phase')).toBe('update_refs()');
    await expect.poll(lists).toEqual(['young', 'young', 'young', 'young']);
    expect(await text('replay-text')).toMatch(/copies each tracked object's reference count into gc_refs/);
    expect(await page.locator('.replay-badge-text').allTextContents()).toEqual(['1', '1', '1', '1']);

    await next();
    expect(await text('replay-phase')).toBe('subtract_refs()');
    expect(await text('replay-text')).toMatch(/subtracts 1 from gc_refs .*\(4 references here\).*none of them is referenced from outside/);
    expect(await page.locator('.replay-badge-text').allTextContents()).toEqual(['0', '0', '0', '0']);
    expect(await page.locator('.replay-ref').count()).toBe(4);
    await page.screenshot({ path: `${shots}/replay-subtract-refs-2.7.png` });

    await next();
    expect(await text('replay-phase')).toBe('move_unreachable()');
    expect(await lists()).toEqual(['unreachable', 'unreachable', 'unreachable', 'unreachable']);

    await next();
    expect(await text('replay-phase')).toBe('move_finalizers()');
    expect(await text('replay-text')).toMatch(/CGcLeakA .* and CGcLeakB .* are unreachable with __del__/);
    expect(await lists()).toEqual(['legacy_finalizers', 'legacy_finalizers', 'unreachable', 'unreachable']);

    await next();
    expect(await text('replay-phase')).toBe('move_finalizer_reachable()');
    expect(await lists()).toEqual(['legacy_finalizers', 'legacy_finalizers', 'legacy_finalizers', 'legacy_finalizers']);

    await next();
    expect(await text('replay-phase')).toBe('handle_weakrefs()');
    await next();
    expect(await text('replay-phase')).toBe('delete_garbage()');
    await next();
    expect(await text('replay-phase')).toBe('handle_finalizers()');
    expect(await text('replay-text')).toMatch(/to gc\.garbage.*uncollectable.*returns 4 = 4 uncollectable \+ 0 collected/);
    expect(await lists()).toEqual(['garbage', 'garbage', 'legacy_finalizers', 'legacy_finalizers']);
    await page.screenshot({ path: `${shots}/replay-end-2.7.png` });
  });

  it('side by side with 3.11 rules, and replayed under them: finalized, then freed', async () => {
    await page.getByTestId('replay-compare').selectOption('3.9');
    await expect.poll(() => text('replay-text-compare')).toMatch(/handle_legacy_finalizers\(\) has no legacy finalizers/);
    await page.getByTestId('replay-compare').selectOption('');

    await page.getByTestId('view-overview').click();
    await page.getByTestId('rules-3.9').click();
    await expect.poll(() => text('verdict-garbage'), { timeout: 30_000 }).toBe('0');
    await page.getByTestId('view-graph').click();
    await page.getByTestId('replay-toggle').click();
    await expect.poll(() => text('replay-phase')).toBe('update_refs()');
    await page.getByTestId('replay').press('End');
    await expect.poll(() => text('replay-phase')).toBe('handle_legacy_finalizers()');
    expect(await text('replay-text')).toMatch(/returns 4 = 0 uncollectable \+ 4 collected/);
    expect(await lists()).toEqual(['freed', 'freed', 'freed', 'freed']);
    await page.getByTestId('replay').press('ArrowLeft');
    await expect.poll(() => text('replay-phase')).toBe('delete_garbage()');
    expect(await text('replay-text')).toMatch(/tp_clear.*frees/);
    for (let i = 0; i < 2; i++) await page.getByTestId('replay').press('ArrowLeft');
    await expect.poll(() => text('replay-phase')).toBe('finalize_garbage()');
    expect(await text('replay-text')).toMatch(/tp_finalize once .*CGcLeakA .*CGcLeakB/);
    expect(await lists()).toEqual(['unreachable', 'unreachable', 'unreachable', 'unreachable']);
    await page.screenshot({ path: `${shots}/replay-finalize-3.11.png` });
    expect(app.pageErrors).toEqual([]);
  });
});
