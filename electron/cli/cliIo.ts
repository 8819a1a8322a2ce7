/**
 * What every `heapscope` subcommand shares: where output goes (a CliIo, so tests capture it
 * in-process), the exit codes, and CliExit, the one error a subcommand throws to stop with a code
 * and a message. `runCommand` turns CliExit, HeapFormatError and EngineError into an exit code
 * and one line on stderr; anything else is a bug and is reported as such (exit 1).
 */
import { isHeapFormatError } from '../engine/formats/HeapFormatError.js';
import { isEngineError } from '../engine/errors.js';
import { isAllocationFailure } from '../engine/model/allocate.js';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** Exit codes, stable for scripts and CI pipelines. */
export const ExitCode = {
  Ok: 0,
  /** `check` found more than allowed, or out of memory (one line naming what), or an internal error. */
  Failed: 1,
  /** Bad arguments: unknown option, missing value, malformed edit or rule set. */
  Usage: 2,
  /** The dump cannot be read: missing, truncated, corrupt (message names file and line). */
  BadDump: 3,
  /** An address that no object in the dump has. */
  UnknownAddress: 4,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export class CliExit extends Error {
  override readonly name = 'CliExit';
  constructor(
    readonly code: ExitCodeValue,
    message: string,
  ) {
    super(message);
  }
}

/** Maps an error to an exit code and a message (without the "heapscope:" prefix). */
export function exitFor(e: unknown): { code: ExitCodeValue; message: string } {
  if (e instanceof CliExit) return { code: e.code, message: e.message };
  // Out of memory is not the dump's fault nor the arguments': exit 1, one line, no stack trace.
  if (isHeapFormatError(e) && e.code === 'NO_MEMORY') return { code: ExitCode.Failed, message: e.message };
  if (isHeapFormatError(e)) return { code: ExitCode.BadDump, message: e.message };
  if (isAllocationFailure(e)) return { code: ExitCode.Failed, message: `not enough memory (${e.message}): close other programs or raise the memory limit` };
  if (isEngineError(e)) {
    if (e.code === 'NO_MEMORY') return { code: ExitCode.Failed, message: e.message };
    if (e.code === 'UNKNOWN_ADDRESS') return { code: ExitCode.UnknownAddress, message: e.message };
    return { code: ExitCode.Usage, message: e.message };
  }
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { code: ExitCode.Failed, message: `internal error: ${message}` };
}

/** Runs a subcommand body; errors become an exit code and one stderr line. */
export async function runCommand(name: string, io: CliIo, body: () => Promise<number> | number): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const { code, message } = exitFor(e);
    io.err(`heapscope ${name}: ${message}\n`);
    return code;
  }
}
