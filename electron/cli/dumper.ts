/**
 * `heapscope dumper [--out FILE]`: prints heapscope_dump.py (or writes it to FILE) so users can
 * capture a heap without this repository. The source is inlined at build time by Vite's `?raw`
 * import, so the bundled CLI (out/main/cli.js) carries it; where no bundler ran (tsx), the file is
 * read from the source tree instead.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CliIo, CliExit, ExitCode, runCommand } from './cliIo.js';
import { type ArgSpec, option, parseArgs } from './args.js';
import { userPath } from './openDump.js';

const spec: ArgSpec = { options: ['out'], positionals: [] };

export async function dumperText(): Promise<string> {
  try {
    const mod = (await import('../engine/formats/heapscope/heapscope_dump.py?raw')) as { default: string };
    return mod.default;
  } catch {
    return readFile(join(import.meta.dirname, '../engine/formats/heapscope/heapscope_dump.py'), 'utf8');
  }
}

export async function dumperCommand(argv: string[], io: CliIo): Promise<number> {
  return runCommand('dumper', io, async () => {
    const args = parseArgs(argv, spec);
    const out = option(args, 'out');
    const text = await dumperText();
    if (out === undefined) {
      io.out(text);
      return ExitCode.Ok;
    }
    try {
      await writeFile(userPath(out), text, { mode: 0o644 });
    } catch (e) {
      throw new CliExit(ExitCode.Usage, `cannot write ${userPath(out)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    io.err(`wrote ${out} (${Buffer.byteLength(text)} bytes). Use it:\n  python ${out} run SCRIPT --out heap.jsonl.gz\n  or: import heapscope_dump; heapscope_dump.dump("heap.jsonl.gz")\n`);
    return ExitCode.Ok;
  });
}
