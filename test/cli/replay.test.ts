/** `heapscope replay`: the step list as text and as the stable --json interface, and its errors. */
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { main } from '../../electron/cli/index.js';
import type { CliIo } from '../../electron/cli/cliIo.js';
import { A, B, DA, DB, releaseLocals, writeFixtures } from './fixtures.js';

const fx = writeFixtures();
afterAll(() => rmSync(fx.dir, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(argv, io);
  return { code, out, err };
}

interface ReplayJson {
  rules: string;
  objects: number[];
  steps: { phase: string; text: string; objects: { address: number; gcRefs: number | null; list: string }[] }[];
  final: { collectable: number[]; uncollectable: number[]; garbageObjects: number[]; freedByRefcount: number[] };
}

describe('heapscope replay', () => {
  it("replays the article's cycle under 2.7 rules after the locals let go: edits first, then gc.garbage", async () => {
    const r = await run('replay', fx.twoCycle, `0x${A.toString(16)}`, ...releaseLocals, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as ReplayJson;
    expect(j.rules).toBe('2.7');
    expect([...j.objects].sort()).toEqual([A, B, DA, DB].sort());
    expect(j.steps.map((s) => s.phase)).toEqual([
      'edits',
      'update_refs',
      'subtract_refs',
      'move_unreachable',
      'move_finalizers',
      'move_finalizer_reachable',
      'handle_weakrefs',
      'delete_garbage',
      'handle_finalizers',
    ]);
    for (const s of j.steps) expect(s.objects.map((o) => o.address).sort()).toEqual([...j.objects].sort());
    const subtract = j.steps[2].objects;
    expect(subtract.every((o) => o.gcRefs === 0 && o.list === 'young')).toBe(true);
    const last = j.steps[j.steps.length - 1].objects;
    const listOf = (a: number) => last.find((o) => o.address === a)!.list;
    expect([listOf(A), listOf(B), listOf(DA), listOf(DB)]).toEqual(['garbage', 'garbage', 'legacy_finalizers', 'legacy_finalizers']);
    expect(j.final.garbageObjects.sort()).toEqual([A, B].sort());
    expect(j.final.uncollectable.sort()).toEqual([A, B, DA, DB].sort());
    expect(j.final.freedByRefcount).toEqual([]);
  });

  it('under 3.11 rules the same cycle is finalized and freed, and the text names the functions', async () => {
    const r = await run('replay', fx.twoCycle, String(DB), ...releaseLocals, '--rules', '3.11');
    expect(r.code).toBe(0);
    expect(r.out).toContain('finalize_garbage');
    expect(r.out).toContain('handle_resurrected_objects');
    expect(r.out).toContain('gc.collect() returns 4 = 0 uncollectable + 4 collected');
  });

  it('says which address it does not know (exit 4) and needs at least one (exit 2)', async () => {
    expect((await run('replay', fx.twoCycle, '0x1')).code).toBe(4);
    const r = await run('replay', fx.twoCycle);
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing ADDR');
  });
});
