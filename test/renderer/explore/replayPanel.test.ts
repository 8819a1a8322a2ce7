/**
 * The replay in the Graph view: the step control fetches the replay for the objects shown, the
 * sentence and phase follow the steps (buttons and keys), the graph rings every replayed object in
 * its list's colour with its gc_refs, and "Compare with" shows a second version's matching step.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import type { ReplayResponse, ReplayListName } from '../../../shared/replayApi';
import { fakeClient, type Handler } from './fakeClient';
import { obj, twoCycleGraph } from './fixtures';

const handlers: Record<string, Handler> = {};
const fake = fakeClient(handlers);
vi.mock('../../../renderer/src/api/client', () => ({ createClient: () => fake.client }));

const { useNavigationStore } = await import('../../../renderer/src/stores/navigation');
const { useSelectionStore } = await import('../../../renderer/src/stores/selection');
const GraphView = (await import('../../../renderer/src/views/GraphView.vue')).default;

const all = [0x10, 0x20, 0x30, 0x40];
function step(phase: string, stage: string, text: string, list: ReplayListName, gcRefs: number | null) {
  return { phase, stage, text, objects: all.map((address) => ({ address, gcRefs, list })), edges: [], acted: [] };
}
function replayOf(rules: string): ReplayResponse {
  const legacy = rules === '2.7';
  return {
    rules,
    rulesLabel: legacy ? 'CPython ≤ 3.3 (legacy __del__)' : 'CPython ≥ 3.9 (partial resurrection)',
    objects: all,
    truncated: false,
    steps: [
      step('update_refs', 'update_refs', 'update_refs() copies each tracked object…', 'young', 1),
      { ...step('subtract_refs', 'subtract_refs', 'subtract_refs() calls tp_traverse…', 'young', 0), edges: [{ edge: 0, source: 0x10, target: 0x20, label: '__dict__', traversed: true }] },
      legacy
        ? step('handle_finalizers', 'handle_legacy_finalizers', 'handle_finalizers() appends CGcLeakA and CGcLeakB to gc.garbage', 'garbage', null)
        : step('handle_legacy_finalizers', 'handle_legacy_finalizers', 'handle_legacy_finalizers() has no legacy finalizers', 'freed', null),
    ],
  };
}

class RefusedWorker {
  constructor() {
    throw new DOMException('refused', 'SecurityError');
  }
}

let pinia: Pinia;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  fake.calls.length = 0;
  vi.stubGlobal('Worker', RefusedWorker);
  handlers.neighbourhood = () => twoCycleGraph();
  handlers.inspectObject = (r) => ({ object: obj(r.address as number, 'dict'), internal: 1, unaccounted: 0, fateExplanation: '', referrers: { start: 0, total: 0, rows: [] }, referents: { start: 0, total: 0, rows: [] } });
  handlers.listEdits = () => ({ verdict: { rules: '2.7', saveAll: false, collect: 4, garbage: 2, unreachable: 4, freedByRefcount: 0, uncollectable: 4 }, edits: [], redoable: 0 });
  handlers.replay = (r) => replayOf((r.rules as string | undefined) ?? '2.7');
  useNavigationStore().activate('abcd1234');
});

const flush = async () => {
  for (let i = 0; i < 6; i++) {
    await nextTick();
    await new Promise((r) => setTimeout(r, 0));
  }
};

describe('replay in the Graph view', () => {
  it('steps through the collection, ringing each object in its list colour with gc_refs', async () => {
    useSelectionStore().select(0x30);
    const w = mount(GraphView, { props: { headless: true }, global: { plugins: [pinia] } });
    await flush();
    expect(fake.calls.some((c) => c.method === 'replay')).toBe(false);
    await w.get('[data-testid=replay-toggle]').trigger('click');
    await flush();
    expect(fake.calls.find((c) => c.method === 'replay')!.request).toMatchObject({ addresses: [0x30] });
    expect(w.get('[data-testid=replay-phase]').text()).toBe('update_refs()');
    const rings = () => w.findAll('[data-testid=graph-replay] [data-list]');
    expect(rings()).toHaveLength(4);
    expect(rings().map((r) => r.attributes('data-list'))).toEqual(['young', 'young', 'young', 'young']);
    expect(w.findAll('.replay-badge-text').map((t) => t.text())).toEqual(['1', '1', '1', '1']);

    await w.get('[data-testid=replay-next]').trigger('click');
    await flush();
    expect(w.get('[data-testid=replay-phase]').text()).toBe('subtract_refs()');
    expect(w.findAll('.replay-badge-text').map((t) => t.text())).toEqual(['0', '0', '0', '0']);
    expect(w.findAll('.replay-ref')).toHaveLength(1);

    await w.get('[data-testid=replay]').trigger('keydown', { key: 'ArrowRight' });
    await flush();
    expect(w.get('[data-testid=replay-text]').text()).toContain('gc.garbage');
    expect(rings().map((r) => r.attributes('data-list'))).toEqual(['garbage', 'garbage', 'garbage', 'garbage']);
    expect(w.findAll('.replay-badge-text')).toHaveLength(0);
    await w.get('[data-testid=replay]').trigger('keydown', { key: 'Home' });
    await flush();
    expect(w.get('[data-testid=replay-phase]').text()).toBe('update_refs()');

    // Side by side: 3.9 rules' step for the same stage.
    await w.get('[data-testid=replay-compare]').setValue('3.9');
    await flush();
    expect(fake.calls.filter((c) => c.method === 'replay').some((c) => c.request.rules === '3.9')).toBe(true);
    await w.get('[data-testid=replay]').trigger('keydown', { key: 'End' });
    await flush();
    expect(w.get('[data-testid=replay-text-compare]').text()).toContain('no legacy finalizers');

    await w.get('[data-testid=replay-toggle]').trigger('click');
    await flush();
    expect(w.find('[data-testid=graph-replay]').exists()).toBe(false);
    w.unmount();
  });

  it('Space plays through the steps and stops at the last', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      useSelectionStore().select(0x30);
      const w = mount(GraphView, { props: { headless: true }, global: { plugins: [pinia] } });
      await flush();
      await w.get('[data-testid=replay-toggle]').trigger('click');
      await flush();
      await w.get('[data-testid=replay]').trigger('keydown', { key: ' ' });
      vi.advanceTimersByTime(1600 * 5);
      await flush();
      expect(w.get('[data-testid=replay-phase]').text()).toBe('handle_finalizers()');
      expect(w.get('[data-testid=replay-play]').text()).toContain('Play');
      w.unmount();
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when the replay cannot be computed', async () => {
    handlers.replay = () => {
      throw new Error('no object with that address');
    };
    useSelectionStore().select(0x30);
    const w = mount(GraphView, { props: { headless: true }, global: { plugins: [pinia] } });
    await flush();
    await w.get('[data-testid=replay-toggle]').trigger('click');
    await flush();
    expect(w.get('[role=alert]').text()).toContain('The replay could not be computed: no object with that address');
    w.unmount();
  });
});
