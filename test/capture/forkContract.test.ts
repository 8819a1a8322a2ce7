/**
 * The contract with the dumper's fork capture (issue #11 item 2): the bootstrap calls
 * dump(OUT, fork=True, capture={'method': 'attach-gdb'}); such a dump() returns at once while a
 * forked child still writes the file. A stand-in dumper with that signature writes slowly from a
 * double-forked child: the capture must wait for the trailer, not for dump() to return, and pass
 * `capture` and `fork` through (--no-fork gives fork=False). The forked writer notes its pid in
 * capture['writer']: a writer that is alive but silent for longer than the stall limit (a census of
 * millions of objects) is waited for, and one that dies before the trailer fails the capture at once.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, expect, it } from 'vitest';
import { captureProcess } from '../../electron/capture/capture.js';
import { interpreter } from '../python/interpreters.js';
import { startTarget } from './targets.js';

const dir = mkdtempSync(join(tmpdir(), 'heapscope-forkcontract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const standIn = `
import gzip, json, os, sys, time
MODE = os.environ.get('STAND_IN_MODE', '')
def dump(path, fork=False, capture=None, **options):
    capture = dict(capture or {})
    writer = capture.pop('writer', None)
    header = {'format': 'heapscope', 'version': [1, 0], 'pid': os.getpid(), 'capture': dict(capture, fork=fork)}
    def write():
        if fork and writer:
            with open(writer, 'w') as w:
                w.write('%d\\n' % os.getpid())
        if MODE == 'silent':
            time.sleep(2.5)  # a long census: nothing written, longer than the stall limit
        f = gzip.open(path, 'wb')
        f.write((json.dumps(header) + '\\n').encode('ascii'))
        f.flush()
        time.sleep(0.8)  # still writing after dump() returned
        if MODE == 'dies':
            os._exit(3)
        f.write(b'{"k":"end","objects":0}\\n')
        f.close()
    if not fork:
        write()
        return 0
    child = os.fork()
    if child == 0:
        if os.fork() == 0:
            try:
                write()
            finally:
                os._exit(0)
        os._exit(0)
    os.waitpid(child, 0)
    return 0
`;

for (const v of ['2.7', '3.11']) {
  it(`waits for a forked child's trailer and passes fork and capture on (CPython ${v})`, async () => {
    const py = interpreter(v);
    expect(py).toBeDefined();
    // busy: the pending call runs after detach; sleep: gdb runs it in the blocked main thread, so
    // the fork happens inside a call gdb makes (gdb detaches the new child itself).
    for (const [mode, fork] of [['busy', true], ['sleep', true], ['busy', false]] as const) {
      const t = await startTarget(py?.path ?? 'python3', mode);
      try {
        const out = join(dir, `fork-${v}-${mode}-${fork}.jsonl.gz`);
        const r = await captureProcess(t.child.pid ?? 0, { out, dumperSource: standIn, fork });
        expect(r.objects).toBe(0);
        const lines = gunzipSync(readFileSync(out)).toString().trim().split('\n');
        expect(lines).toHaveLength(2);
        const header = JSON.parse(lines[0]) as { capture: { method: string; fork: boolean }; pid: number };
        expect(header.capture).toEqual({ method: 'attach-gdb', fork });
        expect(header.pid).toBe(t.child.pid);
        expect(t.stdout()).toBe('ready\n');
        expect(t.stderr()).toBe('');
      } finally {
        t.stop();
      }
    }
  });
}

it('waits for a forked writer that is alive but silent past the stall limit, and fails at once when it dies (CPython 3.11)', async () => {
  const py = interpreter('3.11');
  expect(py).toBeDefined();
  for (const mode of ['silent', 'dies'] as const) {
    process.env.STAND_IN_MODE = mode;
    const t = await startTarget(py?.path ?? 'python3', 'busy');
    try {
      const out = join(dir, `fork-writer-${mode}.jsonl.gz`);
      const run = captureProcess(t.child.pid ?? 0, { out, dumperSource: standIn, fork: true, stallMs: 1000 });
      if (mode === 'silent') {
        expect((await run).objects).toBe(0);
      } else {
        await expect(run).rejects.toThrow(/the dump's writer \(process \d+, forked from process \d+\) exited before the dump was complete/);
      }
    } finally {
      t.stop();
      delete process.env.STAND_IN_MODE;
    }
  }
});
