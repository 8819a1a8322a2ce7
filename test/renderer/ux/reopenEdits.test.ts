/**
 * Saved edits come back when a dump is reopened (from Recent files) while the Edits store already
 * exists, and the status bar counts the active dump's unexported edits apart from other tabs'.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from '../../../renderer/src/App.vue';
import { provideApi } from '../../../renderer/src/api';
import { useSessionsStore } from '../../../renderer/src/stores/sessions';
import { useEditsStore } from '../../../renderer/src/stores/edits';
import type { OpenStatus } from '../../../shared/api';
import { fakeApi, readyStatus } from '../fakeApi';

beforeEach(() => setActivePinia(createPinia()));

const verdict = { rules: '2.7', saveAll: false, collect: 0, garbage: 0, unreachable: 0, freedByRefcount: 4, uncollectable: 0 };

describe('saved edits after reopening', () => {
  it('lists the saved history once the reopened dump is ready, not the loading error', async () => {
    let n = 0;
    const polls = new Map<string, number>();
    const statuses = new Map<string, OpenStatus>();
    const api = fakeApi({
      ping: () => ({ app: 'heapscope', version: '0.1.0', mode: 'serve' }),
      listSessions: () => ({ sessions: [...statuses.values()] }),
      listDemos: () => ({ demos: [] }),
      recentFiles: () => ({ files: [] }),
      openDump: () => ({ session: `s${++n}` }),
      closeDump: (r: { session: string }) => ({ closed: statuses.delete(r.session) }),
      openStatus: (r: { session: string }) => {
        const count = (polls.get(r.session) ?? 0) + 1;
        polls.set(r.session, count);
        const s: OpenStatus = count < 3 ? { ...readyStatus(r.session), state: 'loading', phase: 'reading', info: undefined } : readyStatus(r.session);
        statuses.set(r.session, s);
        return s;
      },
      listEdits: (r: { session: string }) =>
        statuses.get(r.session)?.state === 'ready'
          ? { verdict, edits: [{ step: 0, description: 'Breaking ._a', summary: 'frees 4 objects' }], redoable: 0 }
          : { ok: false, error: { code: 'NOT_READY', message: 'the dump is loading, not ready' } },
    });
    provideApi(api);
    const sessions = useSessionsStore();
    await sessions.init();
    await sessions.open({ path: '/tmp/two-cycle-2.7.jsonl' });
    const edits = useEditsStore();
    await flushPromises();
    expect(edits.steps).toHaveLength(1);
    await sessions.close('s1');
    // Reopened from Recent files: the store exists already, and the new tab starts loading.
    await sessions.open({ path: '/tmp/two-cycle-2.7.jsonl' });
    await flushPromises();
    expect(sessions.active?.state).toBe('ready');
    expect(edits.error).toBeNull();
    expect(edits.steps.map((s) => s.summary)).toEqual(['frees 4 objects']);
  });
});

describe('the status bar', () => {
  it("names this dump's unexported edits and the other tabs' apart", async () => {
    provideApi(
      fakeApi({
        ping: () => ({ app: 'heapscope', version: '0.1.0', mode: 'serve' }),
        listSessions: () => ({ sessions: [{ ...readyStatus('a1'), unexportedEdits: 1 }, { ...readyStatus('a2', 'other.jsonl'), unexportedEdits: 2 }] }),
        listDemos: () => ({ demos: [] }),
        recentFiles: () => ({ files: [] }),
        overview: () => ({ ok: false, error: { code: 'NOT_FOUND', message: 'not in this test' } }),
        listEdits: () => ({ verdict, edits: [], redoable: 0 }),
      }),
    );
    const w = mount(App);
    await flushPromises();
    useSessionsStore().activate('a1');
    await flushPromises();
    expect(w.get('[data-testid=status-unexported]').text()).toBe('· 1 edit not exported (Edits › Export) · 2 not exported in other tabs');
    expect(w.text()).not.toContain('edit(s)');
    w.unmount();
  });
});
