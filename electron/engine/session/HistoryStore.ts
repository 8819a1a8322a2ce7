/**
 * Saved edit histories, one JSON file per dump content (sha-256) under <dataDir>/histories/, so
 * reopening the same dump — from any path, under any name — brings its edits back. Start at
 * `open()`: it reads the saved history and tries to become the one writer for that hash.
 *
 * Nothing is lost silently:
 * - Writes go to a temporary file of this writer's own (pid, owner, counter), flushed and renamed
 *   into place: a crash mid-write never leaves half a history, a full disk leaves no temp file.
 *   Every save says whether it reached the disk and, when not, why (SaveOutcome).
 * - One writer per dump hash: `<hash>.lock` (created exclusively) names the owner. A second
 *   window or server with the same dump reads the history but does not overwrite it; it takes
 *   over only from an owner that is gone (a dead pid on this host, or a released lock), and only
 *   if the file is still what it read at open — otherwise it would overwrite edits acknowledged
 *   elsewhere.
 * - A file that cannot be read is renamed aside (`<hash>.corrupt-<time>.json`) with a warning,
 *   never dropped and overwritten by the next edit.
 */
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface SaveOutcome {
  saved: boolean;
  /** Why the history is not on disk, in words for the user. */
  error?: string;
}

interface LockOwner {
  pid: number;
  host: string;
  owner: string;
}

export class HistoryStore {
  readonly dir: string;

  /** `owner` tells this writer's lock apart from other sessions of the same process. */
  constructor(
    dataDir: string,
    readonly owner: string = randomBytes(6).toString('hex'),
  ) {
    this.dir = join(dataDir, 'histories');
  }

  fileOf(contentHash: string): string {
    if (!/^[0-9a-f]{16,128}$/.test(contentHash)) throw new Error(`not a content hash: ${contentHash.slice(0, 20)}`);
    return join(this.dir, `${contentHash}.json`);
  }

  /** Reads the saved history of `contentHash` and tries to take its lock. */
  open(contentHash: string): HistoryHandle {
    return new HistoryHandle(this, contentHash);
  }

  /** Removes every lock this process holds for `owner` (the host calls it when a worker ends). */
  releaseOwner(owner: string): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith('.lock')) continue;
      const lock = readLock(join(this.dir, name));
      if (lock && lock.pid === process.pid && lock.host === hostname() && lock.owner === owner) removeQuietly(join(this.dir, name));
    }
  }
}

export class HistoryHandle {
  /** The saved history as parsed JSON, or undefined when there is none (or it was set aside). */
  readonly restored: unknown;
  /** Set when a saved history could not be used; says where it was kept. */
  warning: string | undefined;
  private readonly file: string;
  private readonly lockFile: string;
  private readonly me: LockOwner;
  /** The file's text as this handle last read or wrote it (undefined: no file): taking over requires it unchanged. */
  private seen: string | undefined;
  private owns = false;
  private tmpCounter = 0;

