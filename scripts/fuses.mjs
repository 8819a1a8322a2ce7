// The packaging step's Electron fuses (https://www.electronjs.org/docs/latest/tutorial/fuses):
// switches compiled into the Electron binary that no command line or environment can turn back.
//   node scripts/fuses.mjs [PATH_TO_ELECTRON_BINARY]   flips them in a packaged copy and reads them back
// A packaged heapscope must ship its app as app.asar (OnlyLoadAppFromAsar, asar integrity).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';

/** What each fuse must be in a shipped heapscope. */
export const heapscopeFuses = {
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the app into a plain Node that runs any script.
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect would let anyone who starts the app inject code into main.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The page is served from app:// (electron/main/appProtocol.ts): file:// needs no privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** Flips the fuses of `binary` (a copy being packaged, never node_modules' own). */
export async function applyFuses(binary) {
  await flipFuses(binary, heapscopeFuses);
  return checkFuses(binary);
}

/** Reads the fuses of `binary` back; returns the ones that differ from heapscopeFuses (empty: all set). */
export async function checkFuses(binary) {
  const wire = await getCurrentFuseWire(binary);
  const wrong = [];
  for (const [key, want] of Object.entries(heapscopeFuses)) {
    if (key === 'version') continue;
    const expected = want ? FuseState.ENABLE : FuseState.DISABLE;
    if (wire[key] !== expected) wrong.push({ fuse: FuseV1Options[key], expected: FuseState[expected], actual: FuseState[wire[key]] ?? String(wire[key]) });
  }
  return wrong;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const binary = process.argv[2];
  if (!binary || !existsSync(binary)) {
    process.stderr.write('usage: node scripts/fuses.mjs PATH_TO_PACKAGED_ELECTRON_BINARY (a copy: fuses are flipped in place)\n');
    process.exit(2);
  }
  const wrong = await applyFuses(binary);
  if (wrong.length > 0) {
    process.stderr.write(`fuses not set as required: ${JSON.stringify(wrong)}\n`);
    process.exit(1);
  }
  process.stdout.write(`fuses set and verified in ${binary}\n`);
}
