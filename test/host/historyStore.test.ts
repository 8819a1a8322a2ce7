/**
 * Edit histories that survive every fault: a refused or full disk is reported (saved: false and
 * why) and retried, never acknowledged; one writer per dump hash across sessions and processes; a
 * corrupt history is kept aside with a warning; no temp file is left behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { heap } from '../engine/heapDsl';
import { EngineSession } from '../../electron/engine/session/EngineSession';
import { HistoryStore } from '../../electron/engine/session/HistoryStore';
import type { EditResponse } from '../../shared/exploreApi';

const hash = 'cd'.repeat(32);

function twoCycle() {
  return heap('2.7.18', {
    A: { type: '__main__.CGcLeakA', fin: 'del', refs: [['Da', '__dict__']] },
    Da: { type: 'dict', refs: [['B', "['_b']"]] },
    B: { type: '__main__.CGcLeakB', fin: 'del', refs: [['Db', '__dict__']] },
    Db: { type: 'dict', refs: [['A', "['_a']"]] },
    M: { type: 'module', ext: 2, refs: [['Mod', '__dict__']] },
    Mod: { type: 'dict' },
  });
}

function open(dataDir: string, owner?: string) {
  const h = twoCycle();
  const s = new EngineSession({ graph: h.graph, dumpPath: '/tmp/two.jsonl', bytes: 1, contentHash: hash, format: 'heapscope', histories: new HistoryStore(dataDir, owner) });
  const address = h.graph.addresses[h.id('M')];
  const edit = (): EditResponse => {
    const r = s.handle('applyEdit', { edit: { kind: 'drop-external', address, count: 1 } });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as EditResponse;
  };
  const call = (method: string): EditResponse => {
    const r = s.handle(method, {});
    if (!r.ok) throw new Error(r.error.message);
    return r.value as EditResponse;
  };
  return { s, edit, call };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'heapscope-hs-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

const canChattr = (() => {
  const d = mkdtempSync(join(tmpdir(), 'heapscope-chattr-'));
  try {
    execFileSync('chattr', ['+i', d], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', d], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
})();

const canMountTmpfs = (() => {
  const d = mkdtempSync(join(tmpdir(), 'heapscope-mnt-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', d]).status === 0;
  if (ok) spawnSync('umount', [d]);
  rmSync(d, { recursive: true, force: true });
  return ok;
})();

describe('HistoryStore: nothing lost silently', () => {
  it('says saved: true once the history is on disk, and it comes back', () => {
    const dir = dataDir();
    const a = open(dir);
    expect(a.edit()).toMatchObject({ saved: true });
    a.s.close();
    expect(open(dir).s.info.restoredEdits).toBe(1);
  });

  it('answers saved: false with the reason when the data folder cannot hold the history, then saves on retry', () => {
    const dir = dataDir();
    // The folder histories must be is a file: every write below it fails, whoever runs the test.
    writeFileSync(join(dir, 'histories'), 'in the way');
    const a = open(dir);
    const r = a.edit();
    expect(r.saved).toBe(false);
    expect(r.saveError).toMatch(/histories/);
    expect(r.edits).toHaveLength(1); // kept in memory
    rmSync(join(dir, 'histories'));
    expect(a.call('listEdits')).toMatchObject({ saved: true });
    a.s.close();
    expect(open(dir).s.info.restoredEdits).toBe(1);
  });

  it.runIf(canChattr)('reports a read-only histories folder (EPERM) instead of acknowledging the edit', () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'histories'));
    execFileSync('chattr', ['+i', join(dir, 'histories')]);
    cleanups.unshift(() => spawnSync('chattr', ['-i', join(dir, 'histories')]));
    const a = open(dir);
    const r = a.edit();
    expect(r).toMatchObject({ saved: false });
    expect(r.saveError).toMatch(/not permitted|EPERM|EACCES/);
    execFileSync('chattr', ['-i', join(dir, 'histories')]);
    expect(a.call('listEdits').saved).toBe(true);
  });

  it.runIf(canMountTmpfs)('reports a full disk (ENOSPC) and leaves no temporary file behind', () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'histories'));
    const mnt = join(dir, 'histories');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    cleanups.unshift(() => spawnSync('umount', [mnt]));
    const a = open(dir);
    // Fill the disk once the lock is in place.
    spawnSync('sh', ['-c', `head -c 200000 /dev/zero > ${join(mnt, 'filler')}`]);
    const r = a.edit();
    expect(r.saved).toBe(false);
    expect(r.saveError).toMatch(/ENOSPC|no space/i);
    expect(readdirSync(mnt).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    rmSync(join(mnt, 'filler'));
    expect(a.call('listEdits').saved).toBe(true);
  });

  it('never claims saved without a data folder', () => {
    const h = twoCycle();
    const s = new EngineSession({ graph: h.graph, dumpPath: '/tmp/two.jsonl', bytes: 1, contentHash: hash, format: 'heapscope' });
    const r = s.handle('applyEdit', { edit: { kind: 'clear', address: h.graph.addresses[h.id('A')] } });
    expect(r.ok && (r.value as EditResponse).saved).toBe(false);
  });
});

describe('HistoryStore: one writer per dump hash', () => {
  it('lets only the first session write; the second says why it does not save', () => {
    const dir = dataDir();
    const first = open(dir, 'first');
    const second = open(dir, 'second');
    expect(first.edit().saved).toBe(true);
    expect(first.edit().saved).toBe(true);
    const r = second.edit();
    expect(r.saved).toBe(false);
    expect(r.saveError).toMatch(/open in another window or tab/);
    first.s.close();
    // The file changed after the second session read it: taking over would lose the first's edits.
    const again = second.edit();
    expect(again.saved).toBe(false);
    expect(again.saveError).toMatch(/saved edits for this dump after it was opened here/);
    second.s.close();
    expect(open(dir).s.info.restoredEdits).toBe(2);
  });

  it('keeps saving when its own lock vanished (it takes the lock again over its own last write)', () => {
    const dir = dataDir();
    const a = open(dir, 'a');
    expect(a.edit().saved).toBe(true);
    rmSync(join(dir, 'histories', `${hash}.lock`));
    expect(a.edit().saved).toBe(true);
    expect(existsSync(join(dir, 'histories', `${hash}.lock`))).toBe(true);
  });

  it('takes over a released lock when the history is unchanged', () => {
    const dir = dataDir();
    const first = open(dir, 'first');
    const second = open(dir, 'second');
    first.s.close();
    expect(second.edit().saved).toBe(true);
  });

  it('takes over the lock of a process that died (kill -9)', () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'histories'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(join(dir, 'histories', `${hash}.lock`), JSON.stringify({ pid: Number(dead.stdout), host: hostname(), owner: 'gone' }));
    expect(open(dir).edit().saved).toBe(true);
  });

  it('gives each writer its own temporary file name (one per pid is shared by all tabs of a process)', () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'histories'));
    // What another tab of this process would be writing right now under a per-pid name.
    mkdirSync(join(dir, 'histories', `${hash}.json.${process.pid}.tmp`));
    const a = open(dir, 'a');
    expect(a.edit().saved).toBe(true);
    expect(readdirSync(join(dir, 'histories')).filter((n) => n.endsWith('.tmp') && !n.endsWith(`${process.pid}.tmp`))).toEqual([]);
  });

  it('releases the locks of an owner when its worker ends', () => {
    const dir = dataDir();
    const store = new HistoryStore(dir, 'w1');
    store.open(hash);
    expect(existsSync(join(dir, 'histories', `${hash}.lock`))).toBe(true);
    new HistoryStore(dir).releaseOwner('other');
    expect(existsSync(join(dir, 'histories', `${hash}.lock`))).toBe(true);
    new HistoryStore(dir).releaseOwner('w1');
    expect(existsSync(join(dir, 'histories', `${hash}.lock`))).toBe(false);
  });
});

describe('HistoryStore: corrupt histories are kept aside', () => {
  it('renames an unreadable history aside, warns, and does not overwrite it', () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'histories'));
    writeFileSync(join(dir, 'histories', `${hash}.json`), '{"format":"heapscope-edits", cut off');
    const a = open(dir);
    expect(a.s.info.historyWarning).toMatch(/not valid JSON.*kept as .*corrupt-/);
    expect(a.edit().saved).toBe(true);
    const aside = readdirSync(join(dir, 'histories')).filter((n) => n.includes('.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, 'histories', aside[0]), 'utf8')).toContain('cut off');
  });

  it('keeps aside a history that does not fit the dump (an edit naming a missing object)', () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'histories'));
    const bad = { format: 'heapscope-edits', version: 1, contentHash: hash, rules: '2.7', saveAll: false, edits: [{ kind: 'clear', address: 999999 }], position: 1 };
    writeFileSync(join(dir, 'histories', `${hash}.json`), JSON.stringify(bad));
    const a = open(dir);
    expect(a.s.info.restoredEdits).toBe(0);
    expect(a.s.info.historyWarning).toMatch(/could not be used/);
    expect(readdirSync(join(dir, 'histories')).some((n) => n.includes('.corrupt-'))).toBe(true);
  });
});
