/**
 * The capture's decisions that need no process: which method for which platform and version
 * (3.14+ → sys.remote_exec, none here to run it against), the command's argument rules, the boot
 * status file, and when gdb may run Python in a blocked main thread.
 */
import { describe, expect, it } from 'vitest';
import { decideMethod, remoteDebugDisabled } from '../../electron/capture/method.js';
import { planCapture } from '../../electron/cli/capture.js';
import { bootSource, parseStatus, pyString, stubSource } from '../../electron/capture/bootstrap.js';
import { blockedIn, inFutexWait } from '../../electron/capture/gdbInject.js';
import { CliExit } from '../../electron/cli/cliIo.js';

const linux = { platform: 'linux' as const, arch: 'x64' };

describe('decideMethod', () => {
  it('uses gdb for CPython 2.7 and 3.6-3.13 on x86-64 Linux', () => {
    for (const version of ['2.7', '3.6', '3.8', '3.11', '3.13']) expect(decideMethod({ ...linux, version })).toEqual({ method: 'attach-gdb' });
  });
  it('uses sys.remote_exec from 3.14 on', () => {
    expect(decideMethod({ ...linux, version: '3.14' })).toEqual({ method: 'attach-remote-exec' });
    expect(decideMethod({ ...linux, version: '3.15' })).toEqual({ method: 'attach-remote-exec' });
  });
  it('says so when the 3.14 target switched remote debugging off', () => {
    const env = decideMethod({ ...linux, version: '3.14', env: { PYTHON_DISABLE_REMOTE_DEBUG: '1' } });
    expect('error' in env && env.error).toMatch(/remote debugging switched off/);
    expect(remoteDebugDisabled(['python', '-X', 'disable_remote_debug', 'app.py'])).toBe(true);
    expect(remoteDebugDisabled(['python', 'app.py'], { PYTHON_DISABLE_REMOTE_DEBUG: '' })).toBe(false);
  });
  it('refuses versions the dumper does not run on', () => {
    const d = decideMethod({ ...linux, version: '3.5' });
    expect('error' in d && d.error).toMatch(/needs CPython 2.7 or 3.6\+/);
  });
  it('says plainly that macOS and Windows are not supported, and what to do instead', () => {
    const mac = decideMethod({ platform: 'darwin', arch: 'arm64', version: '3.11' });
    expect('error' in mac && mac.error).toMatch(/not supported on macOS.*in-process/);
    const win = decideMethod({ platform: 'win32', arch: 'x64', version: '3.14' });
    expect('error' in win && win.error).toMatch(/Linux only; on Windows/);
    const arm = decideMethod({ platform: 'linux', arch: 'arm64', version: '3.11' });
    expect('error' in arm && arm.error).toMatch(/x86-64 Linux only/);
  });
});

describe('planCapture (heapscope capture arguments)', () => {
  const usage = (argv: string[]) => {
    try {
      planCapture(argv);
    } catch (e) {
      return e instanceof CliExit ? `${e.code} ${e.message}` : String(e);
    }
    return 'accepted';
  };
  it('names the default file heapscope-PID-TIME.jsonl.gz in the current folder', () => {
    const p = planCapture(['123'], new Date(2026, 11, 3, 9, 5, 7));
    expect(p.outs).toEqual([`${process.cwd()}/heapscope-123-20261203T090507.jsonl.gz`]);
    expect(p.fork).toBe(true);
  });
  it('numbers a series from 1 and passes --no-fork on', () => {
    const p = planCapture(['9', '--every', '0.5', '--count', '3', '--out', '/tmp/h-{n}.jsonl', '--no-fork']);
    expect(p.outs).toEqual(['/tmp/h-1.jsonl', '/tmp/h-2.jsonl', '/tmp/h-3.jsonl']);
    expect(p.everyMs).toBe(500);
    expect(p.fork).toBe(false);
  });
  it('exits 2 on bad arguments', () => {
    expect(usage(['9', '--count', '2', '--out', 'h.jsonl'])).toMatch(/^2 with --count, --out must hold \{n\}/);
    expect(usage(['9', '--count', '2'])).toMatch(/^2 with --count/);
    expect(usage(['9', '--every', '1'])).toMatch(/^2 --every needs --count/);
    expect(usage(['9', '--every', 'x', '--count', '2', '--out', '{n}'])).toMatch(/^2 --every takes/);
    expect(usage(['abc'])).toMatch(/^2 PID must be a process id/);
    expect(usage([])).toMatch(/^2 missing PID/);
  });
});

describe('the bootstrap', () => {
  const paths = { boot: '/tmp/s/boot.py', dumper: '/tmp/s/heapscope_dump.py', out: '/tmp/s/heap.jsonl.gz', status: '/tmp/s/status' };
  it('binds no name in __main__: the stub is a try of one expression', () => {
    const stub = stubSource(paths);
    expect(stub.split('\n').filter((l) => /^\s*\w+\s*=/.test(l))).toEqual([]);
    expect(stub).toContain("with open(_B, 'rb') as _f:\\n _s = _f.read()");
    expect(stub).toContain("'_B': '/tmp/s/boot.py', '_D': '/tmp/s/heapscope_dump.py'");
  });
  it('asks for fork and the capture method, and falls back for an older dumper', () => {
    const boot = bootSource(paths, true, 'attach-gdb');
    expect(boot).toContain("fork=True, capture={'method': 'attach-gdb'}");
    expect(boot).toContain("_ns['dump']('/tmp/s/heap.jsonl.gz')");
    expect(bootSource(paths, false, 'attach-gdb')).toContain('fork=False');
  });
  it('quotes paths for Python and refuses what it cannot quote', () => {
    expect(pyString("/tmp/it's")).toBe("'/tmp/it\\'s'");
    expect(() => pyString('/tmp/é')).toThrow(/printable ASCII/);
  });
  it('reads the status file', () => {
    expect(parseStatus(undefined)).toEqual({ state: 'waiting' });
    expect(parseStatus('started 42\n')).toEqual({ state: 'started', pid: 42 });
    expect(parseStatus('started 42\nreturned 17\n')).toEqual({ state: 'returned', value: '17' });
    expect(parseStatus('started 42\nerror OSError: disk full\n')).toEqual({ state: 'error', message: 'OSError: disk full' });
  });
});

describe('blockedIn (may gdb run the pending call in the main thread?)', () => {
  it('only inside a blocking call that released the GIL, never in a futex or outside a call', () => {
    expect(blockedIn({ syscall: 0, rax: -512 })).toBe('read');
    expect(blockedIn({ syscall: 230, rax: -514 })).toBe('clock_nanosleep');
    expect(blockedIn({ syscall: 35, rax: -516 })).toBe('nanosleep');
    expect(blockedIn({ syscall: 202, rax: -512 })).toBeUndefined(); // futex: could be malloc's lock
    expect(blockedIn({ syscall: 9, rax: -512 })).toBeUndefined(); // mmap: inside malloc
    expect(blockedIn({ syscall: -1, rax: 0 })).toBeUndefined(); // running bytecode
    expect(blockedIn({ syscall: 0, rax: 5 })).toBeUndefined(); // read returned already
  });
  it('cuts short only a futex wait that is in progress', () => {
    expect(inFutexWait({ syscall: 202, rax: -512 })).toBe(true);
    expect(inFutexWait({ syscall: 202, rax: -516 })).toBe(true);
    expect(inFutexWait({ syscall: 202, rax: 0 })).toBe(false);
    expect(inFutexWait({ syscall: 0, rax: -512 })).toBe(false);
  });
});
