/**
 * Handlers for the exploration API (shared/exploreApi.ts), keyed by method name. EngineSession
 * dispatches to this table after its own core handlers. A handler returns its response or throws
 * an ExploreError (summary.ts), which carries an ApiError code.
 */
import type { ExploreMethods } from '../../../../shared/exploreApi.js';
import type { SuspectsMethods } from '../../../../shared/suspectsApi.js';
import type { SessionContext } from '../context.js';
import { cyclesPage } from './cycles.js';
import { editHandlers } from './edits.js';
import { inspectObject, objectRefs } from './inspect.js';
import { neighbourhood } from './neighbourhood.js';
import { forgetObjectOrders, objectRow, objectsPage } from './objectsPage.js';
import { exportReport } from './report.js';
import { suggestCuts } from './suggestCuts.js';
import { replay } from './replay.js';
import { forgetSuspects, mergedPathsHandler, suspects } from './suspects.js';
import { classSummary, dominatorChildren, forgetStructure, retainers } from './structure.js';

export { ExploreError } from './summary.js';

/**
 * Drops every cached view result that reads the simulation, cycles or dominators an edit just
 * replaced, before anything is recomputed: on a big heap the old arrays (tens of bytes an object)
 * are then garbage when the new ones are allocated, instead of both being held at the peak.
 */
export function forgetEditedViews(session: SessionContext): void {
  forgetSuspects(session);
  forgetStructure(session);
  forgetObjectOrders(session);
}
export { exploreSchemas } from './schemas.js';

export type ExploreHandlers = {
  [M in keyof (ExploreMethods & SuspectsMethods)]: (session: SessionContext, request: (ExploreMethods & SuspectsMethods)[M]['request']) => (ExploreMethods & SuspectsMethods)[M]['response'];
};

export const exploreHandlers: ExploreHandlers = {
  objectsPage,
  objectRow,
  inspectObject,
  objectRefs,
  neighbourhood,
  cyclesPage,
  ...editHandlers,
  exportReport,
  suggestCuts,
  replay,
  suspects,
  mergedPaths: mergedPathsHandler,
  classSummary,
  dominatorChildren,
  retainers,
};
