/**
 * UI responsiveness on a 2M-object dump: serve mode opens the real CPython 3.11 dump of
 * ensureMillionDump, Chromium visits every view, and a PerformanceObserver collects 'longtask'
 * entries (main-thread tasks over 50 ms). Per step it prints how many long tasks ran and the
 * longest, plus the machine's load average (2-core boxes make these numbers noisy) and, when a
 * task was long, the longest animation frame: its rendering share and its longest script. The issue's
 * bar is ≤ 100 ms per task; this prints, it does not assert.
 *
 * Builds the app first (set HEAPSCOPE_BENCH_NO_BUILD=1 to use out/ as it is). With
 * HEAPSCOPE_BENCH_TRACE=1 each step also writes a Chromium trace (tasks, JS samples, paint),
 * bench-results/ui-STEP.trace.json, to open in DevTools' Performance panel.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { BenchContext } from './run';
import { ensureMillionDump } from './fixtures';
import { launchBrowser } from '../e2e/browser';
import { startServe } from '../e2e/serveHarness';

const root = join(import.meta.dirname, '../..');
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

/**
 * The page's globals the functions below use. They run in Chromium (page.evaluate sends their
 * source, so they reach nothing outside their own body); this file compiles without DOM types.
 */
type PageGlobals = { __longTasks?: number[]; __frames?: FrameSummary[]; requestAnimationFrame(cb: () => void): void };
/** A long animation frame: its length, the part spent in style, layout and paint, and its longest script. */
interface FrameSummary {
  ms: number;
  renderMs: number;
  script: string;
}
/** The fields of a PerformanceLongAnimationFrameTiming entry read here (not in this file's DOM-free types). */
interface LoafEntry {
  startTime: number;
  duration: number;
  renderStart: number;
  scripts: { invoker: string; invokerType: string; sourceURL: string; duration: number }[];
}

/** Installed before the app's scripts: every long task's duration, drained per step. */
export function observeLongTasks(): void {
  const w = globalThis as unknown as PageGlobals;
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks?.push(e.duration);
  }).observe({ type: 'longtask' as 'mark', buffered: true });
  // Long animation frames say what a long task was: which script, and how much was rendering.
  w.__frames = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const e = entry as unknown as LoafEntry;
      const top = [...e.scripts].sort((a, b) => b.duration - a.duration)[0];
      const file = top ? top.sourceURL.slice(top.sourceURL.lastIndexOf('/') + 1).replace(/-[\w-]{8}\.js$/, '') : '';
      w.__frames?.push({
        ms: e.duration,
        renderMs: e.renderStart ? e.startTime + e.duration - e.renderStart : 0,
        script: top ? `${top.invokerType} ${top.invoker.slice(0, 40)} in ${file} ${top.duration.toFixed(0)} ms` : 'no script',
      });
    }
  }).observe({ type: 'long-animation-frame' as 'mark', buffered: true });
}

/** The long tasks seen since the last call (none before the app's page has loaded). */
export const drain = (): number[] => (globalThis as unknown as PageGlobals).__longTasks?.splice(0) ?? [];
export const drainFrames = (): FrameSummary[] => (globalThis as unknown as PageGlobals).__frames?.splice(0) ?? [];
/** Resolves after the page's next frame. */
const frame = (): Promise<void> => new Promise<void>((r) => (globalThis as unknown as PageGlobals).requestAnimationFrame(() => r()));

/**
 * Lets the work an action started finish: a frame, `quietMs` of waiting, another frame.
 * (requestIdleCallback would be the natural signal, but headless Chromium may not call it for seconds.)
 */
export async function settle(page: Page, quietMs = 500): Promise<void> {
  await page.evaluate(frame);
  await page.waitForTimeout(quietMs);
  await page.evaluate(frame);
}

