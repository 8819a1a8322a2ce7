/**
 * The Overview of each open dump, fetched when first shown and again whenever the session's
 * revision changes (rules switched here, edits made in the explore views). Switching rules goes
 * through here: the host answers with the new overview at once.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiError, Overview, RuleSetId } from '../../../shared/api';
import { useApi } from '../api';
import { useSessionsStore } from './sessions';

export const useOverviewStore = defineStore('overview', () => {
  const byId = ref<Record<string, Overview>>({});
  /** The revision each cached overview was fetched at. */
  const fetchedAt = ref<Record<string, number>>({});
  const loading = ref<Record<string, boolean>>({});
  const errors = ref<Record<string, ApiError | undefined>>({});

  /** Fetches unless the cached overview is current (`force` refetches anyway). */
  async function load(session: string, force = false): Promise<void> {
    const rev = useSessionsStore().revision(session);
    if (!force && byId.value[session] && fetchedAt.value[session] === rev) return;
    loading.value[session] = true;
    const result = await useApi().call('overview', { session });
    loading.value[session] = false;
    if (result.ok) {
      byId.value[session] = result.value;
      fetchedAt.value[session] = rev;
      errors.value[session] = undefined;
    } else {
      errors.value[session] = result.error;
      // A dead worker: re-read the statuses so the tab shows the crash and offers Reload.
      if (result.error.code === 'WORKER_CRASHED') await useSessionsStore().refresh();
    }
  }

  async function setRules(session: string, rules: RuleSetId, saveAll: boolean): Promise<void> {
    loading.value[session] = true;
    const result = await useApi().call('setRules', { session, rules, saveAll });
    loading.value[session] = false;
    if (!result.ok) {
      errors.value[session] = result.error;
      return;
    }
    const sessions = useSessionsStore();
    sessions.bump(session);
    byId.value[session] = result.value;
    fetchedAt.value[session] = sessions.revision(session);
    errors.value[session] = undefined;
  }

  function forget(session: string): void {
    delete byId.value[session];
    delete fetchedAt.value[session];
  }

  return { byId, fetchedAt, loading, errors, load, setRules, forget };
});
