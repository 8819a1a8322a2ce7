/**
 * What the explore views are looking at: the selected object (kept in the navigation store, so
 * every view and the overview agree), its inspector data, the selected reference (edge) and the
 * selected cycle. Also the one place the explore views reach the engine: typed calls through the
 * app's API client, scoped to the active dump's session.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { ApiRequest, ApiResponse } from '../../../shared/api';
import type { CycleRow, ExploreMethods, InspectResponse } from '../../../shared/exploreApi';
import { useApi } from '../api';
import { useNavigationStore } from './navigation';

type ExploreMethod = keyof ExploreMethods;
/** A request without the session id, which the store adds. */
export type ExploreArgs<M extends ExploreMethod> = Omit<ApiRequest<M>, 'session'>;

export class ExploreCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SelectedEdge {
  edge: number;
  source: number;
  target: number;
  label: string;
}

export const useSelectionStore = defineStore('selection', () => {
  const nav = useNavigationStore();

  /** Calls an explore method on the active dump; rejects with ExploreCallError. */
  async function call<M extends ExploreMethod>(method: M, args: ExploreArgs<M>): Promise<ApiResponse<M>> {
    const session = nav.activeSession;
    if (!session) throw new ExploreCallError('NOT_FOUND', 'no dump is open');
    const result = await useApi().call(method, { ...args, session } as ApiRequest<M>);
    if (!result.ok) throw new ExploreCallError(result.error.code, result.error.message);
    return result.value;
  }

  const address = computed(() => nav.selectedAddress);
  const inspector = shallowRef<InspectResponse | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  const edge = ref<SelectedEdge | null>(null);
  const cycle = shallowRef<CycleRow | null>(null);
  let requestNo = 0;

  /** Reloads the inspector for the selected object (after a selection change or an edit). */
  async function refresh(): Promise<void> {
    const a = address.value;
    const mine = ++requestNo;
    if (a === null || !nav.activeSession) {
      inspector.value = null;
      error.value = null;
      return;
    }
    loading.value = true;
    try {
      const r = await call('inspectObject', { address: a });
      if (mine === requestNo) {
        inspector.value = r;
        error.value = null;
      }
    } catch (e) {
      if (mine === requestNo) {
        inspector.value = null;
        error.value = e instanceof Error ? e.message : String(e);
      }
    } finally {
      if (mine === requestNo) loading.value = false;
    }
  }

  // Immediate: the store may first be used after something selected an object (Overview → Objects).
  watch([address, () => nav.activeSession], () => void refresh(), { immediate: true });
  // A reference or a cycle belongs to one dump: forget them when another tab becomes active.
  watch(
    () => nav.activeSession,
    () => {
      edge.value = null;
      cycle.value = null;
    },
  );

  function select(a: number | null): void {
    nav.select(a);
  }
  /** Follow a link to an object (the inspector's references and paths): Back returns here. */
  function follow(a: number): void {
    nav.follow(a);
  }
  function selectEdge(e: SelectedEdge | null): void {
    edge.value = e;
  }
  function selectCycle(c: CycleRow | null): void {
    cycle.value = c;
  }

  return { call, address, inspector, loading, error, edge, cycle, refresh, select, follow, selectEdge, selectCycle };
});
