/**
 * ApiRouter: every request's arguments are validated before anything runs, unknown methods are
 * refused, and the file policy only opens files the user named. A stub EngineHost records what
 * would have reached a worker.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePolicy, createApiRouter } from '../../electron/host/ApiRouter';
import { RecentFiles } from '../../electron/host/RecentFiles';
import type { EngineHost } from '../../electron/host/EngineHost';

function setup(mode: 'electron' | 'serve' = 'serve', loads: 'ready' | 'failed' = 'ready') {
  const reached: { kind: string; args: unknown[] }[] = [];
  const host = {
    open: (...args: unknown[]) => (reached.push({ kind: 'open', args }), 'abcdef12'),
    whenSettled: () => Promise.resolve({ state: loads }),
    refusal: () => undefined,
    call: async (...args: unknown[]) => (reached.push({ kind: 'call', args }), { ok: true as const, value: {} }),
    status: () => undefined,
    list: () => [],
    cancel: () => false,
    close: async () => false,
  } as unknown as EngineHost;
  const dir = mkdtempSync(join(tmpdir(), 'heapscope-router-'));
  const dump = join(dir, 'heap.jsonl');
  writeFileSync(dump, '{}\n');
  const policy = new FilePolicy(mode === 'serve');
  const recent = new RecentFiles(dir);
  const api = createApiRouter({ mode, version: '0.1.0', host, policy, demos: [], recent });
  return { api, reached, dump, dir, policy, recent };
}

describe('ApiRouter argument validation', () => {
  const bad: [string, unknown, RegExp][] = [
    ['overview', {}, /session/],
    ['overview', { session: '../../etc' }, /session/],
    ['overview', { session: 'abcdef12', limit: 1e9 }, /limit/],
    ['overview', { session: 'abcdef12', extra: 1 }, /invalid request/],
    ['setRules', { session: 'abcdef12', rules: '3.10', saveAll: false }, /rules/],
    ['setRules', { session: 'abcdef12', rules: '2.7', saveAll: 'yes' }, /saveAll/],
    ['openDump', { path: '' }, /invalid/],
    ['openDump', { path: 'a\0b' }, /NUL/],
    ['openDump', { path: 1 }, /invalid/],
    ['openDump', { demo: 'x', path: '/etc/passwd' }, /invalid/],
    ['openDump', 'not an object', /invalid/],
    ['ping', { anything: true }, /invalid/],
    ['objectsPage', { start: 0, count: 10 }, /session/],
    ['suspects', { session: 'abcdef12', limit: 1000 }, /limit/],
    ['mergedPaths', { session: 'abcdef12', type: 'x'.repeat(501) }, /type/],
    ['mergedPaths', { session: 'abcdef12', suspect: -1 }, /suspect/],
    ['classSummary', { session: 'abcdef12', start: 0, count: 10_000 }, /count/],
    ['dominatorChildren', { session: 'abcdef12', start: 0, count: 10, address: 'x' }, /address/],
    ['retainers', { session: 'abcdef12', start: 0, count: 10 }, /address/],
  ];
  it.each(bad)('rejects %s with %j', async (method, request, message) => {
    const { api, reached } = setup();
    const result = await api(method, request);
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(result.ok ? '' : result.error.message).toMatch(message);
    expect(reached).toEqual([]);
  });

  it('refuses unknown methods, including prototype names', async () => {
    const { api } = setup();
    for (const method of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(await api(method, {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
  });

  it('passes valid session requests on to the session worker', async () => {
    const { api, reached } = setup();
    expect(await api('setRules', { session: 'abcdef12', rules: '3.9', saveAll: true })).toMatchObject({ ok: true, value: { session: 'abcdef12' } });
    expect(reached).toEqual([{ kind: 'call', args: ['abcdef12', 'setRules', { session: 'abcdef12', rules: '3.9', saveAll: true }] }]);
  });
});

describe('ApiRouter file policy', () => {
  it('serve mode opens a path the user typed, and refuses what is not a regular file', async () => {
    const { api, dump, dir } = setup('serve');
    expect(await api('openDump', { path: dump })).toEqual({ ok: true, value: { session: 'abcdef12' } });
    expect(await api('openDump', { path: dir })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await api('openDump', { path: join(dir, 'missing.jsonl') })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('Electron opens only paths named through the dialog, a drop, the command line or recent files', async () => {
    const { api, dump, policy, reached } = setup('electron');
    expect(await api('openDump', { path: dump })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(reached).toEqual([]);
    policy.allow(dump);
    expect(await api('openDump', { path: dump })).toMatchObject({ ok: true });
  });

  it('adds a file to the recent files once it has loaded, not when it fails', async () => {
    const good = setup('serve', 'ready');
    await good.api('openDump', { path: good.dump });
    await new Promise((r) => setTimeout(r, 0));
    expect(good.recent.list().map((r) => r.path)).toEqual([good.dump]);
    const bad = setup('serve', 'failed');
    await bad.api('openDump', { path: bad.dump });
    await new Promise((r) => setTimeout(r, 0));
    expect(bad.recent.list()).toEqual([]);
  });

  it('has no native dialog in serve mode', async () => {
    const { api } = setup('serve');
    expect(await api('pickDump', {})).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
  });

  it("titles Electron's native dialog for a comparison's baseline or final dump, and opens only what it returned", async () => {
    const { dump, policy, recent } = setup('electron');
    const asked: string[] = [];
    const host = { open: () => 'abcdef12', whenSettled: () => Promise.resolve({ state: 'ready' }), refusal: () => undefined } as unknown as EngineHost;
    const pickDump = async (purpose: string) => (asked.push(purpose), dump);
    const api = createApiRouter({ mode: 'electron', version: '0.1.0', host, policy, demos: [], recent, pickDump });
    expect(await api('pickDump', { purpose: 'baseline' })).toEqual({ ok: true, value: { path: dump } });
    expect(await api('pickDump', {})).toEqual({ ok: true, value: { path: dump } });
    expect(asked).toEqual(['baseline', 'open']);
    expect(await api('openDump', { path: dump })).toEqual({ ok: true, value: { session: 'abcdef12' } });
    expect(await api('pickDump', { purpose: 'anything' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^pickDump: invalid request at purpose/) } });
    expect(asked).toHaveLength(2);
  });

  it('opens demos by id only', async () => {
    const { api } = setup('serve');
    expect(await api('openDump', { demo: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
