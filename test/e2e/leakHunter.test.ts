/**
 * The app as a leak hunter uses it, in Chromium against serve mode on the 2.7 two-cycle demo:
 * leaks first in Cycles, one fate legend, a depth field that cannot break the graph, ranked cuts,
 * Back and Forward (buttons, Alt+←, the browser's own Back) with the Objects filters kept, one
 * tab per file, the app icon. Fails on any console error, failed request or HTTP error response.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { join } from 'node:path';
import { openApp, type AppUnderTest, type ServeProcess } from './serveHarness';

const fixtures = join(import.meta.dirname, 'fixtures');
const shots = 'test-results/screenshots';
let app: AppUnderTest;
let serve: ServeProcess;
let page: Page;
const failures: string[] = [];

beforeAll(async () => {
  app = await openApp('heapscope-e2e-hunter-');
  ({ serve, page } = app);
  page.on('requestfailed', (r) => failures.push(`failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('response', (r) => void (r.status() >= 400 && failures.push(`${r.status()}: ${r.url()}`)));
});
afterAll(async () => {
  await app?.close();
});

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().textContent()) ?? '';

describe('hunting the leak of the 2.7 two-object cycle', () => {
  it('loads with the app icon and without a single failed request', async () => {
    await page.goto(serve.url);
    await expect.poll(() => text('verdict-collect'), { timeout: 30_000 }).toBe('4');
    expect(await text('verdict-leak')).toMatch(/LEAK: 4 objects can never be freed/);
    const icon = await page.locator('link[rel=icon][type="image/svg+xml"]').getAttribute('href');
    const res = await page.request.get(new URL(icon ?? '', serve.url).href);
    expect([res.status(), res.headers()['content-type']]).toEqual([200, 'image/svg+xml']);
    expect((await page.request.get(new URL('icon.png', serve.url).href)).status()).toBe(200);
    expect(failures).toEqual([]);
  });

  it('lists the leak first in Cycles, with the fate legend', async () => {
    await page.getByTestId('view-cycles').click();
    const first = page.getByTestId('cycle-row-0');
    await expect.poll(() => first.textContent()).toMatch(/CGcLeak/);
    expect(await first.textContent()).toContain('uncollectable');
    expect(await text('cycles-total')).toMatch(/leaks first/);
    expect(await page.getByTestId('fate-legend').locator('li').allTextContents()).toEqual(['alive', 'freed by refcount', 'collected', 'resurrected', 'uncollectable (leak)']);
    await page.screenshot({ path: `${shots}/hunter-cycles.png` });
  });

  it('keeps the graph valid whatever is typed in the depth field', async () => {
    await page.getByTestId('cycle-row-0').click();
    await expect.poll(() => text('graph-status'), { timeout: 20_000 }).toMatch(/layout \d+ ms/);
    const depth = page.getByTestId('graph-depth');
    await depth.fill('9');
    await expect.poll(() => depth.inputValue()).toBe('6');
    await depth.fill('');
    expect(await text('graph-depth-hint')).toBe('a whole number from 0 to 6');
    await page.getByTestId('graph-canvas').click({ position: { x: 5, y: 5 } });
    await expect.poll(() => depth.inputValue()).toBe('6');
    await expect.poll(() => text('graph-status'), { timeout: 20_000 }).toMatch(/layout \d+ ms/);
    expect(await page.locator('.graph-view [role=alert]').count()).toBe(0);
    expect(await page.getByTestId('fate-legend').count()).toBe(1);
    await depth.fill('2');
  });

  it('ranks the references to break by what code can do', async () => {
    await page.getByTestId('view-objects').click();
    await page.getByTestId('objects-filter-text').fill('CGcLeakB');
    const instance = page.locator('[data-testid^=object-row-]').filter({ hasText: 'uncollectable' }).first();
    await expect.poll(() => instance.textContent()).toMatch(/CGcLeakB/);
    await instance.click();
    await page.getByTestId('find-cuts').click();
    await expect.poll(() => page.getByTestId('cut-suggestion').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('cuts').locator('h4').textContent()).toMatch(/References to break/);
    const actions = await page.getByTestId('cut-suggestion').locator('.action').allTextContents();
    expect(actions[0]).toBe('attribute');
    expect(actions.indexOf('internal') === -1 || actions.indexOf('internal') > actions.lastIndexOf('attribute')).toBe(true);
    await page.screenshot({ path: `${shots}/hunter-cuts.png` });
  });

  it('goes back and forward (Alt+←, the buttons, the browser) and keeps the Objects filters', async () => {
    const start = await text('inspector-title');
    // Follow _b's __dict__ from the inspector: the text filter hides it, and the notice says so.
    await page.getByTestId('inspector-referents').locator('li[data-label="__dict__"] button.link').click();
    await expect.poll(() => text('inspector-title')).toMatch(/dict/);
    await expect.poll(() => text('objects-filters-dropped')).toMatch(/Filters cleared to show 0x[0-9a-f]+, which they hid \(text “CGcLeakB”\)/);
    await page.getByTestId('view-graph').click();
    await expect.poll(() => page.getByTestId('view-graph').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => page.getByTestId('view-objects').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => text('inspector-title')).toMatch(/dict/);
    // One more step back: _b again, with the filter it was found by.
    await page.getByTestId('nav-back').click();
    await expect.poll(() => text('inspector-title')).toBe(start);
    expect(await page.getByTestId('objects-filter-text').inputValue()).toBe('CGcLeakB');
    // The browser's own Back stays in the app.
    await page.goBack();
    await expect.poll(() => page.url()).toContain(serve.url.split('?')[0]);
    await expect.poll(() => page.getByTestId('view-cycles').getAttribute('aria-selected').catch(() => null)).not.toBeNull();
    expect(await page.getByTestId('dump-tab').count()).toBe(1);
    await page.getByTestId('nav-forward').click();
    await expect.poll(() => page.getByTestId('view-objects').getAttribute('aria-selected')).toBe('true');
    await page.screenshot({ path: `${shots}/hunter-history.png` });
  });

  it('opens a file already open in its own tab, not a second one', async () => {
    const path = join(fixtures, 'two-cycle-2.7.jsonl');
    for (let i = 0; i < 2; i++) {
      await page.getByTestId('open-dialog').click();
      await page.getByRole('dialog').getByTestId('path-input').fill(path);
      await page.getByRole('dialog').getByTestId('path-open').click();
      await expect.poll(() => page.getByTestId('verdict-collect').textContent(), { timeout: 30_000 }).toBe('4');
    }
    expect(await page.getByTestId('dump-tab').count()).toBe(2);
  });

  it('logged no error and failed no request all along', () => {
    expect(app.pageErrors).toEqual([]);
    expect(app.consoleMessages.filter((m) => m.type === 'error')).toEqual([]);
    expect(failures).toEqual([]);
  });
});
