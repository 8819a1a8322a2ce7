/**
 * The packaging step's Electron fuses (scripts/fuses.mjs), flipped with @electron/fuses and read
 * back. There is no Electron binary on this machine, so the binary is a stand-in that carries the
 * fuse wire the way Electron's does: the sentinel, the wire version, its length, one byte per fuse.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { applyFuses, checkFuses, heapscopeFuses } from '../../scripts/fuses.mjs';

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/** A file shaped like an Electron binary around its fuse wire, every fuse at Electron's defaults. */
function standIn(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'heapscope-fuses-')), 'electron');
  const defaults = [1, 0, 1, 1, 0, 0, 0, 1, 1].map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE));
  writeFileSync(path, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL), Buffer.from([1, defaults.length, ...defaults]), Buffer.alloc(4096, 0x90)]));
  return path;
}

describe('Electron fuses', () => {
  it('turns off RunAsNode, NODE_OPTIONS, --inspect and file:// privileges, turns on asar integrity', () => {
    expect(heapscopeFuses).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
    });
  });

  it('reports the fuses of an unpackaged binary as wrong, then flips them and reads them back', async () => {
    const binary = standIn();
    const before = await checkFuses(binary);
    expect(before.map((w) => w.fuse).sort()).toEqual(['EnableCookieEncryption', 'EnableEmbeddedAsarIntegrityValidation', 'EnableNodeCliInspectArguments', 'EnableNodeOptionsEnvironmentVariable', 'GrantFileProtocolExtraPrivileges', 'OnlyLoadAppFromAsar', 'RunAsNode']);
    expect(await applyFuses(binary)).toEqual([]);
    const wire = await getCurrentFuseWire(binary);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    // Only the wire changed.
    expect(readFileSync(binary).subarray(0, 4096).every((b) => b === 0x90)).toBe(true);
  });
});
