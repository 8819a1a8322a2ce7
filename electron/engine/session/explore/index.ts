/**
 * Handlers for the exploration API (shared/exploreApi.ts), keyed by method name. EngineSession
 * dispatches to this table after its own core handlers.
 */
import type { ExploreMethods } from '../../../../shared/exploreApi.js';
import type { SessionContext } from '../context.js';

export type ExploreHandlers = {
  [M in keyof ExploreMethods]: (session: SessionContext, request: ExploreMethods[M] extends { request: infer R } ? R : never) => unknown;
};

export const exploreHandlers: ExploreHandlers = {};
