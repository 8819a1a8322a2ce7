/**
 * Capture from a running process, end to end in Chromium over serve mode: a real CPython 3.11
 * program is listed in the dialog (pid, command, Python, user), Capture attaches with gdb, and
 * the dump opens in a tab whose Overview loads; the program keeps running with its output unchanged.
 * Then a series of three a second apart: the progress says dump k of 3, and the app lands in the
 * Comparison view of dump 2 (target) against dump 1 (baseline) and dump 3 (final), saying so.
 * Screenshots: test-results/screenshots/capture-series-dialog.png, capture-series.png. Needs `npm run build` and gdb.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { launchBrowser } from './browser';
import { startServe, type ServeProcess } from './serveHarness';
import { startTarget, type Target } from '../capture/targets';
import { interpreter } from '../python/interpreters';

let serve: ServeProcess;
let browser: Browser;
let target: Target;
const dataDir = mkdtempSync(join(tmpdir(), 'heapscope-e2e-capture-'));

beforeAll(async () => {
  const py = interpreter('3.11');
  if (!py) throw new Error('CPython 3.11 is missing');
  target = await startTarget(py.path, 'sleep');
  process.env.HEAPSCOPE_DATA_DIR = dataDir; // serve mode writes its captures under it
  serve = await startServe();
  browser = await launchBrowser();
});
afterAll(async () => {
  target?.stop();
  await browser?.close();
  await serve?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('lists the running Python, captures it and opens the dump in a tab', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(serve.url);
  await page.getByTestId('capture-dialog-open').click();
  const pid = target.child.pid ?? 0;
  const row = page.getByTestId(`capture-row-${pid}`);
  await row.waitFor({ timeout: 20_000 });
  const cells = await row.locator('td').allTextContents();
  expect(cells.slice(0, 4).map((c) => c.trim())).toEqual([String(pid), expect.stringMatching(/target\.py sleep$/), '3.11', userInfo().username]);
  await page.getByTestId(`capture-${pid}`).click();
  await page.getByTestId('overview').waitFor({ timeout: 60_000 });
  expect(await page.getByTestId('dump-tab').first().textContent()).toContain(`heapscope-${pid}-`);
  expect(await page.getByTestId('capture-dialog').count()).toBe(0);
  expect(target.stdout()).toBe('ready\n');
  expect(target.stderr()).toBe('');
  expect(errors).toEqual([]);
});

it('captures a series of three and lands in the Comparison view of them', async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(serve.url);
  const pid = target.child.pid ?? 0;
  await expect.poll(() => page.getByTestId('dump-tab').count(), { timeout: 30_000 }).toBe(1); // the first test's capture
  await page.getByTestId('capture-dialog-open').click();
  await page.getByTestId(`capture-row-${pid}`).waitFor({ timeout: 20_000 });
  await page.getByTestId('capture-series').check();
  await page.getByTestId('capture-every').fill('1');
  await page.getByTestId('capture-count').fill('3');
  await page.getByTestId(`capture-${pid}`).click();
  mkdirSync('test-results/screenshots', { recursive: true });
  await page.getByTestId('capture-dump').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screenshots/capture-series-dialog.png' });
  const progress: string[] = [];
  // Record what the progress line says until the dialog closes (the series is done).
  await expect
    .poll(
      async () => {
        const line = page.getByTestId('capture-dump');
        if (await line.count()) progress.push((await line.textContent().catch(() => '')) ?? '');
        return page.getByTestId('capture-dialog').count();
      },
      { timeout: 180_000, interval: 100 },
    )
    .toBe(0);
  expect(progress.some((p) => p.startsWith('Dump 2 of 3'))).toBe(true);
  await expect.poll(() => page.getByTestId('dump-tab').count(), { timeout: 60_000 }).toBe(4);
  const roles = page.getByTestId('compare-roles');
  await roles.waitFor({ timeout: 120_000 });
  expect(await roles.textContent()).toMatch(new RegExp(`Baseline heapscope-${pid}-\\w+-1\\.jsonl\\.gz, target heapscope-${pid}-\\w+-2\\.jsonl\\.gz \\(this tab\\), final heapscope-${pid}-\\w+-3\\.jsonl\\.gz`));
  expect(await page.getByTestId('compare-origin').textContent()).toBe(`A captured series of 3 dumps of process ${pid}: dump 1 is the baseline, dump 2 the target, dump 3 the final dump (memlab's baseline / target / final).`);
  expect(await page.getByTestId('compare-identity').textContent()).toMatch(/Identity: \d+ exact/);
  expect(await page.locator('[data-testid="view-compare"][aria-selected="true"]').count()).toBe(1);
  expect(await page.locator('[data-testid="dump-tab"][aria-selected="true"]').textContent()).toMatch(/-2\.jsonl\.gz/);
  await page.screenshot({ path: 'test-results/screenshots/capture-series.png' });
  expect(target.stdout()).toBe('ready\n');
  expect(errors).toEqual([]);
}, 300_000);
