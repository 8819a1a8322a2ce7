/**
 * Where the built main-side files are. Bundling may place shared code in out/main/chunks/, so
 * `import.meta.dirname` of a caller is not always out/main: this walks back to the folder that
 * holds worker.js. Used by Electron main and serve mode to find the worker, renderer and demos.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function mainOutDir(from: string): string {
  if (!existsSync(join(from, 'worker.js')) && basename(from) === 'chunks') return dirname(from);
  return from;
}
