/**
 * The reader's leniencies, each fixed or stated (FORMAT.md "Reader notes"): invalid UTF-8 is
 * refused by both paths (one type never reads as two names), duplicate keys are refused, `1.0`
 * reads as the integer 1 in both paths (stated: JSON has no integer type), blank lines after the
 * trailer are accepted, a bad gzip CRC says so, /proc files are read rather than called empty,
 * and running out of memory is a clear error instead of an internal RangeError.
 */
import { mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HeapFormatError, loadDump } from '../../../electron/engine/formats/index';
import { typeName } from '../../../electron/engine/model/HeapGraph';

const dir = mkdtempSync(join(tmpdir(), 'heapscope-lenient-'));
let serial = 0;
function file(content: string | Buffer, name = `l${++serial}.jsonl`): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const header = JSON.stringify({ format: 'heapscope', version: [1, 0], python: { version: '3.11.7', implementation: 'cpython' }, gc: { enabled: true, threshold: [700, 10, 10], debug: 0 } });
const end = (n: number): string => JSON.stringify({ k: 'end', objects: n });

async function failure(path: string): Promise<HeapFormatError> {
  const e = await loadDump(path).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(HeapFormatError);
  return e as HeapFormatError;
}

describe('reader leniencies', () => {
  it('refuses invalid UTF-8 on the fast path and the careful path alike, naming the line', async () => {
    const bad = Buffer.from([0x41, 0xff, 0x42]); // "A\xffB"
    const fast = Buffer.concat([Buffer.from(`${header}\n{"a":16,"t":"`), bad, Buffer.from(`","s":1,"f":0,"rc":1,"x":1}\n${end(1)}\n`)]);
    const careful = Buffer.concat([Buffer.from(`${header}\n{"a":16,"zz":0,"t":"`), bad, Buffer.from(`","s":1,"f":0,"rc":1,"x":1}\n${end(1)}\n`)]);
    for (const content of [fast, careful]) {
      const e = await failure(file(content));
      expect({ code: e.code, line: e.line }).toEqual({ code: 'JSON', line: 2 });
      expect(e.message).toMatch(/invalid UTF-8/);
    }
  });

  it('reads valid UTF-8 type names the same on both paths (one histogram row)', async () => {
    const t = 'mod.Caf\u00e9';
    const lines = [header, JSON.stringify({ a: 16, t, s: 1, f: 0, rc: 1, x: 1 }), JSON.stringify({ a: 32, zz: 1, t, s: 1, f: 0, rc: 1, x: 1 }), end(2)];
    const g = (await loadDump(file(`${lines.join('\n')}\n`))).graph;
    expect(typeName(g, 0)).toBe(t);
    expect(g.typeIds[0]).toBe(g.typeIds[1]);
  });

  it('refuses a duplicate key instead of letting the last one win', async () => {
    const e = await failure(file(`${header}\n{"a":16,"t":"dict","s":1,"f":3,"rc":1,"x":1,"rc":9}\n${end(1)}\n`));
    expect({ code: e.code, line: e.line }).toEqual({ code: 'FIELD', line: 2 });
    expect(e.message).toMatch(/key "rc" appears twice/);
    const escaped = await failure(file(`${header}\n{"a":16,"t":"dict","s":1,"f":3,"rc":1,"x":1,"\\u0072c":9}\n${end(1)}\n`));
    expect(escaped.message).toMatch(/key "rc" appears twice/);
  });

  it('reads 1.0 and 6.4e1 as the integers 1 and 64 (stated: JSON numbers have no integer type)', async () => {
    const g = (await loadDump(file(`${header}\n{"a":16,"t":"dict","s":6.4e1,"f":3,"rc":1.0,"x":1}\n${end(1)}\n`))).graph;
    expect([g.sizes[0], g.refcounts[0]]).toEqual([64, 1]);
  });

  it('accepts blank lines after the trailer, and still refuses data there', async () => {
    const obj = '{"a":16,"t":"dict","s":1,"f":0,"rc":1,"x":1}';
    expect((await loadDump(file(`${header}\n${obj}\n${end(1)}\n\n`))).graph.nodeCount).toBe(1);
    expect((await loadDump(file(`${header}\n${obj}\n${end(1)}\r\n\r\n  \n`))).graph.nodeCount).toBe(1);
    expect((await failure(file(`${header}\n${obj}\n${end(1)}\n\n${obj}\n`))).message).toMatch(/data after the trailer/);
  });

  it('says a gzip file fails its CRC check, not that it does not inflate', async () => {
    const gz = gzipSync(`${header}\n{"a":16,"t":"dict","s":1,"f":0,"rc":1,"x":1}\n${end(1)}\n`);
    gz[gz.length - 8] ^= 0xff; // the CRC-32 in the gzip trailer
    const e = await failure(file(gz, 'crc.jsonl.gz'));
    expect(e.code).toBe('CORRUPT');
    expect(e.message).toMatch(/crc\.jsonl\.gz: the gzip checksum \(CRC-32\) does not match the data: the file is corrupt/);
  });

  it('reads /proc files (size 0, with content) instead of calling them empty', async () => {
    const e = await failure('/proc/self/status');
    expect(e.code).toBe('FORMAT');
    expect(e.message).toMatch(/not a heapscope dump/);
  });

  it.runIf(process.platform === 'linux')('reports running out of memory (ulimit -v) as one clear line with exit 1', () => {
    const path = join(dir, 'huge.jsonl');
    const fd = openSync(path, 'w');
    writeSync(fd, `${JSON.stringify({ ...JSON.parse(header), counts: { objects: 50_000_000, tracked: 1 } })}\n`);
    ftruncateSync(fd, 800 * 1024 * 1024); // sparse: the reader sizes its arrays by it
    closeSync(fd);
    // The built CLI (npm run build): tsx itself cannot start under 2 GB of address space.
    const cli = join(import.meta.dirname, '../../../out/main/cli.js');
    const script = `import(${JSON.stringify(cli)}).then(async (m) => { process.exitCode = await m.main(['analyze', ${JSON.stringify(path)}]); })`;
    const limitKb = 2 * 1024 * 1024; // the issue's `ulimit -v 2G`
    const r = spawnSync('bash', ['-c', `ulimit -v ${limitKb}; exec "$0" -e "$1"`, process.execPath, script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toMatch(/huge\.jsonl: not enough memory to load this dump \(800\.0 MB stored\): the object and reference columns for [\d,]+ objects and [\d,]+ references needed [\d.]+ GiB, [\d.]+ (MiB|GiB) of address space left under the process limit \(ulimit -v\)/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1); // one line, no stack trace
    expect(r.status).toBe(1);
  }, 60_000);

  it.runIf(process.platform === 'linux')('names what it was building when a file without counts runs out of memory, and refuses to start with too little', () => {
    // No object count in the header: the reader sizes its arrays by the file (sparse, 1.5 GB).
    const path = join(dir, 'nocounts.jsonl');
    const fd = openSync(path, 'w');
    writeSync(fd, `${header}\n`);
    ftruncateSync(fd, 1500 * 1024 * 1024);
    closeSync(fd);
    const cli = join(import.meta.dirname, '../../../out/main/cli.js');
    const script = `import(${JSON.stringify(cli)}).then(async (m) => { process.exitCode = await m.main(['top', ${JSON.stringify(path)}]); })`;
    const run = (limitKb: number): ReturnType<typeof spawnSync> =>
      spawnSync('bash', ['-c', `ulimit -v ${limitKb}; exec "$0" -e "$1"`, process.execPath, script], { encoding: 'utf8', timeout: 60_000 });
    const r = run(2 * 1024 * 1024);
    expect(r.stderr).toMatch(/^heapscope top: nocounts\.jsonl: not enough memory to load this dump \(1500\.0 MB stored\): the object and reference columns for [\d,]+ objects and [\d,]+ references needed [\d.]+ (MiB|GiB)/);
    expect(String(r.stderr).trim().split('\n')).toHaveLength(1);
    expect(r.status).toBe(1);
    // 1 GB: V8 itself would not get far; the command says so before it starts.
    const tiny = run(1024 * 1024);
    expect(tiny.stderr).toMatch(/^heapscope top: not enough memory to run: [\d.]+ (KiB|MiB) of address space left under the process limit \(ulimit -v\), at least 512 MiB needed\n$/);
    expect(tiny.status).toBe(1);
  }, 120_000);
});
