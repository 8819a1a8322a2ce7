/**
 * Nesting bombs: a deeply nested value (even in a record kind the reader would skip) is refused
 * before JSON.parse builds it, with the file and line; the CLI exits 3 even on a small V8 heap.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HeapFormatError, loadDump } from '../../../electron/engine/formats/index';
import { nestingTooDeep } from '../../../electron/engine/formats/heapscope/objectRecord';

const dir = mkdtempSync(join(tmpdir(), 'heapscope-bomb-'));
const header = JSON.stringify({ format: 'heapscope', version: [1, 0], python: { version: '3.11.7', implementation: 'cpython' }, gc: { enabled: true, threshold: [700, 10, 10], debug: 0 } });
const bomb = (depth: number): string => `{"k":"future","v":${'['.repeat(depth)}${']'.repeat(depth)}}`;

function write(name: string, depth: number): string {
  const text = [header, JSON.stringify({ a: 16, t: 'list', s: 56, f: 3, rc: 1, x: 1 }), bomb(depth), JSON.stringify({ k: 'end', objects: 1 })].join('\n') + '\n';
  const path = join(dir, name);
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(text) : text);
  return path;
}

describe('nesting bombs', () => {
  it('refuses a 2-million-deep array in an unknown record kind at its line, without parsing it', async () => {
    const err = await loadDump(write('bomb.jsonl.gz', 2_000_000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeapFormatError);
    expect(err).toMatchObject({ code: 'JSON', line: 3 });
    expect((err as Error).message).toMatch(/bomb\.jsonl\.gz:3: .*nested deeper than 64 levels/);
  });

  it('still reads records nested as deep as the format allows', async () => {
    const g = (await loadDump(write('fine.jsonl', 60))).graph;
    expect(g.nodeCount).toBe(1);
  });

  it('counts brackets inside strings as text', () => {
    const line = Buffer.from(`{"r":"${'['.repeat(100)}","e":[[1]]}`);
    expect(nestingTooDeep(line, 0, line.length, 3)).toBe(-1);
    const escaped = Buffer.from(`{"r":"\\"${'['.repeat(100)}"}`);
    expect(nestingTooDeep(escaped, 0, escaped.length, 3)).toBe(-1);
    const deep = Buffer.from('[[[[1]]]]');
    expect(nestingTooDeep(deep, 0, deep.length, 3)).toBe(3);
  });

  it('makes the CLI exit 3 naming file and line, even with a 64 MB V8 heap', () => {
    const path = write('cli-bomb.jsonl.gz', 20_000_000);
    const cli = join(import.meta.dirname, '../../../electron/cli/index.ts');
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', '-e', `import(${JSON.stringify(cli)}).then(async (m) => { process.exitCode = await m.main(['analyze', ${JSON.stringify(path)}]); })`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toMatch(/cli-bomb\.jsonl\.gz:3: .*nested deeper/);
    expect(r.status).toBe(3);
  }, 60_000);
});
