/** Starts the built serve mode (out/main/cli.js) on a random port, and the app in Chromium on it, for end-to-end tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser';

const root = join(import.meta.dirname, '../..');

export interface ServeProcess {
  url: string;
  origin: string;
  token: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export async function startServe(args: string[] = []): Promise<ServeProcess> {
  const cli = join(root, 'out/main/cli.js');
  if (!existsSync(cli)) throw new Error('out/main/cli.js is missing: run `npm run build` first (npm test does)');
  const child = spawn(process.execPath, [cli, 'serve', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve mode did not print its URL within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /https?:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve mode exited with ${code}:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token') ?? '',
    child,
    // SIGTERM lets serve mode close its workers; a server that has not gone after 5 s is killed,
    // so a test run never leaves a server behind.
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Serve mode plus a Chromium page on it, with the page's errors and console messages collected. */
export interface AppUnderTest {
  serve: ServeProcess;
  browser: Browser;
  page: Page;
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  consoleMessages: { type: string; text: string }[];
  close(): Promise<void>;
}

/**
 * Starts serve mode on the default demo with a fresh data folder (so no saved edit history leaks
 * between runs), and opens a 1400×900 page. Call `page.goto(app.serve.url)` to load the app.
 */
export async function openApp(dataDirPrefix: string, pageOptions: { acceptDownloads?: boolean } = {}): Promise<AppUnderTest> {
  process.env.HEAPSCOPE_DATA_DIR = mkdtempSync(join(tmpdir(), dataDirPrefix));
  const serve = await startServe(['--demo', 'default']);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, ...pageOptions });
  const pageErrors: string[] = [];
  const consoleMessages: { type: string; text: string }[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => consoleMessages.push({ type: m.type(), text: m.text() }));
  mkdirSync('test-results/screenshots', { recursive: true });
  return {
    serve,
    browser,
    page,
    pageErrors,
    consoleMessages,
    close: async () => {
      await browser.close();
      await serve.stop();
    },
  };
}
