/**
 * From the Overview's leak suspect to the owner's merged paths, in Chromium against serve mode: a
 * real CPython 3.11 dump of the logging handler that keeps 11 error records with their tracebacks
 * (test/python/leak-programs/handler_tracebacks.py). The Suspects panel says what the suspects
 * retain beside the collector's verdict; "Merged paths" shows the records' one path; "Owner in
 * Objects" selects the list. Screenshots: test-results/screenshots/suspects-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp, type AppUnderTest, type ServeProcess } from './serveHarness';
import { interpreter } from '../python/interpreters';

const root = join(import.meta.dirname, '../..');
const shots = 'test-results/screenshots';
const dump = join(mkdtempSync(join(tmpdir(), 'heapscope-e2e-suspects-')), 'handler-3.11.jsonl');
let app: AppUnderTest;
let serve: ServeProcess;
let page: Page;

beforeAll(async () => {
  const py = interpreter('3.11');
  if (!py) throw new Error('CPython 3.11 is required (pyenv)');
  execFileSync(py.path, [join(root, 'electron/engine/formats/heapscope/heapscope_dump.py'), 'run', join(root, 'test/python/leak-programs/handler_tracebacks.py'), '--out', dump]);
  app = await openApp('heapscope-e2e-suspects-');
  ({ serve, page } = app);
});
afterAll(async () => {
  await app?.close();
});

const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().textContent()) ?? '';

describe('leak suspects in the app', () => {
  it('shows the suspect at the top of the Overview beside the verdict', async () => {
    await page.goto(serve.url);
    await expect.poll(() => text('status')).toMatch(/heapscope .* \(serve\)/);
    await page.getByTestId('open-dialog').click();
    await page.getByRole('dialog').getByTestId('path-input').fill(dump);
    await page.getByRole('dialog').getByTestId('path-open').click();
    await expect.poll(() => text('suspects-sentence'), { timeout: 60_000 }).toMatch(/^nothing is uncollectable; 1 leak suspect retains/);
    expect(await text('verdict-collect')).toMatch(/^\d+$/);
    const suspect = page.getByTestId('suspect').first();
    expect(await suspect.textContent()).toContain("sys.modules['__main__'].recent.records");
    expect(await suspect.textContent()).toContain('11 × logging.LogRecord');
    await page.screenshot({ path: `${shots}/suspects-overview.png` });
  });

  it('leads from the suspect to the merged paths of what it holds', async () => {
    await page.getByTestId('suspect-paths').first().click();
    await expect.poll(() => page.getByTestId('view-paths').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => text('paths-branch'), { timeout: 30_000 }).toMatch(/^.*11 × logging\.LogRecord ← list\[\*\] ← __main__\.RecentErrorsHandler\.records ← module __main__\.recent ← sys\.modules\['__main__'\]/);
    await page.screenshot({ path: `${shots}/suspects-merged-paths.png` });
  });

  it('leads from the suspect to its owner in the Objects view', async () => {
    await page.getByTestId('view-overview').click();
    await page.getByTestId('suspect-objects').first().click();
    await expect.poll(() => page.getByTestId('view-objects').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => text('inspector-title'), { timeout: 30_000 }).toMatch(/list/);
    await expect.poll(() => page.getByTestId('retainer-row').count()).toBeGreaterThan(0);
    expect(await text('retainer-row')).toContain('.records');
    await page.screenshot({ path: `${shots}/suspects-owner.png` });
  });
});
