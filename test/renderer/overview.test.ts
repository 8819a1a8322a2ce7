/**
 * The Overview view against a scripted API: the verdict in the article's terms, switching rules
 * (2.7 → 3.9 and DEBUG_SAVEALL), and every object leading to the explore views.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import OverviewView from '../../renderer/src/views/OverviewView.vue';
import { provideApi } from '../../renderer/src/api';
import { useSessionsStore } from '../../renderer/src/stores/sessions';
import { useNavigationStore } from '../../renderer/src/stores/navigation';
import type { RuleSetId } from '../../shared/api';
import { fakeApi, readyStatus, twoCycleOverview, type FakeApi } from './fakeApi';

let api: FakeApi;
let pinia: ReturnType<typeof createPinia>;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  api = fakeApi({
    overview: (r: { session: string }) => twoCycleOverview(r.session),
    setRules: (r: { session: string; rules: RuleSetId; saveAll: boolean }) => twoCycleOverview(r.session, r.rules, r.saveAll),
  });
  provideApi(api);
  const sessions = useSessionsStore();
  sessions.tabs.push(readyStatus('s1'));
  sessions.activate('s1');
});

async function mountOverview() {
  const wrapper = mount(OverviewView, { global: { plugins: [pinia] } });
  await flushPromises();
  return wrapper;
}

describe('OverviewView', () => {
  it('shows the verdict for the 2.7 two-cycle: 4 unreachable, 2 in gc.garbage', async () => {
    const w = await mountOverview();
    expect(w.get('[data-testid="verdict-collect"]').text()).toBe('4');
    expect(w.get('[data-testid="verdict-garbage"]').text()).toBe('2');
    expect(w.get('[data-testid="verdict-sentence"]').text().replace(/\s+/g, ' ')).toBe('gc.collect() would find 4 unreachable objects; gc.garbage would hold 2');
    expect(w.get('[data-testid="verdict-rules"]').text()).toContain('2.7');
    expect(w.get('[data-testid="fate-uncollectable"]').text()).toContain('4');
    expect(w.findAll('[data-testid="pin-row"]')).toHaveLength(2);
    expect(w.findAll('[data-testid="cycle-row"]')).toHaveLength(1);
    // All 4 unreachable objects are leaks: said in words, and the number is not in the "freed" colour.
    expect(w.get('[data-testid="verdict-leak"]').text()).toMatch(/^LEAK: 4 objects can never be freed/);
    expect(w.get('[data-testid="verdict-collect"]').classes()).toContain('bad');
  });

  it('switches rules to 3.9 (4 / 0) and to DEBUG_SAVEALL (4 / 4)', async () => {
    const w = await mountOverview();
    await w.get('[data-testid="rules-3.9"]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'setRules')).toEqual([{ method: 'setRules', request: { session: 's1', rules: '3.9', saveAll: false } }]);
    expect(w.get('[data-testid="verdict-garbage"]').text()).toBe('0');
    expect(w.get('[data-testid="rules-3.9"]').attributes('aria-checked')).toBe('true');
    // Nothing uncollectable under 3.9: no empty "what pins" panel, and no LEAK line.
    expect(w.find('[data-testid="pinning"]').exists()).toBe(false);
    expect(w.find('[data-testid="verdict-leak"]').exists()).toBe(false);
    await w.get('[data-testid="save-all"]').setValue(true);
    await flushPromises();
    expect(w.get('[data-testid="verdict-garbage"]').text()).toBe('4');
    // The rule change bumped the session's revision, so other views know to refetch.
    expect(useSessionsStore().revision('s1')).toBe(2);
  });

  it('leads from any object to the explore views through the navigation store', async () => {
    const w = await mountOverview();
    const nav = useNavigationStore();
    await w.findAll('[data-testid="pin-row"] [data-testid="object-link"]')[1].trigger('click');
    expect(nav.view).toBe('objects');
    expect(nav.selectedAddress).toBe(0x7f0000001020);
    await w.get('[data-testid="cycle-row"]').trigger('click');
    expect(nav.view).toBe('graph');
    expect(nav.selectedAddress).toBe(0x7f0000001000);
  });

  it('opens the Objects view filtered to the type of a clicked bar', async () => {
    const w = await mountOverview();
    const nav = useNavigationStore();
    await w.get('[data-testid="types-by-retainedBytes"] [data-testid="type-bar"]').trigger('click');
    expect(nav.view).toBe('objects');
    expect(nav.objectsType).toBe('__main__.CGcLeakA');
    await w.get('[data-testid="types-by-count"] [data-testid="type-bar"]').trigger('click');
    expect(nav.objectsType).toBe('dict');
  });

  it('shows the error when the overview cannot be computed', async () => {
    provideApi(fakeApi({ overview: () => ({ ok: false, error: { code: 'WORKER_CRASHED', message: 'The engine worker stopped' } }) }));
    const w = await mountOverview();
    expect(w.text()).toContain('The engine worker stopped');
  });

  it('marks the numbers on screen as the old ones while the overview after an edit is computed', async () => {
    let release: (() => void) | undefined;
    let edited = false;
    provideApi(
      fakeApi({
        overview: async (r: { session: string }) => {
          if (!edited) return twoCycleOverview(r.session);
          await new Promise<void>((resolve) => (release = resolve));
          return { ...twoCycleOverview(r.session), verdict: { collect: 0, garbage: 0, sentence: 'gc.collect() would find 0 unreachable objects; gc.garbage would hold 0' } };
        },
      }),
    );
    const w = await mountOverview();
    expect(w.find('[data-testid="overview-updating"]').exists()).toBe(false);
    expect(w.get('.grid').attributes('aria-busy')).toBe('false');
    // An edit made in an explore view bumps the session's revision; the Overview refetches.
    edited = true;
    useSessionsStore().bump('s1');
    await flushPromises();
    expect(w.get('[data-testid="overview-updating"]').text()).toMatch(/Updating the overview after your last change/);
    expect(w.get('.grid').attributes('aria-busy')).toBe('true');
    expect(w.get('[data-testid="verdict-collect"]').text()).toBe('4'); // the old numbers, marked as such
    release!();
    await flushPromises();
    expect(w.find('[data-testid="overview-updating"]').exists()).toBe(false);
    expect(w.get('[data-testid="verdict-collect"]').text()).toBe('0');
    expect(w.get('.grid').attributes('aria-busy')).toBe('false');
  });
});
