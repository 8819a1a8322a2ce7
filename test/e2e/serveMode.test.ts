import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { launchBrowser } from './browser';
import { startServe, type ServeProcess } from './serveHarness';

let serve: ServeProcess;
let browser: Browser;

beforeAll(async () => {
  serve = await startServe();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

describe('serve mode', () => {
  it('renders the app in Chromium and reaches the API with the token', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url);
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/heapscope .* \(serve\)/);
    mkdirSync('test-results/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-results/screenshots/serve-mode.png' });
    expect(errors).toEqual([]);
  });

  it('drops the token from the address bar once read, and still reloads', async () => {
    const page = await browser.newPage();
    await page.goto(serve.url);
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/heapscope .* \(serve\)/);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.reload();
    await expect.poll(() => page.getByTestId('status').textContent()).toMatch(/heapscope .* \(serve\)/);
    await page.close();
  });

  it('refuses API calls and the page without the token', async () => {
    const api = await fetch(`${serve.origin}/api/ping`, { method: 'POST', body: '{}' });
    expect(api.status).toBe(403);
    const pageRes = await fetch(`${serve.origin}/`);
    expect(pageRes.status).toBe(403);
    expect(api.headers.get('access-control-allow-origin')).toBeNull();
  });
});
