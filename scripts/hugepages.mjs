// The environment heapscope's own processes run with: on Linux, glibc is told to back large
// allocations with transparent huge pages (GLIBC_TUNABLES glibc.malloc.hugetlb=1, glibc >= 2.35;
// ignored elsewhere). Loading a dump writes hundreds of MB of fresh typed arrays; with 4 KiB pages
// every first write to a page faults, which on virtual machines costs ~15 µs a page (over a second
// for a 2M-object dump), with 2 MiB pages a 512th of that. A setting the user made is kept.
import { spawn } from 'node:child_process';

/** `env` plus the huge-page tunable, or `env` itself where it does not apply. */
export function withHugePages(env = process.env) {
  if (process.platform !== 'linux') return env;
  const current = env.GLIBC_TUNABLES ?? '';
  if (current.includes('glibc.malloc.hugetlb=')) return env;
  return { ...env, GLIBC_TUNABLES: current ? `${current}:glibc.malloc.hugetlb=1` : 'glibc.malloc.hugetlb=1' };
}

/** True when this process already runs with the tunable (or it does not apply here). */
export function hasHugePages(env = process.env) {
  return withHugePages(env) === env;
}

const forwarded = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * Runs `script` again in a child with the tunable set, and ends as the child ends (same code,
 * same signal). `kill PID` of this process must stop the real one: every catchable signal is
 * forwarded, and the child keeps an IPC channel to us, so if we die without a word (kill -9) it
 * sees the channel close and stops too (stopWithParent). Never returns.
 */
export function reexecWithHugePages(script, args) {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...withHugePages(), HEAPSCOPE_REEXEC_PARENT: String(process.pid) },
  });
  const handlers = forwarded.map((signal) => {
    const handler = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    process.on(signal, handler);
    return [signal, handler];
  });
  child.once('error', (err) => {
    process.stderr.write(`heapscope: ${err.message}\n`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    for (const [s, h] of handlers) process.off(s, h);
    if (signal) process.kill(process.pid, signal);
    process.exit(code ?? 1);
  });
}

/**
 * In the re-executed child: stop (as if sent SIGTERM, so servers close cleanly) once the parent
 * that started us is gone. The channel must not keep the process alive by itself.
 */
export function stopWithParent() {
  const ours = process.env.HEAPSCOPE_REEXEC_PARENT === String(process.ppid);
  delete process.env.HEAPSCOPE_REEXEC_PARENT;
  if (!ours || !process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => {
    process.kill(process.pid, 'SIGTERM');
    // Whatever does not stop on SIGTERM within a few seconds is ended.
    setTimeout(() => process.exit(1), 5000).unref();
  });
}
