// `npm start`: build, then open the Electron app. Electron 45 fetches its binary on first use;
// where that cannot happen (no network to its download host), say so in one sentence and serve the
// same UI on 127.0.0.1 instead. `--serve` skips the Electron attempt. Extra args go to the app;
// with no dump named, the app opens the article's two-object cycle (demo heap, CPython 2.7 capture).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withHugePages } from './hugepages.mjs';
import { electronAsset, fallbackMessage, probeDownload } from './electronFallback.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const serveOnly = args.includes('--serve');
const appArgs = args.filter((a) => a !== '--serve');
if (!appArgs.some((a) => !a.startsWith('-')) && !appArgs.some((a) => a.startsWith('--demo'))) appArgs.push('--demo=default');

// HEAPSCOPE_SKIP_BUILD=1 reuses out/ (the test suite has just built it).
if (process.env.HEAPSCOPE_SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** Path of a usable Electron binary, or what was tried and why it failed. */
async function findElectron() {
  const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  const pathFile = join(electronDir, 'path.txt');
  const binary = () => join(electronDir, 'dist', readFileSync(pathFile, 'utf8'));
  if (existsSync(pathFile) && existsSync(binary())) return { binary: binary() };
  const install = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, encoding: 'utf8', timeout: 120_000 });
  if (install.status === 0 && existsSync(pathFile) && existsSync(binary())) return { binary: binary() };
  // The installer only says "fetch failed": ask the download host ourselves to say why.
  const asset = electronAsset(JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version);
  const why = install.error?.code === 'ETIMEDOUT' ? 'the download took over 2 minutes' : ((await probeDownload(asset.url)) ?? (`${install.stderr ?? ''}`.split('\n').find((l) => /error/i.test(l))?.trim().slice(0, 160) || 'the installer failed'));
  return { message: fallbackMessage(asset, why) };
}

/** Runs the app as a child that ends with us: signals sent to `npm start` reach it too. */
function runChild(command, childArgs) {
  const child = spawn(command, childArgs, { cwd: root, stdio: 'inherit', env: withHugePages() });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function serve() {
  runChild(process.execPath, [join(root, 'out/main/cli.js'), 'serve', ...appArgs]);
}

if (serveOnly) {
  serve();
} else {
  const found = await findElectron();
  if (found.binary) {
    runChild(found.binary, [root, ...appArgs]);
  } else {
    console.log(found.message);
    serve();
  }
}
