/**
 * The comparison methods at the host boundary: arguments validated, the baseline and final dumps
 * named by session id and turned into their paths for the target's worker (which cannot see other
 * sessions), unknown sessions refused before any worker is asked.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePolicy, createApiRouter } from '../../electron/host/ApiRouter';
import { RecentFiles } from '../../electron/host/RecentFiles';
import type { EngineHost } from '../../electron/host/EngineHost';

function setup() {
  const calls: unknown[][] = [];
  const paths: Record<string, string> = { aaaaaaa1: '/dumps/step-0.jsonl', aaaaaaa2: '/dumps/step-1.jsonl', aaaaaaa3: '/dumps/step-2.jsonl' };
  const host = {
    call: async (...args: unknown[]) => (calls.push(args), { ok: true as const, value: {} }),
    status: (id: string) => (paths[id] ? { session: id, state: 'ready', info: { path: paths[id] } } : undefined),
  } as unknown as EngineHost;
  const dir = mkdtempSync(join(tmpdir(), 'heapscope-compare-router-'));
  const api = createApiRouter({ mode: 'serve', version: '0.1.0', host, policy: new FilePolicy(true), demos: [], recent: new RecentFiles(dir) });
  return { api, calls };
}

describe('compareWith and comparisonObjects at the router', () => {
  it('hands the worker the paths of the baseline and final dumps', async () => {
    const { api, calls } = setup();
    expect(await api('compareWith', { session: 'aaaaaaa2', base: 'aaaaaaa1', final: 'aaaaaaa3', mode: 'as-dumped' })).toMatchObject({ ok: true });
    expect(calls).toEqual([['aaaaaaa2', 'compareWith', { basePath: '/dumps/step-0.jsonl', finalPath: '/dumps/step-2.jsonl', mode: 'as-dumped', limit: undefined }]]);
  });

  it('refuses a baseline or final dump that is not open, without asking a worker', async () => {
    const { api, calls } = setup();
    expect(await api('compareWith', { session: 'aaaaaaa2', base: 'bbbbbbb1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await api('compareWith', { session: 'aaaaaaa2', base: 'aaaaaaa1', final: 'bbbbbbb1' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(calls).toEqual([]);
  });

  it.each([
    ['compareWith', { session: 'aaaaaaa2', base: '../x' }],
    ['compareWith', { session: 'aaaaaaa2', base: 'aaaaaaa1', mode: 'sometimes' }],
    ['compareWith', { session: 'aaaaaaa2', base: 'aaaaaaa1', path: '/etc/passwd' }],
    ['comparisonObjects', { session: 'aaaaaaa2', count: 10_000 }],
    ['comparisonStatus', { session: 'aaaaaaa2', addresses: ['0x10'] }],
  ])('rejects %s with %j', async (method, request) => {
    const { api, calls } = setup();
    expect(await api(method, request)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(calls).toEqual([]);
  });
});
