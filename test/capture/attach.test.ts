/**
 * Attach to real CPython processes (2.7, 3.6, 3.8, 3.11, 3.13) with gdb: a sleeping target, a busy
 * CPU loop, a multithreaded one and one blocked reading stdin. Each capture must give a dump that
 * loads and holds the target's payload; the target must still run afterwards (it answers SIGUSR1
 * or echoes a line) and its output must be exactly what it prints by itself. gdb is required
 * (CI installs it): without it these tests fail, they do not skip.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureProcess } from '../../electron/capture/capture.js';
import { readStatus } from '../../electron/capture/procfs.js';
import { resolveAddresses } from '../../electron/capture/target.js';
import { loadDump } from '../../electron/engine/formats/index.js';
import { main } from '../../electron/cli/index.js';
import { interpreter } from '../python/interpreters.js';
import { startTarget } from './targets.js';

const root = join(import.meta.dirname, '../..');
const dumperSource = readFileSync(join(root, 'electron/engine/formats/heapscope/heapscope_dump.py'), 'utf8');
const versions = ['2.7', '3.6', '3.8', '3.11', '3.13'];
const modes = ['sleep', 'busy', 'threads', 'read'] as const;
const dir = mkdtempSync(join(tmpdir(), 'heapscope-attach-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gdbInstalled(): boolean {
  try {
    execFileSync('gdb', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

it('has gdb (CI installs it with apt-get)', () => {
  expect(gdbInstalled(), 'gdb is missing: apt-get install gdb').toBe(true);
});

for (const v of versions) {
  const py = interpreter(v);
  describe(`attach to CPython ${v}`, () => {
    it('is installed', () => expect(py, `CPython ${v} is missing`).toBeDefined());
    if (!py) return;
    for (const mode of modes) {
      it(`captures a ${mode === 'read' ? 'target blocked in a read' : `${mode} target`}; it keeps running, its output unchanged`, async () => {
        const t = await startTarget(py.path, mode);
        try {
          const out = join(dir, `heap-${v}-${mode}.jsonl.gz`);
          const r = await captureProcess(t.child.pid ?? 0, { out, dumperSource, safePointTimeoutMs: 30_000 });
          expect(r.method).toBe('attach-gdb');
          expect(r.python.startsWith(`${v}.`)).toBe(true);
          // The main thread sat in a blocking call (sleep, read) or ran bytecode (busy).
          if (mode === 'busy') expect(r.blockedCall).toBeUndefined();
          if (mode === 'read') expect(r.blockedCall).toMatch(/read/);
          const { graph } = await loadDump(out);
          expect(graph.header.raw.pid).toBe(t.child.pid);
          expect(graph.nodeCount).toBe(r.objects);
          let found = 0;
          for (let n = 0; n < graph.nodeCount; n++) if (/item-499/.test(graph.strings.get(graph.reprIds[n]) ?? '')) found++;
          expect(found).toBeGreaterThan(0);
          // Still running, from its main thread.
          const st = await readStatus(t.child.pid ?? 0);
          expect(st?.state).not.toBe('T');
          expect(st?.tracerPid).toBe(0);
          if (mode === 'read') {
            t.child.stdin.write('hello\n');
            await t.waitFor('echo hello\n');
            expect(t.stdout()).toBe('ready\necho hello\n');
          } else {
            t.child.kill('SIGUSR1');
            await t.waitFor('alive');
            expect(t.stdout()).toBe(`ready\nalive ${mode === 'threads' ? 4 : 1}\n`);
          }
          expect(t.stderr()).toBe('');
          expect(t.child.exitCode).toBeNull();
        } finally {
          t.stop();
        }
      });
    }
    it(v === '2.7' ? 'times out with the reason on a main thread waiting in Thread.join() (2.7 lock waits ignore EINTR)' : 'captures a main thread waiting in Thread.join() (its futex wait is cut short with EINTR)', async () => {
      const t = await startTarget(py.path, 'join');
      try {
        const out = join(dir, `heap-${v}-join.jsonl.gz`);
        const capture = captureProcess(t.child.pid ?? 0, { out, dumperSource, safePointTimeoutMs: v === '2.7' ? 3_000 : 30_000 });
        if (v === '2.7') {
          await expect(capture).rejects.toThrow(/did not run Python code within 3 s \(its main thread is probably waiting on a lock/);
          expect(existsSync(out)).toBe(false);
        } else {
          const r = await capture;
          expect(r.blockedCall).toBeUndefined();
          expect((await loadDump(out)).graph.header.raw.pid).toBe(t.child.pid);
          t.child.kill('SIGUSR1');
          await t.waitFor('alive');
          expect(t.stdout()).toBe('ready\nalive 2\n');
        }
        expect(t.stderr()).toBe('');
        const st = await readStatus(t.child.pid ?? 0);
        expect(st?.state).not.toBe('T');
        expect(st?.tracerPid).toBe(0);
      } finally {
        t.stop();
      }
    });
  });
}

describe('heapscope capture (the command)', () => {
  const py = interpreter('3.11');

  it('--every 1 --count 3 writes three verified dumps numbered from 1', async () => {
    expect(py).toBeDefined();
    const t = await startTarget(py?.path ?? 'python3', 'sleep');
    try {
      const series = join(dir, 'series');
      execFileSync('mkdir', ['-p', series]);
      const io = { out: '', err: '' };
      const code = await main(['capture', String(t.child.pid), '--every', '1', '--count', '3', '--out', join(series, 'heap-{n}.jsonl.gz')], {
        out: (s) => void (io.out += s),
        err: (s) => void (io.err += s),
      });
      expect(code, io.err).toBe(0);
      expect(readdirSync(series).sort()).toEqual(['heap-1.jsonl.gz', 'heap-2.jsonl.gz', 'heap-3.jsonl.gz']);
      for (const f of readdirSync(series)) expect((await loadDump(join(series, f))).graph.header.raw.pid).toBe(t.child.pid);
      expect(io.out.trim().split('\n')).toHaveLength(3);
      expect(t.stdout()).toBe('ready\n');
      expect(t.stderr()).toBe('');
    } finally {
      t.stop();
    }
  });

  async function run(...args: string[]): Promise<{ code: number; err: string; out: string }> {
    const io = { out: '', err: '' };
    const code = await main(['capture', ...args], { out: (s) => void (io.out += s), err: (s) => void (io.err += s) });
    return { code, ...io };
  }
  const lastLine = (s: string) => s.trim().split('\n').pop() ?? '';

  it('fails with one line for a pid that does not exist', async () => {
    let pid = 4_000_000;
    while (existsSync(`/proc/${pid}`)) pid--;
    const r = await run(String(pid), '--out', join(dir, 'none.jsonl.gz'));
    expect(r.code).toBe(1);
    expect(lastLine(r.err)).toBe(`heapscope capture: no process ${pid}`);
    expect(r.err).not.toMatch(/at .*\.ts:/);
  });

  it('fails with one line for a process that is not Python', async () => {
    const sleeper = spawn('sleep', ['100']);
    try {
      await new Promise((r) => setTimeout(r, 100));
      const r = await run(String(sleeper.pid), '--out', join(dir, 'sleep.jsonl.gz'));
      expect(r.code).toBe(1);
      expect(lastLine(r.err)).toMatch(new RegExp(`^heapscope capture: process ${sleeper.pid} \\(sleep\\) is not a Python process`));
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('fails with one line when the process exits during the capture', async () => {
    // 2.7 waiting in Thread.join() never runs the queued capture; it is killed while heapscope waits.
    const py27 = interpreter('2.7');
    expect(py27).toBeDefined();
    const t = await startTarget(py27?.path ?? 'python2', 'join');
    setTimeout(() => t.stop(), 2_000);
    const r = await run(String(t.child.pid), '--out', join(dir, 'exits.jsonl.gz'));
    expect(r.code).toBe(1);
    expect(lastLine(r.err)).toBe(`heapscope capture: process ${t.child.pid} exited during the capture`);
  });

  it('says how to install gdb when it is missing, and leaves the target untouched', async () => {
    const py = interpreter('3.11');
    const t = await startTarget(py?.path ?? 'python3', 'sleep');
    try {
      await expect(captureProcess(t.child.pid ?? 0, { out: join(dir, 'nogdb.jsonl.gz'), dumperSource, gdb: '/nonexistent/gdb' })).rejects.toThrow(
        /^gdb is not installed: install it \(Debian\/Ubuntu: apt-get install gdb/,
      );
      expect((await readStatus(t.child.pid ?? 0))?.tracerPid).toBe(0);
    } finally {
      t.stop();
    }
  });

  it('names the missing C API symbols of a Python without them', async () => {
    const sleeper = spawn('sleep', ['100']);
    try {
      await new Promise((r) => setTimeout(r, 100));
      const exe = realpathSync('/proc/' + sleeper.pid + '/exe');
      const fake = { pid: sleeper.pid ?? 0, uid: 0, gid: 0, user: 'root', cmdline: ['sleep'], exe, image: { path: exe, kind: 'executable' as const }, version: '3.11' };
      await expect(resolveAddresses(fake)).rejects.toThrow(/has no symbol table entries for Py_AddPendingCall, PyRun_SimpleString/);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('refuses a process another debugger holds, naming that debugger', async () => {
    const py = interpreter('3.11');
    const t = await startTarget(py?.path ?? 'python3', 'sleep');
    const other = spawn('gdb', ['-nx', '-q', '-batch', '-p', String(t.child.pid), '-ex', 'shell sleep 8'], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !(await readStatus(t.child.pid ?? 0))?.tracerPid; i++) await new Promise((r) => setTimeout(r, 50));
      const r = await run(String(t.child.pid), '--out', join(dir, 'traced.jsonl.gz'));
      expect(r.code).toBe(1);
      expect(lastLine(r.err)).toMatch(new RegExp(`^heapscope capture: process ${t.child.pid} is already being traced by process \\d+ \\(a debugger or profiler\\): detach it first$`));
    } finally {
      other.kill('SIGKILL');
      t.stop();
    }
  });

  it('exit 2 when --count is given without {n} in --out', async () => {
    const r = await run('1', '--count', '2', '--out', join(dir, 'x.jsonl.gz'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/must hold \{n\}/);
  });
});
