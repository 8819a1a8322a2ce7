/**
 * The same end-to-end flow through the real Electron app, driven by Playwright's Electron support:
 * `npm start`'s default (the article's two-cycle on 2.7) shows 4 unreachable / 2 garbage, and the
 * window is locked down. Runs only where an Electron binary is installed: on machines that cannot
 * download it (like these CI boxes) the serve-mode tests in app.test.ts cover the flow and
 * test/host/electronMain.test.ts covers main's wiring with electron mocked. Where there is no
 * binary, `npm start` itself is tested instead: one sentence saying why, then the served UI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '../..');

function electronBinary(): string | undefined {
  try {
    const dir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const binary = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8'));
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();

if (!binary) {
  describe('npm start without an Electron binary', () => {
    it('says why in one sentence and serves the app on 127.0.0.1 with its token', async () => {
      const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
        cwd: root,
        env: { ...process.env, HEAPSCOPE_SKIP_BUILD: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      try {
        await expect.poll(() => /https?:\/\/127\.0\.0\.1:\d+\/\?token=\w+/.exec(output)?.[0], { timeout: 60_000 }).toBeTruthy();
        const sentences = output.split('\n').filter((l) => l.includes('the Electron app could not start'));
        expect(sentences).toHaveLength(1);
        expect(sentences[0]).toMatch(/served in your browser instead\.$/);
        const url = /https?:\/\/127\.0\.0\.1:\d+\/\?token=\w+/.exec(output)![0];
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('<div id="app">');
        expect((await fetch(new URL(url).origin + '/')).status).toBe(403);
      } finally {
        child.kill('SIGTERM');
      }
    });
  });
}

if (binary) describe('the Electron app (Playwright)', () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    app = await _electron.launch({ executablePath: binary!, args: [root, '--demo=default'], cwd: root });
    page = await app.firstWindow();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('opens the article two-cycle and reads 4 unreachable / 2 garbage', async () => {
    await expect.poll(() => page.getByTestId('verdict-collect').textContent(), { timeout: 60_000 }).toBe('4');
    expect(await page.getByTestId('verdict-garbage').textContent()).toBe('2');
    await page.getByTestId('rules-3.9').click();
    await expect.poll(() => page.getByTestId('verdict-garbage').textContent()).toBe('0');
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-results/screenshots/electron-overview.png' });
  });

  it('runs the page sandboxed, without Node', async () => {
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as { heapscope?: object }).heapscope ?? {}).sort())).toEqual(['call', 'onEvent', 'pathForFile']);
  });
});
