/**
 * Capture from a running process, end to end in Chromium over serve mode: a real CPython 3.11
 * program is listed in the dialog (pid, command, Python, user), Capture attaches with gdb, and
 * the dump opens in a tab whose Overview loads; the program keeps running with its output unchanged.
 * Needs `npm run build` and gdb.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
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
