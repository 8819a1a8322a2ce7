#!/usr/bin/env node
// The `heapscope` command: runs the built CLI (out/main/cli.js), building it first if this is a
// fresh checkout.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { hasHugePages, reexecWithHugePages, stopWithParent } from '../scripts/hugepages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'out/main/cli.js');
if (!existsSync(cli)) {
  process.stderr.write('heapscope: building once (out/ is missing)…\n');
  const built = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
if (!hasHugePages()) {
  // The allocator setting must be in place when a process starts, so run again with it; signals
  // sent to this process reach the real one, which also stops if this one is killed outright.
  reexecWithHugePages(fileURLToPath(import.meta.url), process.argv.slice(2));
} else {
  stopWithParent();
  const { main } = await import(pathToFileURL(cli).href);
  process.exitCode = await main(process.argv.slice(2));
}

