/**
 * `npm install && npm start` stay quiet and honest: the declared Node range is one every tool of
 * the build accepts, the packages that want more are named in .npmrc (whose settings keep npm
 * quiet about them), and the serve-mode fallback says what it tried and why that failed.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { electronAsset, explainFetchError, fallbackMessage } from '../../scripts/electronFallback.mjs';

const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string>; devDependencies: Record<string, string> };
/** Enough of npm's range syntax for engines fields: `a || b`, `^X.Y.Z`, `>=X.Y.Z`, `>= X`. */
function satisfies(version: string, range: string): boolean {
  const v = version.replace(/^v/, '').split('.').map(Number);
  const cmp = (a: number[], b: number[]): number => a[0] - b[0] || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0);
  return range.split('||').some((alt) => {
    const m = /^\s*(\^|>=)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(alt);
    if (!m) throw new Error(`unsupported engines range ${range}`);
    const base = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
    if (m[1] === '^') return v[0] === base[0] && cmp(v, base) >= 0;
    return cmp(v, base) >= 0;
  });
}
/** The lowest version a range admits (its alternatives' lowest). */
const lowestOf = (range: string): string => range.split('||').map((a) => a.replace(/[\^>=\s]/g, '')).sort((a, b) => (satisfies(a, `>=${b}`) ? 1 : -1))[0];

/** Only `npm start`'s Electron download uses these; .npmrc explains them. */
const electronToolchain = ['electron', '@electron/get', '@electron/fuses', '@electron-internal/extract-zip'];

describe('declared engines', () => {
  it('are accepted by every direct dependency except the Electron toolchain, which .npmrc names', () => {
    const lowest = lowestOf(pkg.engines.node);
    expect(lowest).toBe('20.19.0');
    const refusing: string[] = [];
    for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]) {
      const file = join(root, 'node_modules', name, 'package.json');
      if (!existsSync(file)) continue;
      const wants = (JSON.parse(readFileSync(file, 'utf8')) as { engines?: { node?: string } }).engines?.node;
      if (wants && !satisfies(lowest, wants)) refusing.push(name);
    }
    expect(refusing.filter((n) => !electronToolchain.includes(n))).toEqual([]);
    expect(satisfies(process.version, pkg.engines.node)).toBe(true);
    const npmrc = readFileSync(join(root, '.npmrc'), 'utf8');
    for (const name of refusing) expect(npmrc).toContain(name);
    expect(npmrc).toMatch(/^loglevel=error$/m);
    expect(npmrc).toMatch(/^engine-strict=false$/m);
  });
});

describe('the serve-mode fallback of npm start', () => {
  it('says what it tried to download from where, why it failed, how to open a dump and how to stop', () => {
    const err = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND', hostname: 'github.com' } });
    const text = fallbackMessage(electronAsset('45.4.1', 'linux', 'x64', {}), explainFetchError(err));
    expect(text).toContain('downloading electron-v45.4.1-linux-x64.zip from github.com failed (the host name does not resolve: no network or no DNS here (github.com), ENOTFOUND)');
    expect(text).not.toContain('TypeError');
    expect(text).toMatch(/npm start -- path\/to\/heap\.jsonl\.gz/);
    expect(text).toMatch(/Stop with Ctrl\+C/);
    expect(electronAsset('45.4.1', 'linux', 'x64', { ELECTRON_MIRROR: 'https://mirror.example/electron' }).url).toBe('https://mirror.example/electron/v45.4.1/electron-v45.4.1-linux-x64.zip');
  });
});
