/**
 * A captured series in the app shell: the dialog's "every S seconds, N dumps" (off by default)
 * starts a series, the progress says dump k of N, and once done every dump becomes a tab and the
 * Comparison view opens on the target (memlab's baseline / target / final for three or more); a
 * failure mid-series shows which dump failed and keeps the ones written as tabs.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from '../../renderer/src/App.vue';
import CaptureDialog from '../../renderer/src/components/CaptureDialog.vue';
import { provideApi } from '../../renderer/src/api';
import { useSessionsStore } from '../../renderer/src/stores/sessions';
import { useNavigationStore } from '../../renderer/src/stores/navigation';
import { useComparisonStore } from '../../renderer/src/stores/comparison';
import { seriesOrigin, seriesRoles } from '../../renderer/src/stores/captureSeries';
import type { CaptureStatus } from '../../shared/api';
import type { ComparisonSummary } from '../../shared/compareApi';
import { fakeApi, readyStatus, twoCycleOverview } from './fakeApi';

beforeEach(() => setActivePinia(createPinia()));

/** Polls until `check` passes (the stores poll the host every 120–150 ms; a loaded machine is slower). */
const until = (check: () => void) => vi.waitFor(async () => (await flushPromises(), check()), { timeout: 10_000, interval: 50 });
const processes = [{ pid: 4242, command: 'python3 server.py', python: '3.11', user: 'alice' }];
const names: Record<string, string> = { a0000001: 'heap-1.jsonl.gz', a0000002: 'heap-2.jsonl.gz', a0000003: 'heap-3.jsonl.gz' };

const summary: ComparisonSummary = {
  base: 'heap-1.jsonl.gz',
  target: 'heap-2.jsonl.gz',
  final: 'heap-3.jsonl.gz',
  mode: 'after-collect',
  matching: 'identity',
  notes: [],
  identity: { exact: 10, likely: 90, unknown: 0 },
  totals: { beforeObjects: 100, afterObjects: 125, beforeBytes: 5000, afterBytes: 6400 },
  types: [],
  typesTruncated: false,
  leaks: [],
};

/** The host: captureStatus says "dumping" dump `at.dump` of 3 until the test sets `at.done`, then `end`. */
function host(end: CaptureStatus) {
  const at = { dump: 1, done: false };
  const api = fakeApi(
    {
      ping: () => ({ app: 'heapscope', version: '0.1.0', mode: 'serve' }),
      listSessions: () => ({ sessions: [] }),
      listDemos: () => ({ demos: [] }),
      recentFiles: () => ({ files: [] }),
      listProcesses: () => ({ processes }),
      startCapture: () => ({ capture: 'c1' }),
      captureStatus: (): CaptureStatus =>
        at.done ? end : { capture: 'c1', pid: 4242, state: 'running', phase: 'dumping', message: 'writing the dump: 1.0 MiB', bytes: 1 << 20, dump: at.dump, count: 3 },
      openStatus: (r: { session: string }) => readyStatus(r.session, names[r.session]),
      overview: (r: { session: string }) => twoCycleOverview(r.session),
      compareWith: () => summary,
    },
    'serve',
  );
  return { api, at };
}

async function startSeries(api: ReturnType<typeof host>['api']) {
  provideApi(api);
  const wrapper = mount(App, { attachTo: document.body });
  await flushPromises();
  await wrapper.get('[data-testid="capture-dialog-open"]').trigger('click');
  await flushPromises();
  await wrapper.get('[data-testid="capture-series"]').setValue(true);
  await wrapper.get('[data-testid="capture-every"]').setValue('1');
  await wrapper.get('[data-testid="capture-count"]').setValue('3');
  await wrapper.get('[data-testid="capture-4242"]').trigger('click');
  return wrapper;
}

