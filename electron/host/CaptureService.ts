/**
 * Captures started from the app (Capture from a running process…): each runs the capture engine
 * (electron/capture/) in this process, writing into the app's captures folder, and, once the dump
 * is verified, opens it as a session like any file the user named. State lives in this object
 * (one per router), polled through `status`, as openDump's loading is.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
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

  start(pid: number, fork = true): string {
    const id = `c${this.next++}`;
    const path = join(this.deps.dir, `heapscope-${pid}-${stamp(new Date())}.jsonl.gz`);
    const status: CaptureStatus = { capture: id, pid, state: 'running', phase: 'inspecting', message: `inspecting process ${pid}`, bytes: 0 };
    this.captures.set(id, status);
    void this.run(status, path, fork);
    return id;
  }

  status(id: string): CaptureStatus | undefined {
    const s = this.captures.get(id);
    return s ? { ...s } : undefined;
  }

  private async run(status: CaptureStatus, path: string, fork: boolean): Promise<void> {
    try {
      await mkdir(this.deps.dir, { recursive: true });
      const r = await captureProcess(status.pid, {
        out: path,
        fork,
        dumperSource: await this.deps.dumperSource(),
        onProgress: (p) => Object.assign(status, { phase: p.phase, message: p.message, bytes: p.bytes ?? status.bytes }),
      });
      Object.assign(status, { state: 'done', phase: 'done', message: `${r.objects} objects from process ${r.pid} (Python ${r.python})`, path, session: this.deps.open(path) });
    } catch (e) {
      const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
      Object.assign(status, { state: 'failed', message, error: { code: isCaptureError(e) ? 'UNSUPPORTED' : 'INTERNAL', message, detail: isCaptureError(e) ? e.code : undefined } });
    }
  }
}

export function capturesDir(dataDir: string): string {
  return join(dataDir, 'captures');
}
