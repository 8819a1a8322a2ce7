/**
 * `heapscope suspects`, `paths`, `objects`, the leak gates of `check` and the honest verdict of
 * `analyze`, on a real CPython 3.11 dump of the logging handler that keeps 11 error records with
 * their tracebacks (test/python/leak-programs/handler_tracebacks.py). Field names of `--json` are
 * the stable interface of issue 13.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/index.js';
import type { CliIo } from '../../electron/cli/cliIo.js';
import { interpreter } from '../python/interpreters.js';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'heapscope-cli-suspects-'));
const dump = join(dir, 'handler.jsonl');

beforeAll(() => {
  const py = interpreter('3.11');
  if (!py) throw new Error('CPython 3.11 is required (pyenv)');
  execFileSync(py.path, [join(root, 'electron/engine/formats/heapscope/heapscope_dump.py'), 'run', join(root, 'test/python/leak-programs/handler_tracebacks.py'), '--out', dump]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}

describe('heapscope suspects', () => {
  it('--json lists suspects with owner, ownerType, path, kind, reason, retainedBytes and holds', async () => {
    const r = await run('suspects', dump, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { suspects: Record<string, unknown>[] };
    const s = j.suspects[0];
    expect(Object.keys(s).sort()).toEqual(['holds', 'kind', 'owner', 'ownerType', 'path', 'reason', 'retainedBytes']);
    expect(typeof s.owner).toBe('number');
    expect(s.ownerType).toBe('list');
    expect(s.path).toBe("sys.modules['__main__'].recent.records");
    expect(s.kind).toBe('traceback');
    expect((s.holds as { type: string; count: number }[])[0]).toMatchObject({ type: 'logging.LogRecord', count: 11 });
  });

  it('prints the ranked suspects with their paths', async () => {
    const r = await run('suspects', dump, '--limit', '1');
    expect(r.out).toContain("path:  sys.modules['__main__'].recent.records");
    expect(r.out).toMatch(/#1 traceback — \d+\.\d KiB retained/);
  });
});

describe('heapscope paths and objects', () => {
  it('paths --type merges the 11 payloads into one branch', async () => {
    const r = await run('paths', dump, '--type', '__main__.Payload', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { members: number; branches: { count: number; text: string }[] };
    expect(j.members).toBe(11);
    expect(j.branches).toHaveLength(1);
    expect(j.branches[0].text).toContain('frame (handle_job)');
  });

  it('objects --type takes a bare name and pages with --limit', async () => {
    const r = await run('objects', dump, '--type', 'Payload', '--limit', '3', '--json');
    const j = JSON.parse(r.out) as { objects: Record<string, unknown>[]; total: number };
    expect(j.total).toBe(11);
    expect(j.objects).toHaveLength(3);
    expect(Object.keys(j.objects[0]).sort()).toEqual(['address', 'repr', 'retainedBytes', 'size', 'type']);
    expect(j.objects[0].type).toBe('__main__.Payload');
    expect((await run('objects', dump, '--type', 'NoSuchType')).code).toBe(4);
  });
});

describe('heapscope check leak gates', () => {
  it('fails --max-suspect-bytes with the offending suspect printed', async () => {
    const r = await run('check', dump, '--max-suspect-bytes', '100KiB');
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL');
    expect(r.out).toContain("sys.modules['__main__'].recent.records");
  });

  it('passes a generous limit and fails a count limit', async () => {
    expect((await run('check', dump, '--max-suspect-bytes', '10MiB', '--max-count', 'Payload=11')).code).toBe(0);
    const r = await run('check', dump, '--max-count', '__main__.Payload=5', '--json');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as { ok: boolean; counts: Record<string, number>; failures: string[] };
    expect(j.ok).toBe(false);
    expect(j.counts['__main__.Payload']).toBe(11);
    expect((await run('check', dump, '--max-retained', '__main__.Payload=1KiB')).code).toBe(1);
    expect((await run('check', dump, '--max-retained', 'Payload=lots')).code).toBe(2);
  });
});

describe('heapscope analyze', () => {
  it('never says "No leak" while suspects retain memory', async () => {
    const r = await run('analyze', dump);
    expect(r.out).toContain('Nothing is uncollectable.');
    expect(r.out).toContain('LEAK SUSPECTS');
    expect(r.out).not.toContain('No leak');
    const j = JSON.parse((await run('analyze', dump, '--json')).out) as { verdict: string; suspects: unknown[] };
    expect(j.verdict).toMatch(/^nothing is uncollectable; 1 leak suspect retains/);
    expect(j.suspects.length).toBeGreaterThan(0);
  });
});
