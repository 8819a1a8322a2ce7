/**
 * Capture from a running process: the dialog's state (open, the process list, the running
 * capture's progress, the last error). `capture(pid, series?)` starts it in the host and polls
 * `captureStatus`; once the dump is written the host has opened it, and the sessions store takes
 * the new session over as a tab. A series' dumps all become tabs and a comparison of them opens
 * (captureSeries.ts says which is which); when one fails, the ones written before it still become tabs.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiError, CaptureStatus, PythonProcess } from '../../../shared/api';
import { useApi } from '../api';
import { useSessionsStore } from './sessions';
import { useComparisonStore } from './comparison';
import { useNavigationStore } from './navigation';
import { seriesOrigin, seriesRoles, type SeriesOptions } from './captureSeries';

const pollMs = 150;

export const useCaptureStore = defineStore('capture', () => {
  const open = ref(false);
  const processes = ref<PythonProcess[]>([]);
  const unsupported = ref<string | null>(null);
  const listing = ref(false);
  const status = ref<CaptureStatus | null>(null);
  const error = ref<ApiError | null>(null);

  async function refresh(): Promise<void> {
    listing.value = true;
    const r = await useApi().call('listProcesses', {});
    listing.value = false;
    if (!r.ok) {
      error.value = r.error;
      return;
    }
    processes.value = r.value.processes;
    unsupported.value = r.value.unsupported ?? null;
  }

  function show(): void {
    open.value = true;
    error.value = null;
    status.value = null;
    void refresh();
  }

  /** A series' dumps as tabs, then the comparison of its baseline, target and final dump. */
  async function openSeries(ids: string[], pid: number): Promise<void> {
    const sessions = useSessionsStore();
    await Promise.all(ids.map((id) => sessions.adopt(id)));
    const roles = seriesRoles(ids);
    sessions.activate(roles.target);
    useNavigationStore().go('compare');
    const comparison = useComparisonStore();
    await comparison.compare(roles.target, roles.base, roles.final, 'after-collect');
    comparison.origins[roles.target] = seriesOrigin(ids.length, pid);
  }

  async function capture(pid: number, series: SeriesOptions | null = null): Promise<void> {
    const api = useApi();
    error.value = null;
    const started = await api.call('startCapture', series && series.count > 1 ? { pid, every: series.every, count: series.count } : { pid });
    if (!started.ok) {
      error.value = started.error;
      return;
    }
    for (;;) {
      const s = await api.call('captureStatus', { capture: started.value.capture });
      if (!s.ok) {
        error.value = s.error;
        status.value = null;
        return;
      }
      status.value = s.value;
      if (s.value.state === 'failed') {
        error.value = s.value.error ?? { code: 'INTERNAL', message: s.value.message };
        status.value = null;
        // The dumps written before the failure were opened by the host: show them as tabs.
        await Promise.all((s.value.sessions ?? []).map((id) => useSessionsStore().adopt(id)));
        return;
      }
      if (s.value.state === 'done' && (s.value.sessions?.length ?? 0) > 1) {
        open.value = false;
        status.value = null;
        await openSeries(s.value.sessions!, s.value.pid);
        return;
      }
      if (s.value.state === 'done' && s.value.session) {
        open.value = false;
        status.value = null;
        await useSessionsStore().adopt(s.value.session);
        return;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  return { open, processes, unsupported, listing, status, error, refresh, show, capture };
});
