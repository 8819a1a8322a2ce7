/**
 * The dumper compiled ahead by the target's own interpreter (electron/capture/precompile.ts): only
 * for a Python CLI, only when the binary answers with the target's version, and the code object it
 * writes is the dumper's, named by the staging path (the dumper knows its frames by that name).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { looksLikePythonCli, precompileDumper } from '../../electron/capture/precompile.js';
import { bootSource } from '../../electron/capture/bootstrap.js';
import { inspectTarget } from '../../electron/capture/target.js';
import { interpreter } from '../python/interpreters.js';

const tmp = mkdtempSync(join(tmpdir(), 'heapscope-precompile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dumper = join(import.meta.dirname, '../../electron/engine/formats/heapscope/heapscope_dump.py');

describe('precompile', () => {
  it('takes Python CLIs by name and nothing else', () => {
    for (const p of ['/usr/bin/python3.11', '/opt/py/bin/python', '/x/python3', '/x/python3.13t', '/x/python2.7']) expect(looksLikePythonCli(p), p).toBe(true);
    for (const p of ['/usr/bin/uwsgi', '/usr/sbin/apache2', '/x/python-config', '/x/mypython', '/x/python3.11.sh']) expect(looksLikePythonCli(p), p).toBe(false);
  });

  it('says which code file the boot file loads, and falls back to the source without one', () => {
    const paths = { boot: '/s/boot.py', dumper: '/s/heapscope_dump.py', out: '/s/heap.jsonl', status: '/s/status' };
    expect(bootSource(paths, true, 'attach-gdb')).not.toContain('heapscope_dump.code');
    expect(bootSource(paths, true, 'attach-gdb')).toContain("if _m is not None and False:");
    expect(bootSource({ ...paths, code: '/s/heapscope_dump.code' }, true, 'attach-gdb')).toContain("open('/s/heapscope_dump.code', 'rb')");
  });

  const py = interpreter('3.11');
  it.skipIf(!py)('compiles the dumper with the target’s own binary, under the staging name', async () => {
    const child = spawn(py!.path, ['-c', 'import time; time.sleep(60)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const target = await inspectTarget(child.pid!);
      const staged = join(tmp, 'heapscope_dump.py');
      writeFileSync(staged, readFileSync(dumper));
      const code = join(tmp, 'heapscope_dump.code');
      expect(await precompileDumper(target, staged, code)).toBe(true);
      const check = `import marshal; c = marshal.loads(open(${JSON.stringify(code)}, 'rb').read()); print(c.co_filename)`;
      expect(execFileSync(py!.path, ['-c', check], { encoding: 'utf8' }).trim()).toBe(staged);
      // Another version's answer is refused: the code would not load there.
      expect(await precompileDumper({ ...target, version: '3.12' }, staged, join(tmp, 'other.code'))).toBe(false);
      // A dumper that does not compile: no code file, the boot file compiles in the target (and says why).
      writeFileSync(join(tmp, 'broken.py'), 'def (:\n');
      expect(await precompileDumper(target, join(tmp, 'broken.py'), join(tmp, 'broken.code'))).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
