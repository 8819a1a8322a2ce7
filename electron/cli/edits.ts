/**
 * `--edit` values for analyze, path, top and check. The syntax lives in whatif/parseEdit.ts
 * (drop-ref:SRC:DST, clear:ADDR, drop-external:ADDR[:N], effect:ADDR:EFFECT); here a syntax error
 * becomes a usage error (exit 2), and whatif/overlay.ts compiles the edits into the overlay.
 */
import type { Edit, EditOverlay } from '../engine/whatif/types.js';
import type { HeapGraph } from '../engine/model/HeapGraph.js';
import { buildOverlay } from '../engine/whatif/overlay.js';
import { parseEdit } from '../engine/whatif/parseEdit.js';
import { isEngineError } from '../engine/errors.js';
import { usageError } from './args.js';

export { formatEdit } from '../engine/whatif/parseEdit.js';

export function parseEditArg(text: string): Edit {
  try {
    return parseEdit(text);
  } catch (err) {
    throw isEngineError(err) ? usageError(`edit ${err.message}`) : err;
  }
}

/** Applies edits in order (whatif/overlay.ts); EngineError UNKNOWN_ADDRESS → exit 4, others → exit 2. */
export function overlayOf(graph: HeapGraph, edits: readonly Edit[]): EditOverlay | undefined {
  return buildOverlay(graph, edits);
}
