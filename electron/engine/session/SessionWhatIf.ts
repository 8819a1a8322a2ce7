/**
 * The session's what-if control (SessionContext.whatIf) until the EditHistory lands: no edits
 * yet. Replaced by an EditHistory-backed implementation that saves after every change.
 */
import type { EditDelta, EditOverlay } from '../whatif/types.js';
import { EngineError } from '../errors.js';
import type { WhatIfControl } from './context.js';
import type { HistoryStore } from './HistoryStore.js';

export class SessionWhatIf implements WhatIfControl {
  readonly restored = 0;

  constructor(_session: unknown, _onChange: () => void, _store?: HistoryStore) {}

  overlay(): EditOverlay | undefined {
    return undefined;
  }
  lastDelta(): EditDelta | undefined {
    return undefined;
  }
  apply(): EditDelta {
    throw new EngineError('BAD_EDIT', 'what-if editing is not available yet');
  }
  undo(): EditDelta | undefined {
    return undefined;
  }
  redo(): EditDelta | undefined {
    return undefined;
  }
  revert(): EditDelta {
    throw new EngineError('BAD_EDIT', 'what-if editing is not available yet');
  }
  steps(): readonly never[] {
    return [];
  }
  redoable(): number {
    return 0;
  }
  toJSON(): unknown {
    return { edits: [] };
  }
}
