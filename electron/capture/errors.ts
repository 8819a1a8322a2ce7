/**
 * The one error type of the capture engine: a code for programs (the app maps it to its error
 * value, the CLI to exit 1) and a one-line message for people that says what to do.
 */
export type CaptureErrorCode =
  | 'NO_GDB'
  | 'PTRACE_DENIED'
  | 'NO_PROCESS'
  | 'NOT_PYTHON'
  | 'NO_SYMBOLS'
  | 'PERMISSION'
  | 'EXITED'
  | 'TIMEOUT'
  | 'UNSUPPORTED'
  | 'INJECT_FAILED'
  | 'DUMP_FAILED'
  | 'BAD_OUTPUT'
  | 'CANCELLED';

export class CaptureError extends Error {
  override readonly name = 'CaptureError';
  constructor(
    readonly code: CaptureErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isCaptureError(e: unknown): e is CaptureError {
  return e instanceof CaptureError;
}
