/**
 * Benchmark runner: each test/bench/NAME.bench.ts exports `default async function (ctx)`.
 * Sections run in file-name order; numbers are printed, never asserted (benchmarks are not tests).
 */
import { readdirSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BenchContext {
  /** Scratch folder for generated dumps (bench-results/, git-ignored). */
  workDir: string;
  /** Prints one result line: `  name: value unit`. */
  report(name: string, value: number | string, unit?: string): void;
}

const root = join(import.meta.dirname, '../..');
const workDir = join(root, 'bench-results');
mkdirSync(workDir, { recursive: true });
const wanted = process.argv.slice(2);
const files = readdirSync(import.meta.dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

const ctx: BenchContext = {
  workDir,
  report(name, value, unit = '') {
    const shown = typeof value === 'number' ? (Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(2)) : value;
    console.log(`  ${name}: ${shown}${unit ? ` ${unit}` : ''}`);
  },
};

for (const file of files) {
  console.log(`\n== ${file.replace('.bench.ts', '')}`);
  const mod = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as { default: (c: BenchContext) => Promise<void> };
  await mod.default(ctx);
}
