/**
 * EngineHost: real dumps through the built worker (out/main/worker.js), and worker deaths — an
 * uncaught exception, running out of memory — turned into a `crashed` status and WORKER_CRASHED
 * results while the host and the other sessions carry on.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdtempSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineHost } from '../../electron/host/EngineHost';
import type { OpenStatus } from '../../shared/api';

const root = join(import.meta.dirname, '../..');
const builtWorker = join(root, 'out/main/worker.js');
const fakeWorker = join(import.meta.dirname, 'fixtures/crashWorker.mjs');
const fixtures = join(root, 'test/e2e/fixtures');
const hosts: EngineHost[] = [];

function newHost(workerPath: string, maxHeapMb?: number, maxSessions?: number): EngineHost {
  const host = new EngineHost({ workerPath, dataDir: mkdtempSync(join(tmpdir(), 'heapscope-host-')), maxHeapMb, maxSessions });
  hosts.push(host);
  return host;
}

async function settled(host: EngineHost, id: string): Promise<OpenStatus> {
  for (let i = 0; i < 300; i++) {
    const s = host.status(id);
    if (s && s.state !== 'loading') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the worker never finished loading');
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.closeAll()));
});

describe('EngineHost with the built worker', () => {
  beforeAll(() => {
    if (!existsSync(builtWorker)) throw new Error('out/main/worker.js is missing: run `npm run build` first (npm test does)');
  });

  it('caps the dumps open at once: 200 concurrent opens through the router start at most the cap', async () => {
    const { createApiRouter, FilePolicy } = await import('../../electron/host/ApiRouter');
    const { RecentFiles } = await import('../../electron/host/RecentFiles');
    const host = newHost(builtWorker, undefined, 3);
    const api = createApiRouter({ mode: 'serve', version: '0', host, policy: new FilePolicy(true), demos: [], recent: new RecentFiles(mkdtempSync(join(tmpdir(), 'heapscope-cap-'))) });
    const results = await Promise.all(Array.from({ length: 200 }, () => api('openDump', { path: join(fixtures, 'two-cycle-2.7.jsonl') })));
    const opened = results.filter((r) => r.ok);
    expect(opened).toHaveLength(3);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, error: { code: 'BUSY', message: expect.stringMatching(/close one to open another/) } });
    expect(host.list()).toHaveLength(3);
    // Closing one makes room again.
    await host.close((opened[0] as { value: { session: string } }).value.session);
    expect((await api('openDump', { path: join(fixtures, 'two-cycle-2.7.jsonl') })).ok).toBe(true);
  });

  it('loads a dump in a worker and answers the overview', async () => {
    const host = newHost(builtWorker);
    const id = host.open(join(fixtures, 'two-cycle-2.7.jsonl'), { path: 'x' }, 'two-cycle');
    expect((await settled(host, id)).state).toBe('ready');
    const overview = await host.call(id, 'overview', { session: id });
    expect(overview).toMatchObject({ ok: true, value: { verdict: { collect: 4, garbage: 2 } } });
  });

  it('reports a corrupt dump as a FORMAT error with file and line', async () => {
    const host = newHost(builtWorker);
    const id = host.open(join(fixtures, 'corrupt.jsonl'), { path: 'x' }, 'corrupt');
    const status = await settled(host, id);
    expect(status.state).toBe('failed');
    expect(status.error).toMatchObject({ code: 'FORMAT', file: 'corrupt.jsonl', line: 4 });
  });
});

describe('EngineHost when a worker dies', () => {
  it('marks the session crashed, fails the pending call, and keeps other sessions working', async () => {
    const host = newHost(fakeWorker);
    const a = host.open('/a', { path: '/a' }, 'a');
    const b = host.open('/b', { path: '/b' }, 'b');
    await settled(host, a);
    await settled(host, b);
    const result = await host.call(a, 'crash', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'WORKER_CRASHED' } });
    expect(host.status(a)).toMatchObject({ state: 'crashed', error: { code: 'WORKER_CRASHED' } });
    expect(host.status(a)?.error?.message).toMatch(/boom/);
    // Later calls fail the same way instead of hanging; the other dump still answers.
    expect(await host.call(a, 'ping', {})).toMatchObject({ ok: false, error: { code: 'WORKER_CRASHED' } });
    expect(await host.call(b, 'ping', {})).toEqual({ ok: true, value: 'ping' });
  });

  it('survives a worker running out of memory (heap capped per worker)', async () => {
    const host = newHost(fakeWorker, 64);
    const id = host.open('/big', { path: '/big' }, 'big');
    await settled(host, id);
    const result = await host.call(id, 'oom', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'WORKER_CRASHED' } });
    expect(host.status(id)?.state).toBe('crashed');
  });

  it.runIf(process.platform === 'linux')('says in the tab that a dump does not fit under the address-space limit (ulimit -v), naming what', () => {
    // A child process under the limit runs the built worker; its `failed` message is what the tab shows.
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-host-oom-'));
    const path = join(dir, 'huge.jsonl');
    const fd = openSync(path, 'w');
    writeSync(fd, `${JSON.stringify({ format: 'heapscope', version: [1, 0], python: { version: '3.11.7', implementation: 'cpython' }, counts: { objects: 50_000_000, tracked: 1 } })}\n`);
    ftruncateSync(fd, 800 * 1024 * 1024); // sparse: the reader sizes its arrays by it
    closeSync(fd);
    // Plain JS speaking the host protocol to the built worker (tsx cannot start under the limit).
    const script = [
      "import { Worker } from 'node:worker_threads';",
      `const worker = new Worker(${JSON.stringify(builtWorker)});`,
      "worker.on('message', (m) => { if (m.type === 'failed' || m.type === 'ready') { console.log(JSON.stringify(m.error ?? null)); process.exit(0); } });",
      `worker.postMessage({ type: 'open', path: ${JSON.stringify(path)}, dataDir: ${JSON.stringify(dir)}, owner: 'test' });`,
    ].join('\n');
    writeFileSync(join(dir, 'host.mjs'), script);
    // 2.5 GB: room for node and the engine worker, not for the graph's arrays.
    const r = spawnSync('bash', ['-c', `ulimit -v ${2.5 * 1024 * 1024}; exec "$0" "$1"`, process.execPath, join(dir, 'host.mjs')], { encoding: 'utf8', timeout: 60_000 });
    const error = JSON.parse(r.stdout.trim().split('\n').at(-1) || 'null') as { code: string; message: string; detail?: string } | null;
    expect(error, r.stderr).toMatchObject({ code: 'FORMAT', detail: 'NO_MEMORY' });
    expect(error!.message).toMatch(/^huge\.jsonl: not enough memory to load this dump \(800\.0 MB stored\): the object and reference columns for [\d,]+ objects and [\d,]+ references needed [\d.]+ GiB/);
  }, 60_000);

  it('fails pending calls when a dump is closed, and forgets it', async () => {
    const host = newHost(fakeWorker);
    const id = host.open('/c', { path: '/c' }, 'c');
    await settled(host, id);
    const pending = host.call(id, 'hang', {});
    expect(await host.close(id)).toBe(true);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(host.status(id)).toBeUndefined();
    expect(await host.call(id, 'ping', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
