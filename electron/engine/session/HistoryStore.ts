/**
 * Saved edit histories, one JSON file per dump content (sha-256) under <dataDir>/histories/, so
 * reopening the same dump — from any path, under any name — brings its edits back. Writes go to a
 * temporary file renamed into place: a crash mid-write never leaves half a history.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class HistoryStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'histories');
  }

  private fileOf(contentHash: string): string {
    if (!/^[0-9a-f]{16,128}$/.test(contentHash)) throw new Error(`not a content hash: ${contentHash.slice(0, 20)}`);
    return join(this.dir, `${contentHash}.json`);
  }

  /** The saved history, or undefined when there is none (or it cannot be read). */
  load(contentHash: string): unknown {
    try {
      return JSON.parse(readFileSync(this.fileOf(contentHash), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Saves `history`; an empty one removes the file. Returns false when the disk refused. */
  save(contentHash: string, history: unknown, empty: boolean): boolean {
    const file = this.fileOf(contentHash);
    try {
      if (empty) {
        rmSync(file, { force: true });
        return true;
      }
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(history));
      renameSync(tmp, file);
      return true;
    } catch {
      return false;
    }
  }
}
