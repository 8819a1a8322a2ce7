/** Recent files: the list is replaced by temp file + rename, never rewritten in place. */
import { describe, expect, it } from 'vitest';
import { linkSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecentFiles } from '../../electron/host/RecentFiles';

describe('RecentFiles', () => {
  it('replaces recent.json with a new file (a reader of the old one never sees it half-written)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-recent-'));
    const recent = new RecentFiles(dir);
    recent.add('/tmp/a.jsonl');
    // A second name for the old file: rewriting in place would change it too.
    linkSync(join(dir, 'recent.json'), join(dir, 'old.json'));
    const before = readFileSync(join(dir, 'old.json'), 'utf8');
    recent.add('/tmp/b.jsonl');
    expect(readFileSync(join(dir, 'old.json'), 'utf8')).toBe(before);
    expect(recent.list().map((r) => r.path)).toEqual(['/tmp/b.jsonl', '/tmp/a.jsonl']);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps working when the list file is garbage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapscope-recent-'));
    writeFileSync(join(dir, 'recent.json'), '{not json');
    const recent = new RecentFiles(dir);
    expect(recent.list()).toEqual([]);
    recent.add('/tmp/c.jsonl');
    expect(recent.has('/tmp/c.jsonl')).toBe(true);
  });
});
