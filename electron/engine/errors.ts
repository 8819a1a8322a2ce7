/**
 * EngineError: the one error type the engine throws for bad input (an unknown address, an edit
 * that names a reference that does not exist, a saved history made for another dump). It carries a
 * code so the session, the CLI and the UI can react without parsing messages; handlers turn it into
 * an ApiError value at the boundary. Never throw strings.
 */
export type EngineErrorCode =
  /** No object in the dump has this address. */
  | 'UNKNOWN_ADDRESS'
  /** The source object holds no (remaining) reference to the target. */
  | 'NO_SUCH_REFERENCE'
  /** An edit that is malformed or cannot apply (bad count, effect on an object without a finalizer). */
  | 'BAD_EDIT'
  /** A saved edit history that cannot be read (bad JSON, unknown version, a step out of range). */
  | 'BAD_HISTORY'
  /** A saved edit history made for a different dump (content hash mismatch). */
  | 'HASH_MISMATCH'
  /** A rule-set / Python version string that cannot be understood. */
  | 'BAD_RULES'
  /** An object ordinal or index outside the graph or list. */
  | 'OUT_OF_RANGE'
  /** Dumps that cannot be compared that way: the same dump twice, or given in the wrong order. */
  | 'BAD_COMPARISON'
  /** An array the engine needed could not be allocated (a heap cap, `ulimit -v`): see model/allocate.ts. */
  | 'NO_MEMORY';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isEngineError(e: unknown): e is EngineError {
  return e instanceof EngineError;
}
