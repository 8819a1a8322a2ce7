/**
 * "Compare with…" a FILE rather than an open dump: in serve mode a typed path, in Electron the
 * native dialog (asked for a baseline or final dump). The file opens in a tab beside (the target
 * stays active) with its load progress shown in the Comparison view, then the comparison runs with
 * its session; a file that does not load, or that the host refuses, says so and compares nothing.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ComparisonView from '../../renderer/src/views/ComparisonView.vue';
import { provideApi } from '../../renderer/src/api';
import { useSessionsStore } from '../../renderer/src/stores/sessions';
import type { OpenStatus } from '../../shared/api';
import type { ComparisonSummary } from '../../shared/compareApi';
import { fakeApi, readyStatus, type FakeApi, type Handlers } from './fakeApi';

let pinia: ReturnType<typeof createPinia>;
/** Polls until `check` passes (the sessions store polls openStatus every 120 ms; a loaded machine is slower). */
const until = (check: () => void) => vi.waitFor(async () => (await flushPromises(), check()), { timeout: 10_000, interval: 50 });

const summary = (final: string | null): ComparisonSummary => ({
  base: 'step0.jsonl',
  target: 'step1.jsonl',
  final,
  mode: 'after-collect',
  matching: 'identity',
  notes: [],
  identity: { exact: 120, likely: 900, unknown: 3 },
  totals: { beforeObjects: 1000, afterObjects: 1025, beforeBytes: 50_000, afterBytes: 51_400 },
  types: [{ type: '__main__.Leak', before: 25, after: 50, new: 25, freed: 0, delta: 25, bytesDelta: 1400, retainedDelta: 1400 }],
  typesTruncated: false,
  leaks: [],
});

function loading(session: string, path: string): OpenStatus {
  const title = path.split('/').pop()!;
  return { session, state: 'loading', phase: 'reading', bytesRead: 40, totalBytes: 100, objects: 300, unexportedEdits: 0, source: { path }, title };
}

/** A host whose openDump hands out ids f0000001…, each loading until `release()`d. */
function host(mode: 'electron' | 'serve', extra: Handlers = {}, finish: (id: string, path: string) => OpenStatus = (id, path) => ({ ...readyStatus(id, path.split('/').pop()), source: { path } })) {
  const paths = new Map<string, string>();
  let released = false;
  const api = fakeApi(
    {
      openDump: (r: { path: string }) => {
        const id = `f000000${paths.size + 1}`;
        paths.set(id, r.path);
        return { session: id };
      },
      openStatus: (r: { session: string }) => (released ? finish(r.session, paths.get(r.session)!) : loading(r.session, paths.get(r.session)!)),
      listDemos: () => ({ demos: [] }),
      recentFiles: () => ({ files: [] }),
      compareWith: (r: { final?: string }) => summary(r.final ? 'step2.jsonl' : null),
      ...extra,
    },
    mode,
  );
  return { api, release: () => (released = true) };
}

function setUp(api: FakeApi, mode: 'electron' | 'serve'): void {
  provideApi(api);
  const sessions = useSessionsStore();
  sessions.mode = mode;
  sessions.tabs.push(readyStatus('s1', 'step1.jsonl'));
  sessions.activate('s1');
}

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

