/** Item 10 and 11 of the leak hunter's issue: the small things a new user trips over. */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from '../../../renderer/src/App.vue';
import LoadProgress from '../../../renderer/src/components/LoadProgress.vue';
import { provideApi } from '../../../renderer/src/api';
import { useSessionsStore } from '../../../renderer/src/stores/sessions';
import { finalizerText } from '../../../renderer/src/components/explore/format';
import { fakeApi, readyStatus } from '../fakeApi';

beforeEach(() => setActivePinia(createPinia()));

describe('opening', () => {
  it('shows the tab of a file already open instead of a second identical one', async () => {
    let n = 0;
    const api = fakeApi({
      openDump: () => ({ session: `s${++n}` }),
      openStatus: (r: { session: string }) => readyStatus(r.session),
      listDemos: () => ({ demos: [] }),
      recentFiles: () => ({ files: [] }),
    });
    provideApi(api);
    const sessions = useSessionsStore();
    await sessions.open({ path: '/tmp/two-cycle-2.7.jsonl' });
    await sessions.open({ demo: 'web-cache-leak-3.11' });
    expect(await sessions.open({ path: '/tmp/two-cycle-2.7.jsonl' })).toBe('s1');
    expect(sessions.tabs).toHaveLength(2);
    expect(sessions.activeId).toBe('s1');
    expect(api.calls.filter((c) => c.method === 'openDump')).toHaveLength(2);
  });

  it('says what a first open waits for instead of "0 B of 0 B"', () => {
    const w = mount(LoadProgress, { props: { status: { ...readyStatus('s1'), state: 'loading', phase: 'starting', bytesRead: 0, totalBytes: 0, objects: 0 } } });
    expect(w.get('[data-testid=load-waiting]').text()).toMatch(/worker thread to start/);
    expect(w.text()).not.toContain('0 B of 0 B');
    w.unmount();
  });

  it('starts with how to capture a dump, before the demos', async () => {
    provideApi(
      fakeApi({
        ping: () => ({ app: 'heapscope', version: '0.1.0', mode: 'serve' }),
        listSessions: () => ({ sessions: [] }),
        listDemos: () => ({ demos: [{ id: 'two-cycle-2.7', title: 'Two objects in a cycle', description: 'the article', python: '2.7.18' }] }),
        recentFiles: () => ({ files: [] }),
      }),
    );
    const w = mount(App);
    await flushPromises();
    const text = w.text();
    expect(w.get('[data-testid=capture-help]').text()).toMatch(/heapscope dumper --out heapscope_dump\.py[\s\S]*heapscope_dump\.py run myscript\.py/);
    expect(text.indexOf('Capture a dump')).toBeLessThan(text.indexOf('demo heap'));
    expect(text.indexOf('Open a dump file')).toBeLessThan(text.indexOf('demo heap'));
    w.unmount();
  });
});

describe('words', () => {
  it('names finalizers as Python does', () => {
    expect(finalizerText('del')).toBe('__del__');
    expect(finalizerText('')).toBe('none');
  });
});
