/**
 * The `heapscope` command line. `main(argv)` dispatches to one function per subcommand; each takes
 * its arguments and a CliIo and returns an exit code, so tests call them in-process. Exit codes
 * (cliIo.ts): 0 ok, 1 check failed, 2 bad arguments, 3 unreadable or corrupt dump, 4 unknown address.
 */
import { type CliIo, ExitCode, processIo } from './cliIo.js';
import { analyzeCommand } from './analyze.js';
import { cyclesCommand } from './cycles.js';
import { pathCommand } from './path.js';
import { topCommand } from './top.js';
import { checkCommand } from './check.js';
import { diffCommand } from './diff.js';
import { dumperCommand } from './dumper.js';
import { serveCommand } from './serve.js';
import { replayCommand } from './replay.js';
import { suspectsCommand } from './suspects.js';
import { objectsCommand, pathsCommand } from './paths.js';
import { captureCommand } from './capture.js';
import { addressSpaceLeft, formatBytes } from '../engine/model/allocate.js';

export const version = '0.1.0';

export const usage = `heapscope ${version} — simulate CPython's reference counting and cycle collector on a heap dump

usage: heapscope COMMAND [ARGS]

  analyze DUMP [--rules VERSION] [--saveall] [--edit EDIT]… [--json] [--debug FLAGS] [--all]
        what gc.collect() would return, what gc.garbage would hold, every object's fate
  cycles  DUMP [--json] [--all]           reference cycles, leaks first, then by retained size
  path    DUMP ADDR [--json]              why is this object alive: shortest path from a root
  top     DUMP [--limit N] [--types] [--json]
        objects (or types) retaining the most memory
  suspects DUMP [--limit N] [--json]     leak suspects: what accumulates or retains most, with paths
  paths   DUMP --type TYPE [--json]       merged shortest paths from the roots to every TYPE object
  objects DUMP --type TYPE [--limit N] [--json]
        instances of TYPE, most retained first (addresses for path)
  check   DUMP --max-uncollectable N [--max-garbage N] [--max-count TYPE=N]…
          [--max-retained TYPE=BYTES]… [--max-suspect-bytes BYTES]
        exit 1 when the dump leaks more than allowed (for CI pipelines)
  replay  DUMP ADDR… [--rules VERSION] [--edit EDIT]… [--json]
        gc.collect() step by step for these objects and their cycles
  diff    BASE TARGET [FINAL] [--json] [--after-collect|--as-dumped] [--limit N]
        growth, new and freed objects per type, new objects (or leaks, with FINAL) by signature
  check   TARGET --baseline BASE [--max-new TYPE=N]… [--max-growth-bytes BYTES]
        exit 1 when more than N objects of TYPE are new, or the heap grew by more than BYTES
  dumper  [--out FILE]                    print or write heapscope_dump.py
  capture PID [--out FILE] [--every SECONDS --count N] [--no-fork]
        attach to a running Python (Linux; gdb for 2.7-3.13, sys.remote_exec for 3.14+) and dump
        its heap; with --count, FILE holds {n}; exit 1 with the reason when a dump fails
  serve   [DUMP…] [--port N]              the app in a browser (127.0.0.1, token-protected)

  EDIT    drop-ref:SRC:DST | clear:ADDR | drop-external:ADDR[:N] | effect:ADDR:none|resurrect|drop-refs
  ADDR    an object's id() in decimal, or 0x… as gc's debug lines print it
  FLAGS   LEAK or names joined by |: STATS, COLLECTABLE, UNCOLLECTABLE, SAVEALL (2.7 also INSTANCES, OBJECTS)
  VERSION a CPython version whose collector rules to apply (2.7, 3.4, 3.8, 3.11…); default: the dump's

  analyze, cycles, path, suspects, check and replay also take --rules, --saveall and --edit.
  TYPE    a type as top --types shows it (__main__.Payload), or a bare name when unambiguous
  exit codes: 0 ok, 1 check failed (or out of memory), 2 bad arguments, 3 unreadable dump, 4 unknown address
`;

/**
 * `heapscope COMMAND --help`: that command's lines of the usage, and the notes that apply to it
 * (what EDIT, ADDR, FLAGS and VERSION mean; the shared simulation options).
 */
export function commandHelp(command: string): string {
  const lines = usage.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`  ${command} `));
  if (at < 0) return usage;
  const own = [lines[at]];
  for (let i = at + 1; i < lines.length && /^ {8}\S/.test(lines[i]); i++) own.push(lines[i]);
  const text = own.join('\n');
  const notes = lines.filter((l) => /^ {2}(EDIT|ADDR|FLAGS|VERSION) /.test(l)).filter((l) => text.includes(l.trim().split(' ')[0]));
  const shared = ['cycles', 'path', 'check'].includes(command) ? ['', '  also: --rules VERSION, --saveall, --edit EDIT… (as for analyze)'] : [];
  const related = shared.length && !notes.some((n) => n.includes('EDIT ')) ? lines.filter((l) => /^ {2}(EDIT|VERSION) /.test(l)) : [];
  return `usage: heapscope ${own.join('\n').trimStart().replace(/^(\S+) +/, '$1 ')}\n${[...shared, ...(notes.length || related.length ? [''] : []), ...notes, ...related].join('\n')}\n`;
}

type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, Command> = {
  analyze: analyzeCommand,
  cycles: cyclesCommand,
  path: pathCommand,
  top: topCommand,
  check: checkCommand,
  suspects: suspectsCommand,
  paths: pathsCommand,
  objects: objectsCommand,
  diff: diffCommand,
  dumper: dumperCommand,
  replay: replayCommand,
  capture: captureCommand,
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(usage);
    return command === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    io.out(`heapscope ${version}\n`);
    return ExitCode.Ok;
  }
  if (command === 'serve') return serveCommand(rest);
  const run = commands[command];
  if (!run) {
    io.err(`heapscope: unknown command "${command}"\n\n${usage}`);
    return ExitCode.Usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return ExitCode.Ok;
  }
  // Under a tiny address-space limit V8 would abort mid-way (it cannot grow its heap): say so now.
  const left = addressSpaceLeft();
  if (left < MIN_ADDRESS_SPACE) {
    io.err(`heapscope ${command}: not enough memory to run: ${formatBytes(Math.max(0, left))} of address space left under the process limit (ulimit -v), at least ${formatBytes(MIN_ADDRESS_SPACE)} needed\n`);
    return ExitCode.Failed;
  }
  return run(rest, io);
}

/** Address space V8 needs to load even a small dump (compiling, its heap, a GC). */
const MIN_ADDRESS_SPACE = 512 << 20;

const invokedDirectly = process.argv[1] && import.meta.filename === process.argv[1];
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`heapscope: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
