/**
 * Capture from a running process, in the app shell: the menu's event opens the dialog with the
 * host's process list (pid, command, Python, user); Capture shows the progress the host reports
 * and, once done, the dump opens as a tab; a failure shows the host's one-line reason and leaves
 * the dialog open; a platform without attach says so.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from '../../renderer/src/App.vue';
import CaptureDialog from '../../renderer/src/components/CaptureDialog.vue';
import { provideApi } from '../../renderer/src/api';
import { useSessionsStore } from '../../renderer/src/stores/sessions';
import type { CaptureStatus } from '../../shared/api';
import { fakeApi, readyStatus, twoCycleOverview } from './fakeApi';

beforeEach(() => setActivePinia(createPinia()));

const processes = [
  { pid: 4242, command: 'python3 server.py --port 8000', python: '3.11', user: 'alice' },
  { pid: 77, command: 'python2.7 legacy.py', python: '2.7', user: 'alice' },
];

function host(final: (pid: number) => CaptureStatus) {
  let polls = 0;
  return fakeApi({
    ping: () => ({ app: 'heapscope', version: '0.1.0', mode: 'electron' }),
    listSessions: () => ({ sessions: [] }),
    listDemos: () => ({ demos: [] }),
    recentFiles: () => ({ files: [] }),
    listProcesses: () => ({ processes }),
    startCapture: (r: { pid: number }) => ({ capture: `c${r.pid}` }),
    captureStatus: (r: { capture: string }) => {
      const pid = Number(r.capture.slice(1));
      polls++;
      if (polls < 3) return { capture: r.capture, pid, state: 'running', phase: 'dumping', message: 'writing the dump: 2.0 MiB', bytes: 2 * 1024 * 1024 };
      return final(pid);
    },
    openStatus: (r: { session: string }) => readyStatus(r.session, 'heapscope-4242.jsonl.gz'),
    overview: (r: { session: string }) => twoCycleOverview(r.session),
  }, 'electron');
}

async function mountApp(api: ReturnType<typeof host>) {
  provideApi(api);
  const wrapper = mount(App, { attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('Capture from a running process…', () => {
  it('lists the Python processes when the menu asks, captures one with progress, and opens the dump in a tab', async () => {
    const api = host((pid) => ({ capture: `c${pid}`, pid, state: 'done', phase: 'done', message: '36000 objects', bytes: 0, session: 'sess0001', path: '/data/heapscope-4242.jsonl.gz' }));
    const wrapper = await mountApp(api);
    api.emit({ type: 'menu', action: 'capture' });
    await flushPromises();
    const rows = wrapper.findAll('[data-testid="capture-processes"] tbody tr');
    expect(rows.map((r) => r.findAll('td').map((td) => td.text()).slice(0, 4))).toEqual([
      ['4242', 'python3 server.py --port 8000', '3.11', 'alice'],
      ['77', 'python2.7 legacy.py', '2.7', 'alice'],
    ]);
    await wrapper.get('[data-testid="capture-4242"]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'startCapture')?.request).toEqual({ pid: 4242 });
    // The fake host answers "running" twice, then "done" with the opened session.
    await new Promise((r) => setTimeout(r, 400));
    await flushPromises();
    expect(wrapper.find('[data-testid="capture-dialog"]').exists()).toBe(false);
    const sessions = useSessionsStore();
    expect(sessions.tabs.map((t) => t.session)).toEqual(['sess0001']);
    expect(sessions.activeId).toBe('sess0001');
    wrapper.unmount();
  });

  it('shows the progress the host reports while the capture runs', () => {
    const wrapper = mount(CaptureDialog, {
      props: { processes, unsupported: null, listing: false, error: null, status: { capture: 'c1', pid: 4242, state: 'running', phase: 'dumping', message: 'writing the dump: 2.0 MiB', bytes: 2 * 1024 * 1024 } },
    });
    expect(wrapper.get('[data-testid="capture-progress"]').text()).toBe('dumping — writing the dump: 2.0 MiB (2.0 MiB)');
    expect(wrapper.get('[data-testid="capture-4242"]').attributes('disabled')).toBeDefined();
  });

  it('keeps the dialog open with the reason when the capture fails', async () => {
    const reason = 'process 4242 belongs to user bob, not to you (alice): run heapscope as that user or as root';
    const api = host((pid) => ({ capture: `c${pid}`, pid, state: 'failed', phase: 'inspecting', message: reason, bytes: 0, error: { code: 'UNSUPPORTED', message: reason, detail: 'PERMISSION' } }));
    const wrapper = await mountApp(api);
    await wrapper.get('[data-testid="capture-dialog-open"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="capture-4242"]').trigger('click');
    await new Promise((r) => setTimeout(r, 400));
    await flushPromises();
    expect(wrapper.get('[data-testid="capture-error"]').text()).toBe(reason);
    expect(useSessionsStore().tabs).toEqual([]);
    wrapper.unmount();
  });

  it('says plainly when this platform cannot attach', () => {
    const wrapper = mount(CaptureDialog, { props: { processes: [], unsupported: 'attach is implemented for Linux only; on macOS …', listing: false, status: null, error: null } });
    expect(wrapper.get('[data-testid="capture-unsupported"]').text()).toMatch(/Linux only/);
    expect(wrapper.find('[data-testid="capture-processes"]').exists()).toBe(false);
  });
});
