/**
 * A gdb driven over its machine interface (MI3), one command at a time: every command gets a
 * token and waits for its `^done` / `^error` result record, so the capture code can decide the
 * next step from the last answer (MI needs no parsing of console prose). gdb starts with no init
 * files and no symbol loading (`-nx`, `auto-solib-add off`, `auto-load off`): every address it
 * calls was resolved beforehand from the ELF files, so attaching stops the target only briefly.
 *
 * Safety rules kept here: `unwindonsignal on` (a signal inside a called function restores the
 * thread instead of leaving it in a half-done call), `scheduler-locking off` (other threads keep
 * running during a call, so a lock one of them holds gets released: memray#966), and `close()`
 * always detaches, then kills gdb if it does not leave; a target left in group-stop gets SIGCONT.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CaptureError } from './errors.js';
import { readStatus } from './procfs.js';

export interface MiResult {
  ok: boolean;
  /** The result record's text after `^done,` / `^error,`. */
  payload: string;
}

/** Value of one `name="…"` field of an MI record, unescaped. */
export function miField(payload: string, name: string): string | undefined {
  const re = new RegExp(`(?:^|,)${name}="((?:[^"\\\\]|\\\\.)*)"`);
  const m = re.exec(payload);
  if (!m) return undefined;
  return m[1].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/**
 * Startup settings. A sysroot that does not exist keeps gdb from opening every shared library the
 * target maps (and libthread_db): attach-to-detach went from 300-900 ms to 40-150 ms here. The
 * calls need no library files: they go to absolute addresses, and the executable is loaded with
 * `file` beforehand for the entry point gdb returns the calls to.
 */
const SETTINGS = [
  'set auto-load off',
  'set auto-solib-add off',
  'set sysroot /nonexistent-heapscope-sysroot',
  'set libthread-db-search-path /nonexistent-heapscope-sysroot',
  'set confirm off',
  'set pagination off',
];

export class GdbSession {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';
  private token = 0;
  private readonly waiting = new Map<number, (r: MiResult) => void>();
  private exited = false;
  private readonly exitPromise: Promise<void>;
  private attachedPid: number | undefined;
  /** Console and log output (for error messages). */
  readonly log: string[] = [];

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.child = child;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => this.onData(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => this.log.push(chunk));
    child.stdin.on('error', () => undefined);
    this.exitPromise = new Promise((resolve) => {
      child.on('exit', () => {
        this.exited = true;
        for (const done of this.waiting.values()) done({ ok: false, payload: 'msg="gdb exited"' });
        this.waiting.clear();
        resolve();
      });
    });
  }

  /** Starts gdb; a missing gdb is a CaptureError with how to install it. */
  static async start(gdbPath = 'gdb', preloadExe?: string): Promise<GdbSession> {
    const args = ['-nx', '-q', '--interpreter=mi3', ...SETTINGS.flatMap((s) => ['-iex', s])];
    // The executable's symbols are read here, while the target still runs, not at attach.
    if (preloadExe) args.push('-iex', `file ${preloadExe}`);
    const child = spawn(gdbPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const started = await new Promise<Error | undefined>((resolve) => {
      child.once('spawn', () => resolve(undefined));
      child.once('error', (e) => resolve(e));
    });
    if (started) {
      const code = (started as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new CaptureError('NO_GDB', 'gdb is not installed: install it (Debian/Ubuntu: apt-get install gdb; Fedora: dnf install gdb; Alpine: apk add gdb)');
      throw new CaptureError('NO_GDB', `cannot start gdb: ${started.message}`);
    }
    const session = new GdbSession(child);
    for (const setting of ['unwindonsignal on', 'non-stop off']) {
      const r = await session.command(`-gdb-set ${setting}`, 10_000);
      if (!r.ok) throw new CaptureError('INJECT_FAILED', `gdb refused "set ${setting}": ${miField(r.payload, 'msg') ?? r.payload}`);
    }
    return session;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      const m = /^(\d+)\^(done|error|running|connected|exit)(?:,(.*))?$/.exec(line);
      if (m) {
        const done = this.waiting.get(Number(m[1]));
        if (done && m[2] !== 'running') {
          this.waiting.delete(Number(m[1]));
          done({ ok: m[2] !== 'error', payload: m[3] ?? '' });
        }
      } else if (line.startsWith('~') || line.startsWith('&')) {
        this.log.push(line);
      }
    }
  }

  /** Sends one MI command; resolves with its result, or rejects with TIMEOUT after `timeoutMs`. */
  command(text: string, timeoutMs: number): Promise<MiResult> {
    if (this.exited) return Promise.resolve({ ok: false, payload: 'msg="gdb exited"' });
    const token = ++this.token;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(token);
        reject(new CaptureError('TIMEOUT', `gdb did not answer "${text.slice(0, 60)}" within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.waiting.set(token, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.child.stdin.write(`${token}${text}\n`);
    });
  }

  /** Evaluates a C expression in the selected thread; returns gdb's printed value. */
  async evaluate(expression: string, timeoutMs: number): Promise<string> {
    const r = await this.command(`-data-evaluate-expression "${expression.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`, timeoutMs);
    if (!r.ok) throw new CaptureError('INJECT_FAILED', `gdb could not evaluate ${expression}: ${miField(r.payload, 'msg') ?? r.payload}`);
    return miField(r.payload, 'value') ?? '';
  }

  async attach(pid: number, timeoutMs: number): Promise<void> {
    const r = await this.command(`-target-attach ${pid}`, timeoutMs);
    if (!r.ok) throw attachError(pid, miField(r.payload, 'msg') ?? r.payload);
    this.attachedPid = pid;
    // Only settable once there is a live target. Other threads must run during our calls.
    const s = await this.command('-gdb-set scheduler-locking off', 5_000);
    if (!s.ok) throw new CaptureError('INJECT_FAILED', `gdb refused "set scheduler-locking off": ${miField(s.payload, 'msg') ?? s.payload}`);
  }

  /** Lets the target run again; close() then has nothing left to undo. */
  async detach(timeoutMs: number): Promise<void> {
    const r = await this.command('-target-detach', timeoutMs);
    if (!r.ok) throw new CaptureError('INJECT_FAILED', `gdb could not detach: ${miField(r.payload, 'msg') ?? r.payload}`);
    this.attachedPid = undefined;
  }

  async writeMemory(address: bigint, bytes: Buffer, timeoutMs: number): Promise<void> {
    const r = await this.command(`-data-write-memory-bytes 0x${address.toString(16)} ${bytes.toString('hex')}`, timeoutMs);
    if (!r.ok) throw new CaptureError('INJECT_FAILED', `gdb could not write the target's memory: ${miField(r.payload, 'msg') ?? r.payload}`);
  }

  /**
   * Interrupts a call that does not return (gdb's SIGINT stops the inferior; unwindonsignal then
   * restores the thread). Only for calls that hold no interpreter state (mmap, Py_AddPendingCall).
   */
  interrupt(): void {
    if (!this.exited) this.child.kill('SIGINT');
  }

  /**
   * Detaches (the target resumes) and ends gdb. Safe to call on every path, more than once: if gdb
   * does not answer it is killed, which also detaches (the kernel drops a dead tracer), and a target
   * that is left stopped afterwards is continued.
   */
  async close(): Promise<void> {
    const pid = this.attachedPid;
    if (!this.exited) {
      try {
        if (pid !== undefined) await this.command('-target-detach', 5_000);
        this.attachedPid = undefined;
        await Promise.race([this.command('-gdb-exit', 2_000), new Promise((r) => setTimeout(r, 2_000))]);
      } catch {
        // fall through to the kill below
      }
      if (!this.exited) this.child.kill('SIGKILL');
      await Promise.race([this.exitPromise, new Promise((r) => setTimeout(r, 2_000))]);
    }
    if (pid !== undefined) await continueIfStopped(pid);
  }
}

/** A process left in group-stop (T) by a tracer that died gets SIGCONT. */
export async function continueIfStopped(pid: number): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const status = await readStatus(pid);
    if (!status) return;
    if (status.state !== 'T' && status.state !== 't') return;
    if (status.tracerPid === 0) {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function attachError(pid: number, message: string): CaptureError {
  if (/Operation not permitted|ptrace/i.test(message)) {
    return new CaptureError(
      'PTRACE_DENIED',
      `the kernel refused to let gdb attach to process ${pid} (${message.trim()}): allow it with "sysctl kernel.yama.ptrace_scope=0" (or 1 for your own child processes), run as the process's user or as root, or grant CAP_SYS_PTRACE (containers: --cap-add=SYS_PTRACE)`,
    );
  }
  if (/No such process/i.test(message)) return new CaptureError('EXITED', `process ${pid} exited before gdb could attach`);
  return new CaptureError('INJECT_FAILED', `gdb could not attach to process ${pid}: ${message.trim()}`);
}
