/** app://heapscope: the Electron page's origin serves the renderer build and nothing else. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { resolveAppUrl, serveAppRequest } from '../../electron/main/appProtocol';

const dir = mkdtempSync(join(tmpdir(), 'heapscope-app-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(join(dir, 'index.html'), '<p>app</p>');
writeFileSync(join(dir, 'assets', 'main.js'), 'export {}');
writeFileSync(join(dirname(dir), 'app-secret.txt'), 'secret');

describe('app:// protocol', () => {
  it('serves the renderer build with content types', async () => {
    const page = await serveAppRequest(new Request('app://heapscope/'), dir);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<p>app</p>');
    const js = await serveAppRequest(new Request('app://heapscope/assets/main.js'), dir);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('never leaves the renderer build and refuses other hosts, methods and bad escapes', async () => {
    expect(resolveAppUrl('app://heapscope/..%2fapp-secret.txt', dir)).toEqual({ status: 403 });
    expect(resolveAppUrl('app://heapscope/%2e%2e%5capp-secret.txt', dir)).toMatchObject({ file: expect.stringContaining(dir) });
    expect(resolveAppUrl('app://heapscope/%E0%A4%A', dir)).toEqual({ status: 400 });
    expect(resolveAppUrl('app://heapscope/a%00b', dir)).toEqual({ status: 400 });
    expect(resolveAppUrl('app://evil/index.html', dir)).toEqual({ status: 404 });
    expect(resolveAppUrl('file:///etc/passwd', dir)).toEqual({ status: 404 });
    expect((await serveAppRequest(new Request('app://heapscope/..%2fapp-secret.txt'), dir)).status).toBe(403);
    expect((await serveAppRequest(new Request('app://heapscope/nope.js'), dir)).status).toBe(404);
    expect((await serveAppRequest(new Request('app://heapscope/index.html', { method: 'POST', body: 'x' }), dir)).status).toBe(405);
  });
});
