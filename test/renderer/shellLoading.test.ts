/**
 * Page start and lazy views: the shell renders neither the start page nor a tab until it knows
 * which dumps are open, and a view whose code is still loading (or failed to load) says so.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { h, nextTick, type Component } from 'vue';
import App from '../../renderer/src/App.vue';
import { provideApi } from '../../renderer/src/api';
import { lazyView, views } from '../../renderer/src/views/registry';
import { useNavigationStore } from '../../renderer/src/stores/navigation';
import { fakeApi, readyStatus, twoCycleOverview } from './fakeApi';

/** A parent for the lazy view, as the shell is. */
const host = (view: Component): Component => ({ render: () => h(view) });

afterEach(() => {
  vi.useRealTimers();
});

describe('app shell at page start', () => {
  it('shows "Connecting…" until the host lists its sessions, then the start page', async () => {
    let answer: (v: unknown) => void = () => {};
    const pinia = createPinia();
    setActivePinia(pinia);
    provideApi(
      fakeApi({
        ping: () => ({ app: 'heapscope', version: '0.1.0', mode: 'serve' }),
        listSessions: () => new Promise((r) => (answer = r)),
        listDemos: () => ({ demos: [] }),
        recentFiles: () => ({ files: [] }),
      }),
    );
    const w = mount(App, { global: { plugins: [pinia] } });
    await flushPromises();
    expect(w.find('[data-testid=connecting]').exists()).toBe(true);
    expect(w.text()).not.toContain('Open a Python heap dump');
    answer({ sessions: [] });
    await flushPromises();
    expect(w.find('[data-testid=connecting]').exists()).toBe(false);
    expect(w.text()).toContain('Open a Python heap dump');
    w.unmount();
  });
});

describe('view tabs', () => {
  it('move with the arrow keys, Home and End (ARIA tabs), wrapping around, and only the current tab is in the Tab order', async () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    provideApi(
      fakeApi({
        ping: () => ({ app: 'heapscope', version: '0.1.0', mode: 'serve' }),
        listSessions: () => ({ sessions: [readyStatus('a1')] }),
        listDemos: () => ({ demos: [] }),
        recentFiles: () => ({ files: [] }),
        overview: (r: { session: string }) => twoCycleOverview(r.session),
      }),
    );
    const w = mount(App, { global: { plugins: [pinia], stubs: { OverviewView: true } } });
    await flushPromises();
    const nav = useNavigationStore();
    const tabs = w.get('[role=tablist][aria-label=Views]');
    expect(nav.view).toBe('overview');
    await tabs.trigger('keydown', { key: 'ArrowRight' });
    expect(nav.view).toBe('objects');
    // Views join by appending to the registry: the last one is whatever was registered last.
    const last = views[views.length - 1].id;
    await tabs.trigger('keydown', { key: 'End' });
    expect(nav.view).toBe(last);
    await tabs.trigger('keydown', { key: 'ArrowRight' });
    expect(nav.view).toBe('overview');
    await tabs.trigger('keydown', { key: 'ArrowLeft' });
    expect(nav.view).toBe(last);
    await nextTick();
    expect(tabs.findAll('[role=tab]').map((t) => t.attributes('tabindex'))).toEqual([...views.slice(1).map(() => '-1'), '0']);
    w.unmount();
  });
});

describe('lazy views', () => {
  it('shows a loading line for a view whose code is still on its way', async () => {
    vi.useFakeTimers();
    const View = lazyView('Graph', () => new Promise(() => {}));
    const w = mount(host(View));
    // Not at once: a fast load should not flash the line.
    expect(w.find('[data-testid=view-loading]').exists()).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(w.get('[data-testid=view-loading]').text()).toBe('Loading the Graph view…');
    w.unmount();
  });

  it('says why a view could not be loaded', async () => {
    const View = lazyView('Graph', () => Promise.reject(new Error('Failed to fetch dynamically imported module')));
    const reported: unknown[] = [];
    const w = mount(host(View), { global: { config: { errorHandler: (e) => void reported.push(e) } } });
    await flushPromises();
    await nextTick();
    expect(reported).toHaveLength(1);
    expect(w.get('[data-testid=view-load-error]').text()).toContain('The Graph view could not be loaded: Failed to fetch dynamically imported module');
    w.unmount();
  });

  it('renders the view once it has loaded', async () => {
    const View = lazyView('Cycles', () => Promise.resolve({ render: () => h('p', { 'data-testid': 'loaded' }, 'cycles') }));
    const w = mount(host(View));
    await flushPromises();
    await nextTick();
    expect(w.find('[data-testid=loaded]').exists()).toBe(true);
    w.unmount();
  });
});
