// Renders the app icon (renderer/public/favicon.svg) to renderer/public/icon.png, 512 × 512, with the
// Chromium the end-to-end tests use: the PNG is the Electron window's icon. Run after editing the SVG.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { findChromium } from '../test/e2e/browser.ts';

const dir = join(import.meta.dirname, '../renderer/public');
const svg = readFileSync(join(dir, 'favicon.svg'), 'utf8').replace('width="256" height="256"', 'width="512" height="512"');
const browser = await chromium.launch({ executablePath: await findChromium(), args: ['--headless=new', '--no-sandbox', '--disable-gpu'], headless: true });
const page = await browser.newPage({ viewport: { width: 512, height: 512 } });
await page.setContent(`<html><body style="margin:0">${svg}</body></html>`);
await page.locator('svg').screenshot({ path: join(dir, 'icon.png'), omitBackground: true });
await browser.close();
