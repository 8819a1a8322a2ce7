/**
 * The `heapscope` subcommands, called in-process through main(argv, io) with captured output:
 * the article's numbers, the --json interface, CPython's debug lines, and every exit code.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../electron/cli/index.js';
import type { CliIo } from '../../electron/cli/cliIo.js';
import { A, B, DA, DB, MODULE_DICT, releaseLocals, writeFixtures } from './fixtures.js';

const fx = writeFixtures();
afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}

const hex = (a: number): string => `0x${a.toString(16)}`;

describe('heapscope analyze', () => {
  it("prints the article's numbers for the 2.7 two-object cycle: 4 unreachable, 2 in gc.garbage", async () => {
    const r = await run('analyze', fx.twoCycle, ...releaseLocals);
    expect(r.code).toBe(0);
    expect(r.out).toContain('unreachable object num: 4');
    expect(r.out).toContain('garbage object num: 2');
    expect(r.out).toContain('__main__.CGcLeakA');
    expect(r.out).toMatch(/__del__.*assumed|assumed.*__del__/);
    expect(r.out).toContain('LEAK: 4 objects');
  });

  it('finds nothing to collect while the locals still hold the cycle', async () => {
    const r = await run('analyze', fx.twoCycle, '--json');
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect([j.collect, j.garbage]).toEqual([0, 0]);
  });

  it('prints one JSON object with the public field names, addresses as numbers', async () => {
    const r = await run('analyze', fx.twoCycle, ...releaseLocals, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    for (const key of ['collect', 'garbage', 'collectable', 'uncollectable', 'garbageObjects', 'freedByRefcount', 'freedByCollector', 'resurrected', 'weakrefCallbacks']) {
      expect(j, key).toHaveProperty(key);
    }
    expect(j.collect).toBe(4);
    expect(j.garbage).toBe(2);
    expect(j.garbageObjects).toEqual([A, B]);
    expect((j.uncollectable as number[]).sort()).toEqual([A, B, DA, DB].sort());
    expect(j.collectable).toEqual([]);
  });

  it('applies another version’s rules with --rules: 3.8 collects all four and keeps none', async () => {
    const r = await run('analyze', fx.twoCycle, ...releaseLocals, '--rules', '3.8', '--json');
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect([j.collect, j.garbage, j.rules]).toEqual([4, 0, '3.7.5']);
  });

  it('keeps everything in gc.garbage with --saveall', async () => {
    const r = await run('analyze', fx.twoCycle, ...releaseLocals, '--rules', '3.11', '--saveall', '--json');
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect([j.collect, j.garbage]).toEqual([4, 4]);
  });

  it('prints the lines 2.7’s gc prints with DEBUG_LEAK (tp_name and %p)', async () => {
    const r = await run('analyze', fx.twoCycle, ...releaseLocals, '--debug', 'LEAK', '--json');
    const j = JSON.parse(r.out) as { debug: string[]; garbage: number };
    expect(j.debug).toEqual([`gc: uncollectable <CGcLeakA ${hex(A)}>`, `gc: uncollectable <CGcLeakB ${hex(B)}>`, `gc: uncollectable <dict ${hex(DA)}>`, `gc: uncollectable <dict ${hex(DB)}>`]);
    expect(j.garbage).toBe(4);
  });

  it('prints nothing for 2.7 DEBUG_UNCOLLECTABLE without DEBUG_OBJECTS, as debug_cycle does', async () => {
    const r = await run('analyze', fx.twoCycle, ...releaseLocals, '--debug', 'UNCOLLECTABLE', '--json');
    expect((JSON.parse(r.out) as { debug: string[] }).debug).toEqual([]);
  });

  it('prints 3.x collectable lines with DEBUG_COLLECTABLE alone', async () => {
    const r = await run('analyze', fx.twoCycle311, ...releaseLocals, '--debug', 'COLLECTABLE|UNCOLLECTABLE');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`gc: collectable <CGcLeakA ${hex(A)}>`);
    expect(r.out).toContain(`gc: collectable <dict ${hex(DB)}>`);
    expect(r.out).not.toContain('uncollectable <');
  });

  it('accepts the article’s 2.7 flags on a 3.x dump (INSTANCES, OBJECTS change nothing there)', async () => {
    const r = await run('analyze', fx.twoCycle311, ...releaseLocals, '--debug', 'COLLECTABLE|UNCOLLECTABLE|INSTANCES|OBJECTS', '--json');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { debug: string[] }).debug).toContain(`gc: collectable <CGcLeakA ${hex(A)}>`);
    expect((await run('analyze', fx.twoCycle311, '--debug', 'VERBOSE')).code).toBe(2);
  });

  it('takes addresses in hex as gc prints them', async () => {
    const r = await run('analyze', fx.twoCycle, '--edit', `drop-external:${hex(A)}`, '--edit', `drop-external:${hex(B)}:1`, '--json');
    expect((JSON.parse(r.out) as { collect: number }).collect).toBe(4);
  });

  it('frees everything by reference counting when the cycle is broken first (test_code_4)', async () => {
    const r = await run('analyze', fx.twoCycle, '--edit', `drop-ref:${DB}:${A}`, ...releaseLocals, '--json');
    const j = JSON.parse(r.out) as { collect: number; garbage: number; freedByRefcount: number[] };
    expect([j.collect, j.garbage]).toEqual([0, 0]);
    expect(j.freedByRefcount).toEqual(expect.arrayContaining([A, B, DA, DB]));
  });
});

describe('exit codes', () => {
  it('exits 2 on an unknown option, a bad edit, a bad rule set, a missing dump argument', async () => {
    expect((await run('analyze', fx.twoCycle, '--frobnicate')).code).toBe(2);
    expect((await run('analyze', fx.twoCycle, '--edit', 'drop-ref:1')).code).toBe(2);
    expect((await run('analyze', fx.twoCycle, '--rules', 'banana')).code).toBe(2);
    expect((await run('analyze')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
  });

  it('exits 2 when an edit names a reference that does not exist', async () => {
    const r = await run('analyze', fx.twoCycle, '--edit', `drop-ref:${A}:${B}`);
    expect(r.code).toBe(2);
  });

  it('exits 3 naming the file when the dump is missing or truncated', async () => {
    const missing = await run('analyze', join(fx.dir, 'nope.jsonl'));
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('nope.jsonl');
    const cut = await run('cycles', fx.truncated);
    expect(cut.code).toBe(3);
    expect(cut.err).toMatch(/truncated\.jsonl(:\d+)?:/);
  });

  it('exits 4 on an address the dump does not hold', async () => {
    expect((await run('path', fx.twoCycle, '12345')).code).toBe(4);
    expect((await run('analyze', fx.twoCycle, '--edit', 'clear:12345')).code).toBe(4);
  });

  it('prints help and version with exit 0', async () => {
    const help = await run('--help');
    expect(help.code).toBe(0);
    for (const cmd of ['analyze', 'cycles', 'path', 'top', 'check', 'dumper', 'serve']) expect(help.out).toContain(cmd);
    expect((await run('--version')).out).toMatch(/^heapscope \d+\.\d+\.\d+/);
  });
});

describe('heapscope check', () => {
  it('fails (exit 1) when more objects are uncollectable than allowed', async () => {
    const r = await run('check', fx.twoCycle, ...releaseLocals, '--max-uncollectable', '0');
    expect(r.code).toBe(1);
    expect(r.out).toContain('FAIL');
  });

  it('passes (exit 0) within the limit, and on 3.x rules where __del__ cycles are collected', async () => {
    expect((await run('check', fx.twoCycle, ...releaseLocals, '--max-uncollectable', '4')).code).toBe(0);
    expect((await run('check', fx.twoCycle, ...releaseLocals, '--rules', '3.9', '--max-uncollectable', '0')).code).toBe(0);
  });

  it('needs a limit (exit 2)', async () => {
    expect((await run('check', fx.twoCycle)).code).toBe(2);
  });
});

describe('heapscope cycles, path, top', () => {
  it('lists the four-object cycle with its finalizers and fate', async () => {
    const r = await run('cycles', fx.twoCycle, ...releaseLocals, '--json');
    const j = JSON.parse(r.out) as { cycles: { size: number; hasFinalizers: boolean; fate: string; members: number[] }[] };
    const big = j.cycles.find((c) => c.size === 4);
    expect(big).toBeDefined();
    expect(big?.hasFinalizers).toBe(true);
    expect(big?.fate).toBe('uncollectable');
    expect(big?.members.sort()).toEqual([A, B, DA, DB].sort());
    expect((await run('cycles', fx.twoCycle)).out).toContain('cycle #');
  });

  it('explains why an object is alive: the path from its root', async () => {
    const r = await run('path', fx.twoCycle, String(DA));
    expect(r.code).toBe(0);
    expect(r.out).toContain('alive');
    expect(r.out).toContain('__dict__');
    const j = JSON.parse((await run('path', fx.twoCycle, String(DA), '--json')).out) as { fate: string; path: { address: number }[] };
    expect(j.fate).toBe('alive');
    expect(j.path[j.path.length - 1].address).toBe(DA);
  });

  it('says a released cycle member is uncollectable, not alive', async () => {
    const r = await run('path', fx.twoCycle, String(A), ...releaseLocals);
    expect(r.out).toContain('uncollectable');
  });

  it('ranks objects by retained size', async () => {
    const j = JSON.parse((await run('top', fx.twoCycle, '--limit', '3', '--json')).out) as { objects: { address: number; retainedBytes: number }[] };
    expect(j.objects).toHaveLength(3);
    expect(j.objects[0].retainedBytes).toBeGreaterThanOrEqual(j.objects[1].retainedBytes);
    expect((await run('top', fx.twoCycle, '--types')).out).toContain('dict');
    expect((await run('top', fx.twoCycle, '--limit', 'x')).code).toBe(2);
    void MODULE_DICT;
  });
});

describe('heapscope dumper', () => {
  const source = readFileSync(join(import.meta.dirname, '../../electron/engine/formats/heapscope/heapscope_dump.py'), 'utf8');

  it('prints heapscope_dump.py', async () => {
    const r = await run('dumper');
    expect(r.code).toBe(0);
    expect(r.out).toBe(source);
  });

  it('writes it with --out', async () => {
    const out = join(fx.dir, 'heapscope_dump.py');
    const r = await run('dumper', '--out', out);
    expect(r.code).toBe(0);
    expect(existsSync(out) && readFileSync(out, 'utf8')).toBe(source);
  });
});

describe('paths and help', () => {
  it('resolves a relative dump path against INIT_CWD under npm run, and the error names the resolved path', async () => {
    const { userPath } = await import('../../electron/cli/openDump.js');
    expect(userPath('heap.jsonl', { npm_lifecycle_event: 'cli', INIT_CWD: '/home/me/work' })).toBe('/home/me/work/heap.jsonl');
    expect(userPath('/abs/heap.jsonl', { npm_lifecycle_event: 'cli', INIT_CWD: '/home/me/work' })).toBe('/abs/heap.jsonl');
    expect(userPath('heap.jsonl', { INIT_CWD: '/home/me/work' })).toBe(join(process.cwd(), 'heap.jsonl'));
    const r = await run('analyze', 'no-such-dump.jsonl');
    expect(r.code).toBe(3);
    expect(r.err).toContain(join(process.cwd(), 'no-such-dump.jsonl'));
  });

  it("prints a command's own help for COMMAND --help", async () => {
    const r = await run('path', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: heapscope path DUMP ADDR/);
    expect(r.out).toContain('ADDR ');
    expect(r.out).not.toContain('analyze DUMP');
    expect(r.out).not.toContain('serve ');
  });
});
