/**
 * A process of another user, without permission: the built command run as `nobody` (setpriv)
 * against a Python owned by root must refuse with one line naming both users, and leave the
 * target alone. Not root: the same check in-process against pid 1. Needs `npm run build`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { captureProcess } from '../../electron/capture/capture.js';
import { readStatus } from '../../electron/capture/procfs.js';
import { interpreter } from '../python/interpreters.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'heapscope-perm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('refuses a process of another user with one line that names both users', async () => {
  if ((process.getuid?.() ?? 0) !== 0) {
    await expect(captureProcess(1, { out: join(dir, 'x.jsonl.gz'), dumperSource: '' })).rejects.toThrow(/^process 1 belongs to user root, not to you/);
    return;
  }
  const built = join(root, 'out/main');
  expect(existsSync(join(built, 'cli.js')), 'run npm run build first').toBe(true);
  // A copy that `nobody` can read (the checkout may sit under a private home folder).
  const copy = join(dir, 'cli');
  cpSync(built, copy, { recursive: true });
  cpSync(join(root, 'node_modules/zod'), join(copy, 'node_modules/zod'), { recursive: true, dereference: true });
  chmodSync(dir, 0o755);
  spawnSync('chmod', ['-R', 'a+rX', copy]);
  const py = interpreter('3.11');
  expect(py).toBeDefined();
  const target = spawn(py?.path ?? 'python3', ['-c', 'import time; time.sleep(60)']);
  try {
    await new Promise((r) => setTimeout(r, 300));
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, join(copy, 'cli.js'), 'capture', String(target.pid), '--out', join(tmpdir(), 'never.jsonl.gz')], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp' },
    });
    expect(r.status, r.stderr).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^heapscope capture: process ${target.pid} belongs to user root, not to you \\(nobody\\)`));
    expect((await readStatus(target.pid ?? 0))?.state).toBe('S');
  } finally {
    target.kill('SIGKILL');
  }
});
