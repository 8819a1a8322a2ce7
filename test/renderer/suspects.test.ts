/**
 * The Suspects panel at the top of the Overview and the Merged paths view, against a scripted API:
 * the honest headline, each suspect leading to its owner and to the merged paths of what it holds.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import OverviewView from '../../renderer/src/views/OverviewView.vue';
import MergedPathsView from '../../renderer/src/views/MergedPathsView.vue';
import { provideApi } from '../../renderer/src/api';
import { useSessionsStore } from '../../renderer/src/stores/sessions';
import { useNavigationStore } from '../../renderer/src/stores/navigation';
import type { SuspectsSummaryDto, MergedPathsResponse } from '../../shared/suspectsApi';
import { fakeApi, readyStatus, twoCycleOverview, type FakeApi } from './fakeApi';

const OWNER = 0x7f0000009000;
const summary: SuspectsSummaryDto = {
  total: 1,
  retainedBytes: 733_000,
  sentence: "nothing is uncollectable; 1 leak suspect retains 715.8 KiB (the largest: sys.modules['__main__'].recent.records holds 11 × logging.LogRecord)",
  suspects: [
    {
      index: 0,
      owner: OWNER,
      ownerType: 'list',
      path: "sys.modules['__main__'].recent.records",
      kind: 'traceback',
      reason: 'the logging handler __main__.RecentErrorsHandler keeps 11 × logging.LogRecord with tracebacks',
      retainedBytes: 733_000,
      holds: [{ type: 'logging.LogRecord', count: 11, bytes: 731_930 }],
    },
  ],
};
const merged: MergedPathsResponse = {
  title: summary.suspects[0].reason,
  members: 11,
  truncated: 0,
  branches: [{ node: 2, text: "11 × logging.LogRecord ← list[*] ← __main__.RecentErrorsHandler.records ← sys.modules['__main__']", count: 11, bytes: 616, retainedBytes: 731_930 }],
  nodes: [
    { id: 0, parent: -1, step: 'sys.modules', type: 'dict', count: 11, own: 0, bytes: 616, retainedBytes: 731_930, sample: 1, depth: 0 },
    { id: 1, parent: 0, step: '.records', type: 'list', count: 11, own: 0, bytes: 616, retainedBytes: 731_930, sample: OWNER, depth: 1 },
    { id: 2, parent: 1, step: '[*]', type: 'logging.LogRecord', count: 11, own: 11, bytes: 616, retainedBytes: 731_930, sample: 3, depth: 2 },
  ],
};

let api: FakeApi;
let pinia: ReturnType<typeof createPinia>;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  api = fakeApi({
    overview: (r: { session: string }) => ({ ...twoCycleOverview(r.session), suspects: summary }),
    mergedPaths: () => merged,
  });
  provideApi(api);
  const sessions = useSessionsStore();
  sessions.tabs.push(readyStatus('s1'));
  sessions.activate('s1');
});

describe('Suspects panel', () => {
  it('says what the suspects retain beside the verdict and leads to the owner', async () => {
    const w = mount(OverviewView, { global: { plugins: [pinia] } });
    await flushPromises();
    expect(w.get('[data-testid="suspects-sentence"]').text()).toContain('1 leak suspect retains 715.8 KiB');
    const s = w.get('[data-testid="suspect"]');
    expect(s.text()).toContain("sys.modules['__main__'].recent.records");
    expect(s.text()).toContain('11 × logging.LogRecord');
    await s.get('[data-testid="suspect-objects"]').trigger('click');
    const nav = useNavigationStore();
    expect(nav.view).toBe('objects');
    expect(nav.selectedAddress).toBe(OWNER);
  });

  it('opens the merged paths of what the suspect holds', async () => {
    const w = mount(OverviewView, { global: { plugins: [pinia] } });
    await flushPromises();
    await w.get('[data-testid="suspect-paths"]').trigger('click');
    expect(useNavigationStore().view).toBe('paths');
    const view = mount(MergedPathsView, { global: { plugins: [pinia] } });
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'mergedPaths')?.request).toMatchObject({ session: 's1', suspect: 0 });
    expect(view.get('[data-testid="paths-branch"]').text()).toContain('11 × logging.LogRecord ← list[*]');
    expect(view.findAll('[data-testid="paths-node"]').map((n) => n.get('button').text())).toEqual(['sys.modules', '.records', '[*]']);
  });
});
