/**
 * Exploring and editing end to end, in Chromium against serve mode: open the article's two-object
 * cycle under 2.7 rules (4 unreachable, 2 in gc.garbage), find `_b` (the CGcLeakB instance) in the
 * Objects table, find its cycle in the Cycles view and see it in the Graph, break `_b._a` from the
 * inspector, see both instances and their dicts freed by reference counting, undo with Ctrl+Z and
 * see the verdict restored. Then: an object linked from the Overview is scrolled to in the Objects
 * table, a type bar filters the table, and the arrow keys walk references in the graph.
 * Screenshots go to test-results/screenshots/explore-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApp, type AppUnderTest, type ServeProcess } from './serveHarness';

const fixtures = join(import.meta.dirname, 'fixtures');
const shots = 'test-results/screenshots';
let app: AppUnderTest;
let serve: ServeProcess;
let page: Page;

beforeAll(async () => {
  app = await openApp('heapscope-e2e-explore-', { acceptDownloads: true });
  ({ serve, page } = app);
});
afterAll(async () => {
  await app?.close();
});

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().textContent()) ?? '';

describe('exploring and editing the two-object cycle (2.7 rules)', () => {
  it('opens the dump: gc.collect() finds 4 unreachable objects, gc.garbage holds 2', async () => {
    await page.goto(serve.url);
    await expect.poll(() => text('status')).toMatch(/heapscope .* \(serve\)/);
    // Wait for the shell to know its tabs (the session list can come late on a loaded machine).
    await expect
      .poll(async () => (await page.getByTestId('dump-tab').count()) + (await page.getByTestId('path-input').count()), { timeout: 60_000 })
      .toBeGreaterThan(0);
    if ((await page.getByTestId('dump-tab').count()) === 0) {
      await page.getByTestId('path-input').fill(join(fixtures, 'two-cycle-2.7.jsonl'));
      await page.getByTestId('path-open').click();
    }
    await expect.poll(() => text('verdict-collect'), { timeout: 60_000 }).toBe('4');
    expect(await text('verdict-garbage')).toBe('2');
  });

  it('finds _b, the CGcLeakB instance, in the Objects table and inspects it', async () => {
    await page.getByTestId('view-objects').click();
    await expect.poll(() => text('objects-total')).toMatch(/\d+ objects/);
    await page.getByTestId('objects-filter-text').fill('CGcLeakB');
    await expect.poll(() => text('objects-total')).toMatch(/^\d objects$/);
    const instance = page.locator('[data-testid^=object-row-]').filter({ hasText: 'uncollectable' }).first();
    await expect.poll(() => instance.textContent()).toMatch(/CGcLeakB/);
    await instance.click();
    await expect.poll(() => text('inspector-title')).toMatch(/CGcLeakB|_b/);
    expect(await text('inspector-fate')).toBe('uncollectable');
    expect(await text('inspector-explanation')).toMatch(/gc\.garbage/);
    expect(await text('inspector-cycle')).toMatch(/4 objects/);
    // "Which references must I break?": single references of the cycle, each checked by simulation.
    await page.getByTestId('find-cuts').click();
    await expect.poll(() => page.getByTestId('cut-suggestion').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('cut-suggestion').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/_a.*frees 4 objects/)]));
    await page.screenshot({ path: `${shots}/explore-objects.png` });
  });

  it('finds the cycle in the Cycles view and shows it in the graph', async () => {
    await page.getByTestId('view-cycles').click();
    await page.getByTestId('cycles-filter-fate').selectOption('uncollectable');
    const row = page.locator('[data-testid^=cycle-row-]').filter({ hasText: 'CGcLeakB' }).first();
    await expect.poll(() => row.textContent()).toMatch(/4.*CGcLeak/);
    expect(await row.textContent()).toContain('uncollectable');
    await page.screenshot({ path: `${shots}/explore-cycles.png` });
    await row.click();
    await expect.poll(() => text('graph-status'), { timeout: 20_000 }).toMatch(/\d+ objects, \d+ references · layout \d+ ms/);
    const status = await text('graph-status');
    expect(Number(/(\d+) objects/.exec(status)?.[1])).toBeGreaterThanOrEqual(4);
    // Laid out by the worker: the strict CSP (worker-src 'self') lets the app's own worker run.
    expect(await page.getByTestId('graph-layout-fallback').count()).toBe(0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}/explore-graph-cycle.png` });
    // Export the whole graph: a PNG image and an SVG document.
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('graph-export-png').click()]);
    expect(png.suggestedFilename()).toBe('heapscope-graph.png');
    const image = readFileSync((await png.path())!);
    expect(image.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(image.length).toBeGreaterThan(2000);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('graph-export-svg').click()]);
    expect(svg.suggestedFilename()).toBe('heapscope-graph.svg');
    const doc = readFileSync((await svg.path())!, 'utf8');
    expect(doc).toMatch(/<svg[\s\S]*CGcLeak/);
  });

  it('breaks _b._a from the inspector: both instances and their dicts are freed by reference counting', async () => {
    await page.getByTestId('view-objects').click();
    await page.getByTestId('objects-filter-text').fill('CGcLeakB');
    const instance = page.locator('[data-testid^=object-row-]').filter({ hasText: 'uncollectable' }).first();
    await expect.poll(() => instance.textContent()).toMatch(/CGcLeakB/);
    await instance.click();
    // _b's attributes live in its __dict__ (2.7): open the dict, then break its ['_a'] entry.
    await page.getByTestId('inspector-referents').locator('li[data-label="__dict__"] button.link').click();
    await expect.poll(() => text('inspector-title')).toMatch(/dict/);
    await page.getByTestId('inspector-referents').locator(`li[data-label="['_a']"]`).getByTestId('break-ref').click();
    await expect.poll(() => text('inspector-fate')).toBe('freed by refcount');
    // What the edit did shows where it was made, too.
    await expect.poll(() => page.getByTestId('inspector').getByTestId('delta-summary').textContent()).toMatch(/frees 4 objects .* by reference counting/);
    await page.getByTestId('view-edits').click();
    await expect.poll(() => text('delta-summary')).toMatch(/frees 4 objects \(\d+ B\) by reference counting/);
    expect(await text('edits-verdict')).toMatch(/would return 0; gc\.garbage would hold 0/);
    expect(await page.getByTestId('edits-list').locator('li').count()).toBe(1);
    await page.screenshot({ path: `${shots}/explore-edits-after-break.png` });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report').click()]);
    expect(download.suggestedFilename()).toMatch(/\.report\.md$/);
    const report = readFileSync((await download.path())!, 'utf8');
    expect(report).toMatch(/Before edits: `gc\.collect\(\)` returns 4; `gc\.garbage` holds 2/);
    expect(report).toMatch(/1\. Breaking .*_a frees 4 objects/);
    // Said once, not "Breaking _b._a: Breaking _b._a frees …".
    expect(report).not.toMatch(/1\. Breaking .*_a: Breaking/);
    // The edit list, in the format saved histories use: one drop-ref edit.
    const [listed] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-edits').click()]);
    expect(listed.suggestedFilename()).toMatch(/\.json$/);
    expect(readFileSync((await listed.path())!, 'utf8')).toMatch(/"drop-ref"/);
    await page.getByTestId('view-graph').click();
    await expect.poll(() => text('graph-status'), { timeout: 20_000 }).toMatch(/layout \d+ ms/);
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${shots}/explore-graph-after-break.png` });
    await page.getByTestId('view-overview').click();
    await expect.poll(() => text('verdict-collect')).toBe('0');
    // The overview after the edit is the current one: not marked as being updated any more.
    await expect.poll(() => page.getByTestId('overview-updating').count()).toBe(0);
    expect(await page.getByTestId('overview').locator('.grid').getAttribute('aria-busy')).toBe('false');
  });

  it('undoes with Ctrl+Z and the verdict is restored to 4 / 2', async () => {
    await page.getByTestId('view-edits').click();
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => text('edits-verdict')).toMatch(/would return 4; gc\.garbage would hold 2/);
    expect(await page.getByTestId('edits-list').locator('li').count()).toBe(0);
    await page.screenshot({ path: `${shots}/explore-after-undo.png` });
    await page.getByTestId('view-overview').click();
    await expect.poll(() => text('verdict-collect')).toBe('4');
    expect(await text('verdict-garbage')).toBe('2');
    expect(app.pageErrors).toEqual([]);
    expect(app.consoleMessages.filter((m) => m.type === 'error' && /Content Security Policy|Refused/.test(m.text))).toEqual([]);
  });

  it('jumps from an object in the Overview to its row in the Objects table', async () => {
    await page.getByTestId('view-overview').click();
    const link = page.getByTestId('pin-row').first().getByTestId('object-link');
    const type = (await link.locator('.type').textContent()) ?? '';
    expect(type).toMatch(/CGcLeak[AB]/);
    await link.click();
    const selected = page.locator('.row.selected');
    await expect.poll(() => selected.textContent(), { timeout: 20_000 }).toContain(type);
    await expect.poll(() => text('inspector-title')).toContain(type);
    // The row was not on the first page of the table (largest retained first): the table scrolled to it.
    const index = Number((await selected.getAttribute('data-testid'))?.replace('object-row-', ''));
    expect(index).toBeGreaterThan(40);
    const table = (await page.getByTestId('objects-table').boundingBox())!;
    const row = (await selected.boundingBox())!;
    expect(row.y).toBeGreaterThanOrEqual(table.y);
    expect(row.y + row.height).toBeLessThanOrEqual(table.y + table.height);
    await page.screenshot({ path: `${shots}/explore-overview-to-row.png` });
  });

  it('filters the Objects table by a type bar of the Overview', async () => {
    await page.getByTestId('view-overview').click();
    const bar = page.getByTestId('types-by-count').getByTestId('type-bar').first();
    const count = ((await bar.locator('.value').textContent()) ?? '').trim();
    await bar.click();
    await expect.poll(() => text('objects-total')).toBe(`${count} objects`);
    const filterType = await page.getByTestId('objects-filter-type').inputValue();
    expect(filterType).not.toBe('');
    expect(await page.locator('.row .type').first().textContent()).toBe(filterType);
    await page.getByTestId('objects-filter-type').selectOption('');
  });

  it('walks references in the graph with the arrow keys', async () => {
    await page.getByTestId('view-objects').click();
    await page.getByTestId('objects-filter-text').fill('CGcLeakB');
    const instance = page.locator('[data-testid^=object-row-]').filter({ hasText: 'uncollectable' }).first();
    await expect.poll(() => instance.textContent()).toMatch(/CGcLeakB/);
    await instance.click();
    await page.keyboard.press('Enter');
    await expect.poll(() => text('graph-status'), { timeout: 20_000 }).toMatch(/layout \d+ ms/);
    const start = await text('inspector-title');
    expect(start).toMatch(/CGcLeakB|_b/);
    // The graph takes the keyboard on arrival: → follows a reference, which Break then names.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => text('inspector-title')).not.toBe(start);
    await expect.poll(() => page.getByTestId('graph-break').isEnabled()).toBe(true);
    expect(await text('graph-break')).toMatch(/^\s*Break \S+/);
    await page.screenshot({ path: `${shots}/explore-graph-keyboard.png` });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('graph-break').isEnabled()).toBe(false);
    const referent = await text('inspector-title');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => text('inspector-title')).not.toBe(referent);
    expect(app.pageErrors).toEqual([]);
  });

  it('still draws the graph when the layout worker cannot load (laid out on the UI thread)', async () => {
    const other = await app.browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    other.on('pageerror', (e) => errors.push(e.message));
    // As if the worker's script were refused or missing (a file:// page, a broken install).
    await other.route(/layoutWorker-[\w-]+\.js/, (route) => route.abort());
    await other.goto(serve.url);
    await other.getByTestId('view-objects').click();
    await other.getByTestId('objects-filter-text').fill('CGcLeakB');
    const instance = other.locator('[data-testid^=object-row-]').filter({ hasText: 'uncollectable' }).first();
    await expect.poll(() => instance.textContent(), { timeout: 20_000 }).toMatch(/CGcLeakB/);
    await instance.click();
    await other.keyboard.press('Enter');
    const status = async (): Promise<string> => (await other.getByTestId('graph-status').textContent()) ?? '';
    await expect.poll(status, { timeout: 20_000 }).toMatch(/\d+ objects, \d+ references · layout \d+ ms \(on the UI thread\)/);
    expect(await other.getByTestId('graph-layout-fallback').getAttribute('title')).toMatch(/layout worker/);
    await other.waitForTimeout(300);
    await other.screenshot({ path: `${shots}/explore-graph-no-worker.png` });
    expect(errors).toEqual([]);
    await other.close();
  });
});