describe('a captured series', () => {
  it('compares first with last for two dumps, and first / second-to-last / last for three or more', () => {
    expect(seriesRoles(['a', 'b'])).toEqual({ base: 'a', target: 'b', final: null });
    expect(seriesRoles(['a', 'b', 'c'])).toEqual({ base: 'a', target: 'b', final: 'c' });
    expect(seriesRoles(['a', 'b', 'c', 'd', 'e'])).toEqual({ base: 'a', target: 'd', final: 'e' });
    expect(() => seriesRoles(['a'])).toThrow('a series compares two dumps or more, not 1');
    expect(seriesOrigin(2, 7)).toBe('A captured series of 2 dumps of process 7: dump 1 is the baseline, dump 2 the target.');
    expect(seriesOrigin(5, 7)).toBe("A captured series of 5 dumps of process 7: dump 1 is the baseline, dump 4 the target, dump 5 the final dump (memlab's baseline / target / final). Dumps 2–3 are open in their own tabs.");
  });

  it('starts a series, shows dump k of N, then opens the dumps and their comparison', async () => {
    const { api, at } = host({ capture: 'c1', pid: 4242, state: 'done', phase: 'done', message: '3 dumps', bytes: 0, session: 'a0000003', sessions: ['a0000001', 'a0000002', 'a0000003'], dump: 3, count: 3 });
    const wrapper = await startSeries(api);
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'startCapture')?.request).toEqual({ pid: 4242, every: 1, count: 3 });
    await until(() => expect(wrapper.get('[data-testid="capture-progress"]').text()).toBe('Dump 1 of 3 · dumping — writing the dump: 1.0 MiB (1.0 MiB)'));
    at.dump = 2;
    await until(() => expect(wrapper.get('[data-testid="capture-progress"]').text()).toBe('Dump 2 of 3 · dumping — writing the dump: 1.0 MiB (1.0 MiB)'));
    at.done = true;
    await until(() => expect(api.calls.some((c) => c.method === 'compareWith')).toBe(true));
    await flushPromises();
    expect(wrapper.find('[data-testid="capture-dialog"]').exists()).toBe(false);
    const sessions = useSessionsStore();
    expect(sessions.tabs.map((t) => t.session)).toEqual(['a0000001', 'a0000002', 'a0000003']);
    expect(sessions.activeId).toBe('a0000002');
    expect(useNavigationStore().view).toBe('compare');
    expect(api.calls.find((c) => c.method === 'compareWith')?.request).toEqual({ session: 'a0000002', base: 'a0000001', final: 'a0000003', mode: 'after-collect' });
    expect(useComparisonStore().origins.a0000002).toBe(seriesOrigin(3, 4242));
    // The view's code loads lazily.
    await until(() => expect(wrapper.get('[data-testid="compare-origin"]').text()).toBe(seriesOrigin(3, 4242)));
    expect(wrapper.get('[data-testid="compare-roles"]').text()).toContain('Baseline heap-1.jsonl.gz, target heap-2.jsonl.gz (this tab), final heap-3.jsonl.gz');
    wrapper.unmount();
  });

  it('says which dump failed and keeps the ones written as tabs, without comparing', async () => {
    const reason = 'dump 3 of 3 failed: no process 4242 (dumps 1–2 are kept in /data/captures and opened)';
    const { api, at } = host({ capture: 'c1', pid: 4242, state: 'failed', phase: 'inspecting', message: reason, bytes: 0, error: { code: 'UNSUPPORTED', message: reason }, sessions: ['a0000001', 'a0000002'], dump: 3, count: 3 });
    const wrapper = await startSeries(api);
    at.done = true;
    await until(() => expect(wrapper.get('[data-testid="capture-error"]').text()).toBe(reason));
    await until(() => expect(useSessionsStore().tabs.map((t) => t.session)).toEqual(['a0000001', 'a0000002']));
    expect(wrapper.find('[data-testid="capture-dialog"]').exists()).toBe(true);
    expect(api.calls.some((c) => c.method === 'compareWith')).toBe(false);
    wrapper.unmount();
  });

  it('is off by default (one dump) and refuses a series of fewer than two dumps', async () => {
    const wrapper = mount(CaptureDialog, { props: { processes, unsupported: null, listing: false, status: null, error: null } });
    expect((wrapper.get('[data-testid="capture-series"]').element as HTMLInputElement).checked).toBe(false);
    expect(wrapper.get('[data-testid="capture-count"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="capture-4242"]').trigger('click');
    expect(wrapper.emitted('capture')).toEqual([[4242, null]]);
    await wrapper.get('[data-testid="capture-series"]').setValue(true);
    await wrapper.get('[data-testid="capture-count"]').setValue('1');
    expect(wrapper.get('[data-testid="capture-series-problem"]').text()).toBe('(a series takes 2 to 100 dumps)');
    expect(wrapper.get('[data-testid="capture-4242"]').attributes('disabled')).toBeDefined();
  });
});
