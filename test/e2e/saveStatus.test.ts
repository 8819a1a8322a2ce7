/**
 * The UI never claims edits are saved when they are not: with a data folder that cannot hold
 * histories, an edit made over the API shows "edits not saved: …" in the page's status line.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startServe, type ServeProcess } from './serveHarness';

let serve: ServeProcess | undefined;
let browser: Browser | undefined;
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

async function call<T>(s: ServeProcess, method: string, request: unknown = {}): Promise<T> {
  const res = await fetch(`${s.origin}/api/${method}`, { method: 'POST', headers: { 'x-heapscope-token': s.token }, body: JSON.stringify(request) });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message);
  return body.value;
}

describe('save status in the page', () => {
  it('says the edits are not saved, and why', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'heapscope-unsaved-'));
    writeFileSync(join(dataDir, 'histories'), 'a file where the folder should be');
    process.env.HEAPSCOPE_DATA_DIR = dataDir;
    serve = await startServe(['--demo', 'article-two-cycle-2.7']);
    let session = '';
    await expect
      .poll(async () => {
        const { sessions } = await call<{ sessions: { session: string; state: string }[] }>(serve!, 'listSessions');
        session = sessions.find((s) => s.state === 'ready')?.session ?? '';
        return session;
      }, { timeout: 30_000 })
      .not.toBe('');
    const o = await call<{ pinning: { object: { address: number } }[] }>(serve, 'overview', { session });
    const r = await call<{ saved: boolean; saveError?: string }>(serve, 'applyEdit', { session, edit: { kind: 'finalizer-effect', address: o.pinning[0].object.address, effect: 'none' } });
    expect(r.saved).toBe(false);
    browser = await launchBrowser();
    const page = await browser.newPage();
    await page.goto(serve.url);
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 30_000 }).toMatch(/edits not saved: .*histories/);
  }, 90_000);
});
