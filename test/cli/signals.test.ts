/**
 * `heapscope` re-executes itself with glibc's huge-page tunable (scripts/hugepages.mjs). `kill PID`
 * of the command the user started must stop the real process: SIGTERM is forwarded, and a wrapper
 * killed outright (kill -9) takes its child with it. Needs `npm run build`.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(test: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return test();
}

/** Starts `heapscope serve` through the wrapper; resolves with both pids once it serves. */
async function startWrapped(): Promise<{ wrapper: number; server: number; url: string; exited: Promise<{ code: number | null; signal: string | null }> }> {
  const env = { ...process.env };
  delete env.GLIBC_TUNABLES; // so the wrapper re-executes
  delete env.HEAPSCOPE_REEXEC_PARENT;
  const child = spawn(process.execPath, [join(root, 'bin/heapscope.mjs'), 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: string | null }>((r) => child.once('exit', (code, signal) => r({ code, signal })));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL: ${out}`)), 30_000);
    const on = (b: Buffer): void => {
      out += b.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\w+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
  });
  const children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  expect(children).toHaveLength(1);
  return { wrapper: child.pid!, server: children[0], url, exited };
}

describe.runIf(process.platform === 'linux')('heapscope and its huge-page re-exec', () => {
  it('forwards SIGTERM: kill PID stops the real server and the wrapper ends with it', async () => {
    const s = await startWrapped();
    expect(alive(s.server)).toBe(true);
    process.kill(s.wrapper, 'SIGTERM');
    expect(await until(() => !alive(s.server), 10_000)).toBe(true);
    const end = await s.exited;
    expect(end.code === 0 || end.signal === 'SIGTERM').toBe(true);
    await expect(fetch(s.url)).rejects.toThrow();
  }, 40_000);

  it('stops the real server when the wrapper is killed with SIGKILL', async () => {
    const s = await startWrapped();
    process.kill(s.wrapper, 'SIGKILL');
    expect(await until(() => !alive(s.server), 10_000)).toBe(true);
  }, 40_000);
});
