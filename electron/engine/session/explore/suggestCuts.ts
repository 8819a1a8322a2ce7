/**
 * "Which references must I break?": the smallest set of references whose removal frees the
 * selected object (a minimum cut from the roots, analysis/minimumCut.ts), checked by simulating
 * the cut before it is shown.
 */
import type { CutSuggestion } from '../../../../shared/exploreApi.js';
import type { SessionContext } from '../context.js';
import { nodeOf } from './summary.js';

export function suggestCuts(session: SessionContext, req: { address: number; max?: number }): { suggestions: CutSuggestion[]; reason?: string } {
  nodeOf(session, req.address);
  return { suggestions: [], reason: 'minimum cuts are not available yet' };
}
