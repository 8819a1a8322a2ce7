/**
 * Captures started from the app (Capture from a running process…): each runs the capture engine
 * (electron/capture/) in this process, writing into the app's captures folder, and, once the dump
 * is verified, opens it as a session like any file the user named. A series takes `count` dumps,
 * one every `everyMs` (start to start, as `heapscope capture --every` does), and opens them all
 * once the last is written; when one fails, the ones written before it stay on disk and are opened,
 * and the message names the dump that failed. State lives in this object (one per router), polled
 * through `status`, as openDump's loading is.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CaptureStatus, PythonProcess } from '../../shared/api.js';
import { captureProcess } from '../capture/capture.js';
import { isCaptureError } from '../capture/errors.js';
import { decideMethod } from '../capture/method.js';
import { listPythonProcesses } from '../capture/processes.js';

export interface CaptureServiceDeps {
  /** Folder the dumps go to (created on first use). */
  dir: string;
  dumperSource: () => Promise<string>;
  /** Opens a verified dump; returns the session id. */
  open: (path: string) => string;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
}

export class CaptureService {
  private readonly captures = new Map<string, CaptureStatus>();
  private next = 1;

  constructor(private readonly deps: CaptureServiceDeps) {}

  async list(): Promise<{ processes: PythonProcess[]; unsupported?: string }> {
    if (process.platform !== 'linux') {
      const d = decideMethod({ platform: process.platform, arch: process.arch, version: '3.13' });
      return { processes: [], unsupported: 'error' in d ? d.error : 'attach is implemented for Linux only' };
    }
    return { processes: await listPythonProcesses() };
  }

  start(pid: number, fork = true, series: SeriesOptions = { count: 1, everyMs: 0 }): string {
    const id = `c${this.next++}`;
    const name = `heapscope-${pid}-${stamp(new Date())}`;
    const paths =
      series.count > 1 ? Array.from({ length: series.count }, (_, i) => join(this.deps.dir, `${name}-${i + 1}.jsonl.gz`)) : [join(this.deps.dir, `${name}.jsonl.gz`)];
    const status: CaptureStatus = { capture: id, pid, state: 'running', phase: 'inspecting', message: `inspecting process ${pid}`, bytes: 0 };
    if (series.count > 1) Object.assign(status, { dump: 1, count: series.count, paths: [] });
    this.captures.set(id, status);
    void this.run(status, paths, fork, series.everyMs);
    return id;
  }

  status(id: string): CaptureStatus | undefined {
    const s = this.captures.get(id);
    return s ? { ...s, ...(s.paths ? { paths: [...s.paths] } : {}), ...(s.sessions ? { sessions: [...s.sessions] } : {}) } : undefined;
  }

  private async run(status: CaptureStatus, paths: string[], fork: boolean, everyMs: number): Promise<void> {
    const series = paths.length > 1;
    const written: string[] = [];
    let last = '';
    try {
      await mkdir(this.deps.dir, { recursive: true });
      const dumperSource = await this.deps.dumperSource();
      for (let i = 0; i < paths.length; i++) {
        const began = Date.now();
        if (series) Object.assign(status, { dump: i + 1, phase: 'inspecting', message: `inspecting process ${status.pid}`, bytes: 0 });
        const r = await captureProcess(status.pid, {
          out: paths[i],
          fork,
          dumperSource,
          onProgress: (p) => Object.assign(status, { phase: p.phase, message: p.message, bytes: p.bytes ?? status.bytes }),
        });
        written.push(paths[i]);
        if (series) status.paths = [...written];
        last = `${r.objects} objects from process ${r.pid} (Python ${r.python})`;
        const wait = everyMs - (Date.now() - began);
        if (i + 1 < paths.length && wait > 0) {
          Object.assign(status, { phase: 'pausing', message: `dump ${i + 1} written; the next in ${Math.ceil(wait / 1000)} s` });
          await new Promise((r) => setTimeout(r, wait));
        }
      }
      const sessions = written.map((p) => this.deps.open(p));
      Object.assign(status, { state: 'done', phase: 'done', message: series ? `${written.length} dumps; the last: ${last}` : last, path: written.at(-1), session: sessions.at(-1) });
      if (series) status.sessions = sessions;
    } catch (e) {
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      const message = series ? `dump ${written.length + 1} of ${paths.length} failed: ${reason}${keptNote(written)}` : reason;
      const error = { code: isCaptureError(e) ? 'UNSUPPORTED' : 'INTERNAL', message, detail: isCaptureError(e) ? e.code : undefined } as const;
      // The dumps written before the failure are kept and opened: they are still worth comparing.
      let sessions: string[] = [];
      try {
        sessions = written.map((p) => this.deps.open(p));
      } catch {
        sessions = [];
      }
      Object.assign(status, { state: 'failed', message, error, ...(series ? { sessions } : {}) });
    }
  }
}

export interface SeriesOptions {
  /** How many dumps (1 = a single capture). */
  count: number;
  /** Start to start; 0 takes them back to back. */
  everyMs: number;
}

function keptNote(written: string[]): string {
  if (written.length === 0) return '';
  const which = written.length === 1 ? 'dump 1 is' : `dumps 1–${written.length} are`;
  return ` (${which} kept in ${dirname(written[0])} and opened)`;
}

export function capturesDir(dataDir: string): string {
  return join(dataDir, 'captures');
}
