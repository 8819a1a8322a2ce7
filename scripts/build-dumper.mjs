#!/usr/bin/env node
// heapscope_dump.py is shipped as one file (users copy it, attach execs it), but it is written as
// parts by concern in electron/engine/formats/heapscope/dumper/: this joins them, in name order.
// `--check` only compares, exiting 1 when the joined parts differ from the file.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '../electron/engine/formats/heapscope');
export const dumperPath = join(here, 'heapscope_dump.py');
export const partsDir = join(here, 'dumper');

export function joinedParts() {
  const parts = readdirSync(partsDir).filter((n) => /^\d\d_[a-z0-9_]+\.py$/.test(n)).sort();
  return parts.map((n) => {
    const text = readFileSync(join(partsDir, n), 'utf8');
    if (!text.endsWith('\n')) throw new Error(`${join(partsDir, n)}: must end with a newline`);
    return text;
  }).join('');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const joined = joinedParts();
  if (process.argv.includes('--check')) {
    if (readFileSync(dumperPath, 'utf8') !== joined) {
      console.error(`${dumperPath} differs from the parts in ${partsDir}: run npm run build:dumper`);
      process.exit(1);
    }
  } else {
    writeFileSync(dumperPath, joined);
  }
}