export default async function uiBench(ctx: BenchContext): Promise<void> {
  const dump = await ensureMillionDump(ctx.workDir);
  if (!process.env.HEAPSCOPE_BENCH_NO_BUILD) execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' });
  process.env.HEAPSCOPE_DATA_DIR = mkdtempSync(join(tmpdir(), 'heapscope-bench-ui-'));
  const serve = await startServe([dump]);
  const browser = await launchBrowser();
  const trace = Boolean(process.env.HEAPSCOPE_BENCH_TRACE);
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(observeLongTasks);
    const text = async (testId: string): Promise<string> => (await page.getByTestId(testId).first().textContent()) ?? '';
    const poll = async (check: () => Promise<boolean>, what: string, timeoutMs = 300_000): Promise<void> => {
      const end = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > end) throw new Error(`ui bench: timed out waiting for ${what}`);
        await page.waitForTimeout(50);
      }
    };

    console.log(`  load average at start: ${load()}`);
    /** Runs one step and prints its long tasks. */
    const step = async (name: string, action: () => Promise<void>): Promise<void> => {
      await page.evaluate(drain);
      await page.evaluate(drainFrames);
      const file = join(ctx.workDir, `ui-${name.replace(/[^a-z0-9]+/gi, '-')}.trace.json`);
      if (trace) await browser.startTracing(page, { path: file, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'toplevel'] });
      const t0 = Date.now();
      await action();
      await settle(page);
      const wall = Date.now() - t0;
      if (trace) await browser.stopTracing();
      const tasks = await page.evaluate(drain);
      const longest = tasks.length ? Math.max(...tasks) : 0;
      const frame = (await page.evaluate(drainFrames)).sort((a, b) => b.ms - a.ms)[0];
      const what = longest && frame ? `; longest frame ${frame.ms.toFixed(0)} ms: ${frame.renderMs.toFixed(0)} ms rendering, ${frame.script}` : '';
      ctx.report(name, `${tasks.length} long tasks, longest ${longest.toFixed(0)} ms (step ${wall} ms, load ${load()}${what})`);
    };

    await step('open + load progress + Overview', async () => {
      await page.goto(serve.url);
      await poll(async () => (await page.getByTestId('verdict-collect').count()) > 0, 'the overview of the 2M dump', 600_000);
    });
    await step('Objects: first page', async () => {
      await page.getByTestId('view-objects').click();
      await poll(async () => /^[\d,]+ objects$/.test(await text('objects-total')), 'the objects total');
      await poll(async () => (await page.locator('.row .placeholder').count()) === 0 && (await page.locator('.row').count()) > 0, 'the first rows');
    });
    const table = page.getByTestId('objects-table');
    await step('Objects: scroll (40 wheel steps)', async () => {
      await table.hover();
      for (let i = 0; i < 40; i++) {
        await page.mouse.wheel(0, 1500);
        await page.waitForTimeout(30);
      }
      await poll(async () => (await page.locator('.row .placeholder').count()) === 0, 'rows after scrolling');
    });
    await step('Objects: jump to the end (End)', async () => {
      await table.focus();
      await page.keyboard.press('End');
      await poll(async () => (await page.locator('.row.selected').count()) > 0 && (await page.locator('.row .placeholder').count()) === 0, 'the last row');
    });
    await step('Objects: select the first row (Home)', async () => {
      await page.keyboard.press('Home');
      await poll(async () => (await page.locator('.row.selected').count()) > 0 && (await page.getByTestId('inspector-title').count()) > 0, 'the first row selected');
    });
    const graphReady = async (): Promise<boolean> => /layout \d+ ms/.test(await text('graph-status'));
    await step('Graph: selection at depth 2 (Enter)', async () => {
      await page.keyboard.press('Enter');
      await poll(graphReady, 'the graph');
    });
    await step('Graph: depth 6', async () => {
      await page.getByTestId('graph-depth').fill('6');
      await page.waitForTimeout(50);
      await poll(graphReady, 'the graph at depth 6');
    });
    await step('Graph: show more up to 500 objects', async () => {
      for (let i = 0; i < 3 && (await page.getByTestId('graph-show-more').count()) > 0; i++) {
        const before = await text('graph-status');
        if (await page.getByTestId('graph-show-more').isDisabled()) break;
        await page.getByTestId('graph-show-more').click();
        await poll(async () => (await graphReady()) && (await text('graph-status')) !== before, 'more objects');
      }
    });
    ctx.report('graph shown', await text('graph-status'));
    await step('Graph: 6 arrow-key moves', async () => {
      await page.getByTestId('graph-canvas').focus();
      for (const key of ['ArrowRight', 'ArrowDown', 'ArrowDown', 'ArrowLeft', 'ArrowLeft', 'ArrowRight']) {
        await page.keyboard.press(key);
        await page.waitForTimeout(300);
      }
    });
    await step('Cycles', async () => {
      await page.getByTestId('view-cycles').click();
      await poll(async () => (await page.locator('[data-testid^=cycle-row-]').count()) > 0, 'the cycles');
    });
    await step('Cycles: open the largest in the graph', async () => {
      // The Graph view is not mounted on the Cycles tab: the status it shows is the cycle's.
      await page.locator('[data-testid^=cycle-row-]').first().click();
      await poll(async () => (await page.getByTestId('graph-status').count()) > 0 && (await graphReady()), 'the cycle in the graph');
    });
    ctx.report('cycle shown', await text('graph-status'));
    await step('Overview (again)', async () => {
      await page.getByTestId('view-overview').click();
      await poll(async () => (await page.getByTestId('verdict-collect').count()) > 0, 'the overview');
    });
    await step('Objects: break the first referent of the selection (what-if)', async () => {
      await page.getByTestId('view-objects').click();
      await poll(async () => (await page.getByTestId('inspector-referents').locator('[data-testid=break-ref]').count()) > 0, 'a reference to break');
      await page.getByTestId('inspector-referents').locator('[data-testid=break-ref]').first().click();
      await poll(async () => (await page.locator('.row.selected').count()) > 0 || (await page.locator('.row').count()) > 0, 'the table after the edit');
    });
    await step('Edits', async () => {
      await page.getByTestId('view-edits').click();
      await poll(async () => (await page.getByTestId('edits-list').locator('li').count()) === 1, 'the edit list');
    });
    if (errors.length) ctx.report('page errors', errors.join(' | '));
  } finally {
    await browser.close();
    await serve.stop();
  }
}
