/**
 * Recently opened dump files, most recent first, kept in <dataDir>/recent.json. Failures to read
 * or write are not errors the user must see: the list is a convenience. It is written to a temp
 * file of its own and renamed into place, so a crash or a second instance never leaves half a list.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import type { RecentFile } from '../../shared/api.js';

const max = 12;

export class RecentFiles {
  private readonly file: string;

  constructor(
    private readonly dataDir: string,
    /** Told after each change (Electron rebuilds its Open Recent menu). */
    private readonly onChange?: () => void,
  ) {
    this.file = join(dataDir, 'recent.json');
  }

  list(): RecentFile[] {
    try {
      const parsed: unknown = JSON.parse(readFileSync(this.file, 'utf8'));
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((r): r is RecentFile => typeof r?.path === 'string' && typeof r?.name === 'string').slice(0, max);
    } catch {
      return [];
    }
  }

  add(path: string): void {
    const next = [{ path, name: basename(path), openedAt: new Date().toISOString() }, ...this.list().filter((r) => r.path !== path)];
    try {
      mkdirSync(this.dataDir, { recursive: true });
      const tmp = `${this.file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
      try {
        writeFileSync(tmp, JSON.stringify(next.slice(0, max), null, 1));
        renameSync(tmp, this.file);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
    } catch {
      // Read-only data dir: recent files just do not persist.
    }
    this.onChange?.();
  }

  has(path: string): boolean {
    return this.list().some((r) => r.path === path);
  }
}
