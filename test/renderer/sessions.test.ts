/**
 * The sessions store and the app shell: opening with progress until ready, a corrupt file shown
 * with file and line while the app stays usable, cancel, close, reopen after a crash, sessions the
 * host opened before the page loaded, and the close guard for unexported edits.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from '../../renderer/src/App.vue';
import { provideApi } from '../../renderer/src/api';
import { useSessionsStore } from '../../renderer/src/stores/sessions';
import type { OpenStatus } from '../../shared/api';
import { fakeApi, readyStatus, twoCycleOverview, type FakeApi } from './fakeApi';

let pinia: ReturnType<typeof createPinia>;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

/** A host where `openDump` starts a session that goes loading → ready after `steps` polls. */
function scriptedHost(final: (id: string) => OpenStatus, steps = 2): FakeApi {
  let n = 0;
  const polls = new Map<string, number>();
  const statuses = new Map<string, OpenStatus>();
  return fakeApi({
    ping: () => ({ app: 'heapscope', version: '0.1.0', mode: 'serve' }),
    listSessions: () => ({ sessions: [...statuses.values()] }),
    listDemos: () => ({ demos: [{ id: 'two-cycle-2.7', title: 'Two objects in a cycle', description: 'the article', python: '2.7.18' }] }),
    recentFiles: () => ({ files: [] }),
    openDump: () => ({ session: `s${++n}` }),
    openStatus: (r: { session: string }) => {
      const count = (polls.get(r.session) ?? 0) + 1;
      polls.set(r.session, count);
      const status: OpenStatus =
        count < steps
          ? { ...readyStatus(r.session), state: 'loading', phase: 'reading', bytesRead: 50, info: undefined }
          : final(r.session);
      statuses.set(r.session, status);
      return status;
    },
    closeDump: (r: { session: string }) => ({ closed: statuses.delete(r.session) }),
    cancelOpen: () => ({ cancelled: true }),
    overview: (r: { session: string }) => twoCycleOverview(r.session),
  });
}

describe('sessions store', () => {
  it('opens a demo, follows progress until ready, and activates its tab', async () => {
    const api = scriptedHost((id) => readyStatus(id));
    provideApi(api);
    const sessions = useSessionsStore();
    await sessions.init();
    const id = await sessions.open({ demo: 'two-cycle-2.7' });
    expect(id).toBe('s1');
    expect(sessions.active?.state).toBe('ready');
    expect(api.calls.filter((c) => c.method === 'openStatus').length).toBeGreaterThanOrEqual(2);
    expect(sessions.tabs[0].source).toEqual({ path: '/tmp/two-cycle-2.7.jsonl' });
  });

  it('keeps a failed open as a tab with its error, and the app usable', async () => {
    const corrupt = (id: string): OpenStatus => ({
      ...readyStatus(id, 'corrupt.jsonl'),
      state: 'failed',
      info: undefined,
      error: { code: 'FORMAT', message: 'corrupt.jsonl:4: invalid JSON', file: 'corrupt.jsonl', line: 4 },
    });
    provideApi(scriptedHost(corrupt, 1));
    const wrapper = mount(App, { global: { plugins: [pinia] } });
    await flushPromises();
    const sessions = useSessionsStore();
    await sessions.open({ path: '/tmp/corrupt.jsonl' });
    await flushPromises();
    expect(wrapper.get('[data-testid="error-where"]').text()).toBe('corrupt.jsonl, line 4');
    expect(wrapper.get('[data-testid="error-message"]').text()).toContain('corrupt.jsonl:4');
    // Still usable: the Open dialog opens and lists the demos.
    await wrapper.get('[data-testid="open-dialog"]').trigger('click');
    expect(wrapper.find('[data-testid="demo-two-cycle-2.7"]').exists()).toBe(true);
  });

  it('shows progress with the phase name, and cancels', async () => {
    const api = scriptedHost((id) => readyStatus(id), 1000);
    provideApi(api);
    const wrapper = mount(App, { global: { plugins: [pinia] } });
    await flushPromises();
    const sessions = useSessionsStore();
    void sessions.open({ path: '/tmp/big.jsonl' });
    await new Promise((r) => setTimeout(r, 20));
    await flushPromises();
    expect(wrapper.get('[data-testid="load-phase"]').text()).toContain('reading');
    await wrapper.get('[data-testid="load-cancel"]').trigger('click');
    expect(api.calls.some((c) => c.method === 'cancelOpen')).toBe(true);
    await sessions.close(sessions.activeId!);
  });

  it('reopens a crashed dump in the same tab', async () => {
    let crashed = true;
    const api = scriptedHost((id) => (crashed ? { ...readyStatus(id), state: 'crashed', error: { code: 'WORKER_CRASHED', message: 'worker stopped' } } : readyStatus(id)), 1);
    provideApi(api);
    const sessions = useSessionsStore();
    await sessions.open({ path: '/tmp/two-cycle-2.7.jsonl' });
    expect(sessions.active?.state).toBe('crashed');
    crashed = false;
    await sessions.reopen('s1');
    expect(sessions.tabs.map((t) => [t.session, t.state])).toEqual([['s2', 'ready']]);
    expect(api.calls.some((c) => c.method === 'closeDump')).toBe(true);
  });

  it('adopts sessions the host opened before the page loaded (command line, npm start)', async () => {
    provideApi(
      fakeApi({
        ping: () => ({ app: 'heapscope', version: '0.1.0', mode: 'serve' }),
        listSessions: () => ({ sessions: [readyStatus('a1')] }),
        listDemos: () => ({ demos: [] }),
        recentFiles: () => ({ files: [] }),
      }),
    );
    const sessions = useSessionsStore();
    await sessions.init();
    expect(sessions.activeId).toBe('a1');
    expect(sessions.mode).toBe('serve');
  });

  it('guards closing the window while edits are unexported', async () => {
    const api = fakeApi({ listSessions: () => ({ sessions: [{ ...readyStatus('a1'), unexportedEdits: 2 }] }), closeDump: () => ({ closed: true }) });
    provideApi(api);
    const sessions = useSessionsStore();
    sessions.tabs.push(readyStatus('a1'));
    await sessions.refresh();
    expect(sessions.unexportedEdits).toBe(2);
    expect(api.guard).toBe(true);
    await sessions.close('a1');
    expect(api.guard).toBe(false);
  });

  it('opens a dropped or uploaded file through the client', async () => {
    const api = scriptedHost((id) => readyStatus(id), 1);
    provideApi(api);
    const sessions = useSessionsStore();
    await sessions.openFile(new File(['x'], 'heap.jsonl'));
    expect(api.calls.find((c) => c.method === 'openDump')?.request).toEqual({ path: '/uploads/heap.jsonl' });
  });
});
