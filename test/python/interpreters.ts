/**
 * The CPython interpreters to test against: every pyenv version (2.7, 3.6 – 3.13 on these
 * machines), or HEAPSCOPE_PYTHONS (colon-separated paths) when set. Versions that are missing are
 * reported by `missingRequired`, never silently passed. CPython 3.14 and 3.15 run in Pyodide
 * (WebAssembly, npm devDependencies): pyodide/pyodideHarness.ts lists them, pyodide/*.test.ts prove them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface Interpreter {
  /** "3.11" */
  short: string;
  /** "3.11.7" */
  version: string;
  path: string;
}

/** CI must prove the simulation on at least these. */
export const requiredVersions = ['2.7', '3.8', '3.11'];

function pyenvRoot(): string | undefined {
  if (process.env.PYENV_ROOT && existsSync(process.env.PYENV_ROOT)) return process.env.PYENV_ROOT;
  try {
    return execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim();
  } catch {
    const home = join(process.env.HOME ?? '/root', '.pyenv');
    return existsSync(home) ? home : undefined;
  }
}

let cached: Interpreter[] | undefined;

export function interpreters(): Interpreter[] {
  if (cached) return cached;
  const paths: string[] = [];
  if (process.env.HEAPSCOPE_PYTHONS) {
    paths.push(...process.env.HEAPSCOPE_PYTHONS.split(':').filter(Boolean));
  } else {
    const root = pyenvRoot();
    if (root && existsSync(join(root, 'versions'))) {
      for (const v of readdirSync(join(root, 'versions'))) {
        const p = join(root, 'versions', v, 'bin', 'python');
        if (existsSync(p)) paths.push(p);
      }
    }
  }
  const found = paths.map((path) => {
    const version = execFileSync(path, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' }).trim();
    return { path, version, short: version.split('.').slice(0, 2).join('.') };
  });
  const key = (i: Interpreter): number => {
    const [a, b] = i.short.split('.').map(Number);
    return a * 100 + b;
  };
  cached = found.sort((x, y) => key(x) - key(y));
  return cached;
}

export function interpreter(short: string): Interpreter | undefined {
  return interpreters().find((i) => i.short === short);
}

/** Required versions that are not installed (tests fail on these rather than skip). */
export function missingRequired(): string[] {
  const have = new Set(interpreters().map((i) => i.short));
  return requiredVersions.filter((v) => !have.has(v));
}
