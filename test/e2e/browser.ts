/**
 * Finds and launches the Chromium that end-to-end tests drive: CHROMIUM_PATH if set, else Debian's
 * /usr/bin/chromium, else the Chromium shipped inside the @sparticuz/chromium npm package (so a
 * fresh `npm install && npm test` works with no extra step). Never skips: no browser is an error.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const chromiumFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function findChromium(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist`);
    return fromEnv;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const sparticuz = (await import('@sparticuz/chromium')).default;
    return await sparticuz.executablePath();
  } catch (err) {
    throw new Error(
      `No Chromium for end-to-end tests: set CHROMIUM_PATH, install Debian's chromium, or keep the @sparticuz/chromium devDependency (${String(err)})`,
    );
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await findChromium(), args: chromiumFlags, headless: true });
}
