/**
 * Comparing dumps end to end, in Chromium against serve mode: a real CPython 3.11 program grows
 * cache['k'] by 25 Leak objects per step amid noise and dumps after each step
 * (test/python/compare-programs/growth.py); the app opens two of its dumps, "Compare with…" on the
 * later one picks the earlier as baseline, the Compare view shows 25 new Leak objects and their leak
 * signature, and a new object opens in the Graph view, marked as new. Then the baseline as a FILE:
 * a path typed into the picker (a copy of the first dump, so it really loads) opens in a tab beside
 * and the comparison runs against it; a path that does not exist says so. Screenshots:
 * test-results/screenshots/compare.png, compare-file.png (the picker with a typed path).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp, type AppUnderTest } from './serveHarness';
import { interpreter } from '../python/interpreters';

const py = interpreter('3.11');
const root = join(import.meta.dirname, '../..');
let app: AppUnderTest;
let page: Page;
let files: string[] = [];

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().textContent()) ?? '';

describe.skipIf(!py)('comparing two dumps of one process', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-e2e-compare-'));
    const out = execFileSync(py!.path, [join(root, 'test/python/compare-programs/growth.py'), join(root, 'electron/engine/formats/heapscope'), join(dir, 'step'), '25', '2'], { encoding: 'utf8' });
    files = (JSON.parse(out) as { files: string[] }).files;
    copyFileSync(files[0], join(dir, 'baseline-copy.jsonl'));
    app = await openApp('heapscope-e2e-compare-');
    page = app.page;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  async function openPath(path: string): Promise<void> {
    await page.getByTestId('open-dialog').click();
    await page.getByTestId('path-input').last().fill(path);
    await page.getByTestId('path-open').last().click();
  }

  it('opens both dumps and compares the later one with the earlier', async () => {
    await page.goto(app.serve.url);
    await expect.poll(() => text('status')).toMatch(/heapscope .* \(serve\)/);
    const before = await page.getByTestId('dump-tab').count();
    await openPath(files[0]);
    await expect.poll(() => page.getByTestId('dump-tab').count(), { timeout: 30_000 }).toBe(before + 1);
    await openPath(files[1]);
    await expect.poll(() => page.getByTestId('dump-tab').count(), { timeout: 30_000 }).toBe(before + 2);
    const target = page.getByTestId('dump-tab').filter({ hasText: 'step-1.jsonl' });
    await expect.poll(() => target.getByTestId('compare-with').count(), { timeout: 30_000 }).toBe(1);
    await target.getByTestId('compare-with').click();
    await expect.poll(() => page.getByTestId('comparison-view').count()).toBe(1);
    const base = page.getByTestId('compare-base');
    await expect.poll(() => base.locator('option', { hasText: 'step-0.jsonl' }).count(), { timeout: 30_000 }).toBe(1);
    await base.selectOption({ label: 'step-0.jsonl' });
    await page.getByTestId('compare-run').click();
    await expect.poll(() => text('compare-identity'), { timeout: 60_000 }).toMatch(/Identity: \d+ exact/);
    const leakRow = page.getByTestId('compare-type-row').filter({ hasText: '__main__.Leak' });
    expect(await leakRow.locator('td').allTextContents()).toEqual(['__main__.Leak', '25', '50', '25', '0', '+25', expect.stringMatching(/^\+/), expect.stringMatching(/^\+/)]);
    const noise = page.getByTestId('compare-type-row').filter({ hasText: '__main__.Noise' });
    expect((await noise.locator('td').allTextContents()).slice(3, 6)).toEqual(['40', '40', '0']);
  });

  it('opens a leak signature and shows one of its new objects in the graph', async () => {
    const leak = page.getByTestId('compare-leak').filter({ hasText: "module __main__ .cache ['k'] [*] → __main__.Leak" });
    expect(await leak.textContent()).toContain('25 ×');
    await leak.locator('button.leak').click();
    const objects = page.getByTestId('compare-leak-objects');
    await expect.poll(() => objects.locator('li').count(), { timeout: 30_000 }).toBe(25);
    expect(await objects.locator('li').first().textContent()).toContain('exact');
    await page.screenshot({ path: 'test-results/screenshots/compare.png' });
    await objects.locator('li button.link').first().click();
    await expect.poll(() => page.locator('[data-testid="view-graph"][aria-selected="true"]').count()).toBe(1);
    await expect.poll(() => text('graph-compare-legend'), { timeout: 30_000 }).toContain('against step-0.jsonl: orange = new');
    expect(app.pageErrors).toEqual([]);
  });

  it('compares with a baseline file named by path, opened in a tab beside', async () => {
    const target = page.getByTestId('dump-tab').filter({ hasText: 'step-1.jsonl' });
    await target.click();
    await page.getByTestId('view-compare').click();
    await page.getByTestId('compare-again').click();
    const tabs = await page.getByTestId('dump-tab').count();
    await page.getByTestId('compare-base').selectOption({ label: 'a file…' });
    const dir = files[0].replace(/[\\/][^\\/]*$/, '');
    await page.getByTestId('compare-baseline-path').fill(join(dir, 'missing.jsonl'));
    await page.getByTestId('compare-run').click();
    await expect.poll(() => text('compare-error'), { timeout: 30_000 }).toMatch(/^The baseline dump missing\.jsonl could not be opened: .*missing\.jsonl: no such file$/);
    await page.getByTestId('compare-baseline-path').fill(join(dir, 'baseline-copy.jsonl'));
    await page.screenshot({ path: 'test-results/screenshots/compare-file.png' });
    await page.getByTestId('compare-run').click();
    await expect.poll(() => text('compare-roles'), { timeout: 60_000 }).toContain('Baseline baseline-copy.jsonl, target step-1.jsonl (this tab)');
    expect(await page.getByTestId('compare-error').count()).toBe(0);
    const leakRow = page.getByTestId('compare-type-row').filter({ hasText: '__main__.Leak' });
    expect((await leakRow.locator('td').allTextContents()).slice(0, 6)).toEqual(['__main__.Leak', '25', '50', '25', '0', '+25']);
    expect(await page.getByTestId('dump-tab').count()).toBe(tabs + 1);
    expect(await page.getByTestId('dump-tab').filter({ hasText: 'baseline-copy.jsonl' }).count()).toBe(1);
    expect(await target.getAttribute('aria-selected')).toBe('true');
    expect(app.pageErrors).toEqual([]);
  });
});
