/**
 * UI responsiveness of the leak views on the 2M-object dump (issue 13: no UI-thread task over
 * 100 ms while suspects and merged paths are shown): serve mode opens the dump of
 * ensureMillionDump, Chromium shows the Overview with its Suspects panel, the top suspect's merged
 * paths, the Classes view (and its top type expanded), the Dominator tree (top node expanded) and
 * the inspector's retainers tree. Per step: long tasks (> 50 ms) and the longest. Prints, never
 * asserts. Uses out/ as built (run `npm run build` first).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from './run';
import { ensureMillionDump } from './fixtures';
import { launchBrowser } from '../e2e/browser';
import { startServe } from '../e2e/serveHarness';
import { drain, drainFrames, observeLongTasks, settle } from './ui.bench';

export default async function suspectsUiBench(ctx: BenchContext): Promise<void> {
  const dump = await ensureMillionDump(ctx.workDir);
  process.env.HEAPSCOPE_DATA_DIR = mkdtempSync(join(tmpdir(), 'heapscope-bench-suspects-ui-'));
  const serve = await startServe([dump]);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(observeLongTasks);
    const poll = async (check: () => Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> => {
      const end = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > end) throw new Error(`suspects-ui bench: timed out waiting for ${what}`);
        await page.waitForTimeout(50);
      }
    };
    const count = (testId: string): Promise<number> => page.getByTestId(testId).count();
    const step = async (name: string, action: () => Promise<void>): Promise<void> => {
      await page.evaluate(drain);
      await page.evaluate(drainFrames);
      const t0 = Date.now();
      await action();
      await settle(page);
      const tasks = await page.evaluate(drain);
      const frame = (await page.evaluate(drainFrames)).sort((a, b) => b.ms - a.ms)[0];
      const what = tasks.length && frame ? `; longest frame ${frame.ms.toFixed(0)} ms: ${frame.renderMs.toFixed(0)} ms rendering, ${frame.script}` : '';
      ctx.report(name, `${tasks.length} long tasks, longest ${(tasks.length ? Math.max(...tasks) : 0).toFixed(0)} ms (step ${Date.now() - t0} ms${what})`);
    };
    await step('open + Overview with the Suspects panel', async () => {
      await page.goto(serve.url);
      await poll(async () => (await count('suspects-sentence')) > 0, 'the suspects of the 2M dump', 600_000);
    });
    ctx.report('headline', (await page.getByTestId('suspects-sentence').textContent()) ?? '');
    await step('Merged paths of the top suspect', async () => {
      await page.getByTestId('suspect-paths').first().click();
      await poll(async () => (await count('paths-branch')) > 0, 'the merged paths');
    });
    await step('Classes', async () => {
      await page.getByTestId('view-classes').click();
      await poll(async () => (await count('class-row')) > 0, 'the class summary');
    });
    await step('Classes: expand the top type', async () => {
      await page.getByTestId('class-row').first().locator('.twisty').click();
      await poll(async () => (await count('class-instance')) > 0, 'the instances');
    });
    await step('Dominator tree: top and its first node expanded', async () => {
      await page.getByTestId('view-dominators').click();
      await poll(async () => (await count('dominator-row')) > 0, 'the dominator tree');
      const before = await count('dominator-row');
      await page.getByTestId('dominator-row').first().locator('.twisty').click();
      await poll(async () => (await count('dominator-row')) > before, 'the children');
    });
    await step('Owner of the top suspect in Objects, with its retainers', async () => {
      await page.getByTestId('view-overview').click();
      await page.getByTestId('suspect-objects').first().click();
      await poll(async () => (await count('retainer-row')) > 0, 'the retainers tree');
    });
  } finally {
    await browser.close();
    await serve.stop();
  }
}