describe('Compare with a file', () => {
  it('in serve mode takes a typed path, shows the file loading, then compares with it while this tab stays active', async () => {
    const { api, release } = host('serve');
    setUp(api, 'serve');
    const w = mount(ComparisonView, { global: { plugins: [pinia] } });
    expect(w.get('[data-testid="compare-none"]').text()).toContain('No other dump is open');
    expect((w.get('[data-testid="compare-base"]').element as HTMLSelectElement).value).toBe('@file');
    expect(w.get('[data-testid="compare-run"]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid="compare-baseline-path"]').setValue('/data/step0.jsonl');
    await w.get('[data-testid="compare-run"]').trigger('click');
    await until(() => expect(w.get('[data-testid="load-progress"]').text()).toContain('Opening step0.jsonl'));
    expect(api.calls.find((c) => c.method === 'openDump')!.request).toEqual({ path: '/data/step0.jsonl' });
    expect(w.get('[data-testid="load-phase"]').text()).toBe('reading…');
    expect(api.calls.some((c) => c.method === 'compareWith')).toBe(false);
    release();
    await until(() => expect(api.calls.find((c) => c.method === 'compareWith')?.request).toEqual({ session: 's1', base: 'f0000001', mode: 'after-collect' }));
    await flushPromises();
    expect(w.find('[data-testid="load-progress"]').exists()).toBe(false);
    expect(w.get('[data-testid="compare-roles"]').text()).toContain('Baseline step0.jsonl, target step1.jsonl (this tab)');
    const sessions = useSessionsStore();
    expect(sessions.tabs.map((t) => [t.session, t.state])).toEqual([['s1', 'ready'], ['f0000001', 'ready']]);
    expect(sessions.activeId).toBe('s1');
  });

  it('says which file did not load, with its line, and compares nothing', async () => {
    const { api, release } = host('serve', {}, (id, path) => ({
      ...loading(id, path),
      state: 'failed',
      error: { code: 'FORMAT', message: 'line 3 is not JSON', file: 'bad.jsonl', line: 3 },
    }));
    release();
    setUp(api, 'serve');
    const w = mount(ComparisonView, { global: { plugins: [pinia] } });
    await w.get('[data-testid="compare-baseline-path"]').setValue('/data/bad.jsonl');
    await w.get('[data-testid="compare-run"]').trigger('click');
    await until(() => expect(w.find('[data-testid="compare-error"]').exists()).toBe(true));
    expect(w.get('[data-testid="compare-error"]').text()).toBe('The baseline dump bad.jsonl could not be opened: line 3 is not JSON (bad.jsonl, line 3)');
    expect(api.calls.some((c) => c.method === 'compareWith')).toBe(false);
    expect(w.find('[data-testid="compare-picker"]').exists()).toBe(true);
  });

  it("shows the host's refusal of a path", async () => {
    const { api } = host('serve', { openDump: () => ({ ok: false, error: { code: 'NOT_FOUND', message: '/data/nope.jsonl: no such file' } }) });
    setUp(api, 'serve');
    const w = mount(ComparisonView, { global: { plugins: [pinia] } });
    await w.get('[data-testid="compare-baseline-path"]').setValue('/data/nope.jsonl');
    await w.get('[data-testid="compare-run"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="compare-error"]').text()).toBe('The baseline dump nope.jsonl could not be opened: /data/nope.jsonl: no such file');
    expect(useSessionsStore().openError).toBeNull(); // the open dialog does not repeat it
  });

  it('in Electron asks the native dialog for the baseline and the final dump, and compares with both', async () => {
    const picks = ['/data/step0.jsonl', '/data/step2.jsonl'];
    const { api, release } = host('electron', { pickDump: () => ({ path: picks.shift() ?? null }) });
    release();
    setUp(api, 'electron');
    const w = mount(ComparisonView, { global: { plugins: [pinia] } });
    expect(w.find('[data-testid="compare-baseline-path"]').exists()).toBe(false);
    await w.get('[data-testid="compare-baseline-pick"]').trigger('click');
    await flushPromises();
    expect(w.get('[data-testid="compare-baseline-chosen"]').text()).toBe('/data/step0.jsonl');
    await w.get('[data-testid="compare-final"]').setValue('@file');
    expect(w.get('[data-testid="compare-run"]').attributes('disabled')).toBeDefined(); // final "a file…" but none chosen yet
    await w.get('[data-testid="compare-final-pick"]').trigger('click');
    await flushPromises();
    await w.get('[data-testid="compare-run"]').trigger('click');
    await until(() => expect(api.calls.some((c) => c.method === 'compareWith')).toBe(true));
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'pickDump').map((c) => c.request)).toEqual([{ purpose: 'baseline' }, { purpose: 'final' }]);
    expect(api.calls.filter((c) => c.method === 'openDump').map((c) => c.request)).toEqual([{ path: '/data/step0.jsonl' }, { path: '/data/step2.jsonl' }]);
    expect(api.calls.find((c) => c.method === 'compareWith')!.request).toEqual({ session: 's1', base: 'f0000001', final: 'f0000002', mode: 'after-collect' });
    expect(w.get('[data-testid="compare-roles"]').text()).toContain('final step2.jsonl');
  });
});

describe('Compare with another…', () => {
  it('keeps the picker up, with the reason, when the new baseline file does not open', async () => {
    const { api } = host('serve', { openDump: () => ({ ok: false, error: { code: 'NOT_FOUND', message: '/data/nope.jsonl: no such file' } }) });
    setUp(api, 'serve');
    useSessionsStore().tabs.push(readyStatus('s0', 'step0.jsonl'));
    const w = mount(ComparisonView, { global: { plugins: [pinia] } });
    await w.get('[data-testid="compare-base"]').setValue('s0');
    await w.get('[data-testid="compare-run"]').trigger('click');
    await until(() => expect(w.find('[data-testid="compare-roles"]').exists()).toBe(true));
    await w.get('[data-testid="compare-again"]').trigger('click');
    await w.get('[data-testid="compare-base"]').setValue('@file');
    await w.get('[data-testid="compare-baseline-path"]').setValue('/data/nope.jsonl');
    await w.get('[data-testid="compare-run"]').trigger('click');
    await until(() => expect(w.find('[data-testid="compare-error"]').exists()).toBe(true));
    expect(w.get('[data-testid="compare-error"]').text()).toContain('could not be opened');
    expect(w.find('[data-testid="compare-baseline-path"]').exists()).toBe(true);
  });
});
