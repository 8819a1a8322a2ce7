/**
 * The `heapscope` command line. Each subcommand is a function taking argv and returning an exit
 * code, so tests call them in-process.
 */
import { join } from 'node:path';
import { startServer } from './serve.js';

const version = '0.1.0';

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'serve') {
    const portArg = rest.indexOf('--port');
    const port = portArg >= 0 ? Number(rest[portArg + 1]) : 0;
    const running = await startServer({ rendererDir: join(import.meta.dirname, '../renderer'), port, version });
    process.stdout.write(`heapscope is serving on ${running.url}\n`);
    return new Promise<number>(() => {});
  }
  if (command === '--version' || command === 'version') {
    process.stdout.write(`heapscope ${version}\n`);
    return 0;
  }
  process.stderr.write('usage: heapscope serve [--port N]\n');
  return command === undefined || command === '--help' ? 0 : 2;
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
