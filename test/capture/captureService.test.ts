/**
 * The app's capture path through the ApiRouter (what IPC and serve mode call): the process list
 * shows a real CPython target with its version and user, startCapture runs the capture engine and
 * opens the verified dump as a session, and bad arguments are refused by the schemas.
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
