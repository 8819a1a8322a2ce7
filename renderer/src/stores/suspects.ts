/**
 * State and calls of the leak-finding views (Merged paths, Classes, Dominator tree, the
 * inspector's retainers tree): what the Merged paths view shows for each open dump (a suspect's
 * objects or a type; the Overview's Suspects panel and the class summary set it), and typed calls
 * of the suspects API scoped to the active dump.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiRequest, ApiResponse } from '../../../shared/api';
import type { SuspectsMethods } from '../../../shared/suspectsApi';
import { useApi } from '../api';
import { useNavigationStore } from './navigation';
import { ExploreCallError } from './selection';

export type PathsTarget = { suspect: number; title: string } | { type: string; title: string };
type Method = keyof SuspectsMethods;

export const useSuspectsStore = defineStore('suspects', () => {
  const targets = ref<Record<string, PathsTarget>>({});
  const nav = useNavigationStore();

  function setTarget(session: string, target: PathsTarget): void {
    targets.value[session] = target;
  }

  /** Shows the merged paths of a type's objects in the active dump. */
  function showTypePaths(type: string): void {
    if (nav.activeSession) setTarget(nav.activeSession, { type, title: type });
    nav.go('paths');
  }

  /** Calls a suspects method on the active dump; rejects with ExploreCallError. */
  async function call<M extends Method>(method: M, args: Omit<ApiRequest<M>, 'session'>): Promise<ApiResponse<M>> {
    const session = nav.activeSession;
    if (!session) throw new ExploreCallError('NOT_FOUND', 'no dump is open');
    const result = await useApi().call(method, { ...args, session } as ApiRequest<M>);
    if (!result.ok) throw new ExploreCallError(result.error.code, result.error.message);
    return result.value;
  }

  return { targets, setTarget, showTypePaths, call };
});
