/**
 * The built-in demo heaps (electron/demo-heaps/index.json, written by the dumper work): the seed
 * article's self-cycle and two-cycle captured on CPython 2.7 and 3.11, and a larger leaking
 * program. A demo is opened by id; its file never leaves the demo folder.
 */
import { readFileSync, existsSync } from 'node:fs';
import { basename, join, resolve, sep } from 'node:path';
import type { DemoInfo } from '../../shared/api.js';

export interface Demo extends DemoInfo {
  path: string;
}

/** Index entries are read loosely: the file is data, and a missing field should not hide a demo. */
interface IndexEntry {
  id?: string;
  file?: string;
  title?: string;
  description?: string;
  python?: string | { version?: string };
}

export function demoIdOf(file: string): string {
  return basename(file).replace(/\.jsonl(\.gz)?$/, '');
}

export function loadDemos(dir: string): Demo[] {
  const indexPath = join(dir, 'index.json');
  if (!existsSync(indexPath)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(indexPath, 'utf8'));
  } catch {
    return [];
  }
  const entries: IndexEntry[] = Array.isArray(parsed) ? parsed : ((parsed as { demos?: IndexEntry[] })?.demos ?? []);
  const root = resolve(dir) + sep;
  const demos: Demo[] = [];
  for (const e of entries) {
    if (!e || typeof e.file !== 'string') continue;
    const path = resolve(dir, e.file);
    if (!path.startsWith(root) || !existsSync(path)) continue;
    const python = typeof e.python === 'string' ? e.python : (e.python?.version ?? '');
    demos.push({ id: e.id ?? demoIdOf(e.file), title: e.title ?? demoIdOf(e.file), description: e.description ?? '', python, path });
  }
  return demos;
}

/** The demo `npm start` opens: the article's two-object cycle captured on 2.7. */
export function defaultDemo(demos: Demo[]): Demo | undefined {
  const twoCycle = (d: Demo): boolean => /two|pair|mutual|2[-_ ]?obj/i.test(`${d.id} ${d.title}`);
  return (
    demos.find((d) => twoCycle(d) && d.python.startsWith('2.7')) ?? demos.find((d) => d.python.startsWith('2.7')) ?? demos[0]
  );
}
