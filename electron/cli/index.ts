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
import { dumperCommand } from './dumper.js';
import { serveCommand } from './serve.js';
import { captureCommand } from './capture.js';

export const version = '0.1.0';

export const usage = `heapscope ${version} — simulate CPython's reference counting and cycle collector on a heap dump

usage: heapscope COMMAND [ARGS]

  analyze DUMP [--rules VERSION] [--saveall] [--edit EDIT]… [--json] [--debug FLAGS] [--all]
        what gc.collect() would return, what gc.garbage would hold, every object's fate
  cycles  DUMP [--json] [--all]           reference cycles, biggest retained size first
  path    DUMP ADDR [--json]              why is this object alive: shortest path from a root
  top     DUMP [--limit N] [--types] [--json]
        objects (or types) retaining the most memory
  check   DUMP --max-uncollectable N [--max-garbage N]
        exit 1 when the dump leaks more than allowed (for CI pipelines)
  dumper  [--out FILE]                    print or write heapscope_dump.py
  capture PID [--out FILE] [--every SECONDS --count N] [--no-fork]
        attach to a running Python (Linux; gdb for 2.7-3.13, sys.remote_exec for 3.14+) and dump
        its heap; with --count, FILE holds {n}; exit 1 with the reason when a dump fails
  serve   [DUMP…] [--port N]              the app in a browser (127.0.0.1, token-protected)

  EDIT    drop-ref:SRC:DST | clear:ADDR | drop-external:ADDR[:N] | effect:ADDR:none|resurrect|drop-refs
  ADDR    an object's id() in decimal, or 0x… as gc's debug lines print it
  FLAGS   LEAK or names joined by |: STATS, COLLECTABLE, UNCOLLECTABLE, SAVEALL (2.7 also INSTANCES, OBJECTS)
  VERSION a CPython version whose collector rules to apply (2.7, 3.4, 3.8, 3.11…); default: the dump's

  analyze, cycles, path and check also take --rules, --saveall and --edit.
  exit codes: 0 ok, 1 check failed, 2 bad arguments, 3 unreadable dump, 4 unknown address
`;

type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, Command> = {
  analyze: analyzeCommand,
  cycles: cyclesCommand,
  path: pathCommand,
  top: topCommand,
  check: checkCommand,
  dumper: dumperCommand,
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
    io.out(usage);
    return ExitCode.Ok;
  }
  return run(rest, io);
}

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
