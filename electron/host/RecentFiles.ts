/**
 * Recently opened dump files, most recent first, kept in <dataDir>/recent.json. Failures to read
 * or write are not errors the user must see: the list is a convenience.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
      writeFileSync(this.file, JSON.stringify(next.slice(0, max), null, 1));
    } catch {
      // Read-only data dir: recent files just do not persist.
    }
    this.onChange?.();
  }

  has(path: string): boolean {
    return this.list().some((r) => r.path === path);
  }
}
