/**
 * The app's capture path through the ApiRouter (what IPC and serve mode call): the process list
 * shows a real CPython target with its version and user, startCapture runs the capture engine and
 * opens the verified dump as a session, and bad arguments are refused by the schemas. A series
 * writes N dumps a set time apart and opens them all; when the target dies mid-series, the dumps
 * already written are kept and opened and the failure names the dump that failed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CaptureService } from '../../electron/host/CaptureService.js';
import { FilePolicy, createApiRouter } from '../../electron/host/ApiRouter.js';
import { RecentFiles } from '../../electron/host/RecentFiles.js';
import type { EngineHost } from '../../electron/host/EngineHost.js';
import type { CaptureStatus, PythonProcess } from '../../shared/api.js';
import { loadDump } from '../../electron/engine/formats/index.js';
import { interpreter } from '../python/interpreters.js';
import { startTarget } from './targets.js';

const dir = mkdtempSync(join(tmpdir(), 'heapscope-capsvc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dumper = readFileSync(join(import.meta.dirname, '../../electron/engine/formats/heapscope/heapscope_dump.py'), 'utf8');

it('lists, captures and opens a running CPython through the API', async () => {
  const py = interpreter('3.11');
  expect(py).toBeDefined();
  const opened: string[] = [];
  const captures = new CaptureService({ dir: join(dir, 'captures'), dumperSource: async () => dumper, open: (p) => (opened.push(p), 'abcdef12') });
  const api = createApiRouter({ mode: 'serve', version: '0.1.0', host: {} as EngineHost, policy: new FilePolicy(true), demos: [], recent: new RecentFiles(dir), captures });
  const t = await startTarget(py?.path ?? 'python3', 'sleep');
  try {
    const list = await api('listProcesses', {});
    expect(list.ok).toBe(true);
    const mine = (list.ok ? (list.value as { processes: PythonProcess[] }).processes : []).find((p) => p.pid === t.child.pid);
    expect(mine?.python).toBe('3.11');
    expect(mine?.user).toBe(userInfo().username);
    expect(mine?.command).toMatch(/target\.py sleep$/);

    const started = await api('startCapture', { pid: t.child.pid });
    expect(started.ok).toBe(true);
    const id = started.ok ? (started.value as { capture: string }).capture : '';
    let status: CaptureStatus | undefined;
    const phases = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const s = await api('captureStatus', { capture: id });
      status = s.ok ? (s.value as CaptureStatus) : undefined;
      if (status) phases.add(status.phase);
      if (status?.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status?.state, status?.message).toBe('done');
    expect(status?.session).toBe('abcdef12');
    expect(opened).toEqual([status?.path]);
    expect(existsSync(status?.path ?? '')).toBe(true);
    expect((await loadDump(status?.path ?? '')).graph.header.raw.pid).toBe(t.child.pid);
    expect(t.stdout()).toBe('ready\n');
  } finally {
    t.stop();
  }
  const bad = await api('startCapture', { pid: -3 });
  expect(bad.ok ? '' : bad.error.code).toBe('BAD_REQUEST');
  const unknown = await api('captureStatus', { capture: 'c999' });
  expect(unknown.ok ? '' : unknown.error.code).toBe('NOT_FOUND');
  const gone = await api('startCapture', { pid: 4_000_000 });
  const gid = gone.ok ? (gone.value as { capture: string }).capture : '';
  await new Promise((r) => setTimeout(r, 300));
  const failed = await api('captureStatus', { capture: gid });
  expect(failed.ok && (failed.value as CaptureStatus)).toMatchObject({ state: 'failed', message: 'no process 4000000' });
});

async function settle(api: ReturnType<typeof createApiRouter>, id: string, onPoll: (s: CaptureStatus) => void = () => {}): Promise<CaptureStatus | undefined> {
  let status: CaptureStatus | undefined;
  for (let i = 0; i < 1200; i++) {
    const s = await api('captureStatus', { capture: id });
    status = s.ok ? (s.value as CaptureStatus) : undefined;
    if (status) onPoll(status);
    if (status?.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return status;
}

function seriesApi(sub: string) {
  const opened: string[] = [];
  const captures = new CaptureService({ dir: join(dir, sub), dumperSource: async () => dumper, open: (p) => (opened.push(p), `5e55${String(opened.length).padStart(4, '0')}`) });
  const api = createApiRouter({ mode: 'serve', version: '0.1.0', host: {} as EngineHost, policy: new FilePolicy(true), demos: [], recent: new RecentFiles(dir), captures });
  return { api, opened };
}

it('captures a series of three dumps, reports dump k of N, and opens them all in order', async () => {
  const py = interpreter('3.11');
  expect(py).toBeDefined();
  const { api, opened } = seriesApi('series');
  const t = await startTarget(py?.path ?? 'python3', 'sleep');
  try {
    const started = await api('startCapture', { pid: t.child.pid, every: 1, count: 3 });
    expect(started.ok).toBe(true);
    const seen = new Set<string>();
    const status = await settle(api, started.ok ? (started.value as { capture: string }).capture : '', (s) => seen.add(`${s.dump}/${s.count} ${s.phase}`));
    expect(status?.state, status?.message).toBe('done');
    expect([...seen].filter((k) => k.endsWith(' dumping')).map((k) => k.split(' ')[0])).toEqual(['1/3', '2/3', '3/3']);
    expect(status?.paths?.map((p) => p.replace(/.*-(\d)\.jsonl\.gz$/, '$1'))).toEqual(['1', '2', '3']);
    expect(opened).toEqual(status?.paths);
    expect(status?.sessions).toEqual(['5e550001', '5e550002', '5e550003']);
    expect(status?.session).toBe('5e550003');
    for (const p of status?.paths ?? []) expect((await loadDump(p)).graph.header.raw.pid).toBe(t.child.pid);
  } finally {
    t.stop();
  }
});

it('keeps and opens the dumps written before the target died, naming the dump that failed', async () => {
  const py = interpreter('3.11');
  const { api, opened } = seriesApi('series-broken');
  const t = await startTarget(py?.path ?? 'python3', 'sleep');
  const pid = t.child.pid;
  const started = await api('startCapture', { pid, every: 3, count: 3 });
  let killed = false;
  let paused = '';
  const status = await settle(api, started.ok ? (started.value as { capture: string }).capture : '', (s) => {
    if (s.phase === 'pausing') paused = `${s.dump}/${s.count}: ${s.message}`;
    if (!killed && s.paths?.length === 1) {
      killed = true;
      t.stop(); // during the pause after dump 1
    }
  });
  expect(killed).toBe(true);
  expect(paused).toMatch(/^1\/3: dump 1 written; the next in [123] s$/);
  expect(status?.state).toBe('failed');
  expect(status?.message).toMatch(new RegExp(`^dump 2 of 3 failed: no process ${pid} \\(dump 1 is kept in .*series-broken and opened\\)$`));
  expect(status?.error?.message).toBe(status?.message);
  expect(status?.paths).toHaveLength(1);
  expect(existsSync(status?.paths?.[0] ?? '')).toBe(true);
  expect(opened).toEqual(status?.paths);
  expect(status?.sessions).toEqual(['5e550001']);
});

it('refuses a series with a pause but no count, and counts out of bounds', async () => {
  const { api } = seriesApi('series-bad');
  const noCount = await api('startCapture', { pid: 42, every: 5 });
  expect(noCount.ok ? '' : noCount.error.message).toBe('startCapture: invalid request at every: every needs count (how many dumps)');
  const tooMany = await api('startCapture', { pid: 42, every: 1, count: 101 });
  expect(tooMany.ok ? '' : tooMany.error.code).toBe('BAD_REQUEST');
  const negative = await api('startCapture', { pid: 42, every: -1, count: 2 });
  expect(negative.ok ? '' : negative.error.code).toBe('BAD_REQUEST');
});