  constructor(
    private readonly store: HistoryStore,
    contentHash: string,
  ) {
    this.file = store.fileOf(contentHash);
    this.lockFile = this.file.replace(/\.json$/, '.lock');
    this.me = { pid: process.pid, host: hostname(), owner: store.owner };
    let text: string | undefined;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      text = undefined;
    }
    this.seen = text;
    let restored: unknown;
    if (text !== undefined) {
      try {
        restored = JSON.parse(text);
      } catch (e) {
        this.setAside(`it is not valid JSON (${(e as Error).message})`);
      }
    }
    this.restored = restored;
    this.acquire();
  }

  /** True while this handle is the one writer of its hash. */
  get writer(): boolean {
    return this.owns;
  }

  /**
   * Renames the saved file aside (it stays for the user to inspect) and records a warning. Called
   * for unreadable JSON here and by the session for a history that does not fit the dump.
   */
  setAside(reason: string): void {
    const aside = this.file.replace(/\.json$/, `.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    try {
      renameSync(this.file, aside);
      this.warning = `The saved edit history could not be used: ${reason}. It was kept as ${aside}; this dump opens without it.`;
    } catch (e) {
      this.warning = `The saved edit history could not be used: ${reason}. Moving it aside to ${aside} failed (${(e as Error).message}).`;
    }
  }

  /** Saves `history`; an empty one removes the file. */
  save(history: unknown, empty: boolean): SaveOutcome {
    if (!this.stillOwner()) {
      const refused = this.acquire();
      if (refused) return { saved: false, error: refused };
    }
    try {
      if (empty) {
        rmSync(this.file, { force: true });
        this.seen = undefined;
        return { saved: true };
      }
      const tmp = `${this.file}.${process.pid}-${this.me.owner}-${++this.tmpCounter}.tmp`;
      const text = JSON.stringify(history);
      try {
        writeDurably(tmp, text);
        renameSync(tmp, this.file);
        this.seen = text;
      } catch (e) {
        removeQuietly(tmp);
        throw e;
      }
      return { saved: true };
    } catch (e) {
      return { saved: false, error: `could not write ${this.file}: ${(e as Error).message}` };
    }
  }

  /** Gives up the lock (the session closes). */
  close(): void {
    if (this.stillOwner()) removeQuietly(this.lockFile);
    this.owns = false;
  }

  private conflict = false;

  private stillOwner(): boolean {
    if (!this.owns) return false;
    const lock = readLock(this.lockFile);
    this.owns = lock !== undefined && sameOwner(lock, this.me);
    return this.owns;
  }

  /**
   * Takes the lock if it is free or its owner is gone, never over a file changed since `seen`.
   * Returns undefined once this handle owns it, else why not (for the user).
   */
  private acquire(): string | undefined {
    if (this.conflict) return conflictReason;
    const tmp = `${this.lockFile}.${process.pid}-${this.me.owner}.tmp`;
    try {
      mkdirSync(this.store.dir, { recursive: true });
      // Written whole, then linked into place: link() fails if the lock exists, and a reader never
      // sees a half-written lock.
      writeDurably(tmp, JSON.stringify(this.me));
      for (let attempt = 0; ; attempt++) {
        try {
          linkSync(tmp, this.lockFile);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
          const lock = readLock(this.lockFile);
          if (lock && sameOwner(lock, this.me)) break;
          if (lock && !ownerIsGone(lock)) return heldReason(lock, this.me);
          rmSync(this.lockFile, { force: true }); // a dead owner's, or garbage
        }
      }
    } catch (e) {
      return `could not write in ${this.store.dir}: ${(e as Error).message}`;
    } finally {
      removeQuietly(tmp);
    }
    let now: string | undefined;
    try {
      now = readFileSync(this.file, 'utf8');
    } catch {
      now = undefined;
    }
    // A history set aside at open is gone now, which is what this handle expects.
    if (now !== this.seen && !(this.warning !== undefined && now === undefined)) {
      removeQuietly(this.lockFile);
      this.conflict = true;
      return conflictReason;
    }
    this.owns = true;
    return undefined;
  }
}

const conflictReason =
  'another window saved edits for this dump after it was opened here, so these edits are kept in this tab only: export them (Edits › Export) or reopen the dump';

function heldReason(lock: LockOwner, me: LockOwner): string {
  const who = `process ${lock.pid}${lock.host === me.host ? '' : ` on ${lock.host}`}`;
  return `this dump is open in another window or tab (${who}) that saves its edits, so these edits are kept in this tab only: export them (Edits › Export) to keep them`;
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // a folder that refuses: what was to be removed cannot have been created either
  }
}

function writeDurably(path: string, text: string, flag = 'w'): void {
  const fd = openSync(path, flag, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readLock(path: string): LockOwner | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    if (typeof v?.pid === 'number' && typeof v.host === 'string' && typeof v.owner === 'string') return { pid: v.pid, host: v.host, owner: v.owner };
  } catch {
    // unreadable: treated as no owner
  }
  return undefined;
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.host === b.host && a.owner === b.owner;
}

/** An owner on this host whose process has ended (kill -9, a crash). Other hosts' owners are kept. */
function ownerIsGone(lock: LockOwner): boolean {
  if (lock.host !== hostname()) return false;
  try {
    process.kill(lock.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
