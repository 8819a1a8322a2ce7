/**
 * The saving path under kill -9, over serve mode's HTTP API (no browser): an edit answered with
 * saved: true is on disk the moment it is answered, and comes back after the server is killed
 * outright; two servers sharing a data folder never overwrite each other's acknowledged edits.
 * Needs `npm run build`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type ServeProcess } from './serveHarness';

const running: ServeProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
});

async function serve(dataDir: string): Promise<ServeProcess> {
  process.env.HEAPSCOPE_DATA_DIR = dataDir;
  const s = await startServe(['--demo', 'article-two-cycle-2.7']);
  running.push(s);
  return s;
}

async function call<T>(s: ServeProcess, method: string, request: unknown = {}): Promise<T> {
  const res = await fetch(`${s.origin}/api/${method}`, { method: 'POST', headers: { 'x-heapscope-token': s.token, 'content-type': 'application/json' }, body: JSON.stringify(request) });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

interface Ready {
  session: string;
  restoredEdits: number;
  pinned: number[];
}

/** The demo's session once ready, with the addresses of its pinning objects. */
async function ready(s: ServeProcess): Promise<Ready> {
  for (let i = 0; i < 300; i++) {
    const { sessions } = await call<{ sessions: { session: string; state: string; info?: { restoredEdits: number } }[] }>(s, 'listSessions');
    const r = sessions.find((x) => x.state === 'ready');
    if (r) {
      const o = await call<{ pinning: { object: { address: number } }[] }>(s, 'overview', { session: r.session });
      return { session: r.session, restoredEdits: r.info!.restoredEdits, pinned: o.pinning.map((p) => p.object.address) };
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the demo never became ready');
}

describe('saving edits under kill -9', () => {
  it('keeps every edit answered with saved: true when the server is killed with SIGKILL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'heapscope-kill9-'));
    const first = await serve(dataDir);
    const a = await ready(first);
    for (const address of a.pinned) {
      const r = await call<{ saved: boolean }>(first, 'applyEdit', { session: a.session, edit: { kind: 'finalizer-effect', address, effect: 'none' } });
      expect(r.saved).toBe(true);
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const second = await serve(dataDir);
    const b = await ready(second);
    expect(b.restoredEdits).toBe(a.pinned.length);
    // The dead server's lock was taken over: this one saves.
    const r = await call<{ saved: boolean; edits: unknown[] }>(second, 'undoEdit', { session: b.session });
    expect(r.saved).toBe(true);
  }, 90_000);

  it('never lets a second server sharing the data folder overwrite acknowledged edits', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'heapscope-twoservers-'));
    const one = await serve(dataDir);
    const two = await serve(dataDir);
    const a = await ready(one);
    const b = await ready(two);
    const mine = await call<{ saved: boolean }>(one, 'applyEdit', { session: a.session, edit: { kind: 'finalizer-effect', address: a.pinned[0], effect: 'none' } });
    const theirs = await call<{ saved: boolean; saveError?: string }>(two, 'applyEdit', { session: b.session, edit: { kind: 'finalizer-effect', address: b.pinned[0], effect: 'resurrect' } });
    expect(mine.saved).toBe(true);
    expect(theirs.saved).toBe(false);
    expect(theirs.saveError).toMatch(/open in another window or tab \(process \d+\)/);
    await one.stop();
    await two.stop();
    const three = await serve(dataDir);
    expect((await ready(three)).restoredEdits).toBe(1);
  }, 90_000);
});
