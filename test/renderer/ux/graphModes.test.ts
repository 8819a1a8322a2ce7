/** The Graph view's leak-hunting controls: types hidden by default, one side only, the path from a root, folded siblings. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import type { Core } from 'cytoscape';
import { fakeClient, type Handler } from '../explore/fakeClient';
import { node, obj, twoCycleGraph } from '../explore/fixtures';

const handlers: Record<string, Handler> = {};
const fake = fakeClient(handlers);
vi.mock('../../../renderer/src/api/client', () => ({ createClient: () => fake.client }));

const { useNavigationStore } = await import('../../../renderer/src/stores/navigation');
const { useSelectionStore } = await import('../../../renderer/src/stores/selection');
const GraphView = (await import('../../../renderer/src/views/GraphView.vue')).default;

let pinia: Pinia;
const flush = async () => {
  for (let i = 0; i < 6; i++) {
    await nextTick();
    await new Promise((r) => setTimeout(r, 0));
  }
};

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  fake.calls.length = 0;
  for (const k of Object.keys(handlers)) delete handlers[k];
  handlers.listEdits = () => ({ verdict: { rules: '3.9', saveAll: false, collect: 0, garbage: 0, unreachable: 0, freedByRefcount: 0, uncollectable: 0 }, edits: [], redoable: 0 });
  const root = obj(0x1, 'dict', { fate: 'alive' });
  const list = obj(0x2, 'list', { fate: 'alive' });
  const rec = obj(0x3, 'logging.LogRecord', { fate: 'alive' });
  handlers.inspectObject = (r) => ({
    object: obj(r.address as number, 'logging.LogRecord', { fate: 'alive' }),
    internal: 1,
    unaccounted: 0,
    fateExplanation: 'Alive',
    referrers: { start: 0, total: 0, rows: [] },
    referents: { start: 0, total: 0, rows: [] },
    path: { nodes: [root, list, rec], labels: ["['records']", '[0]'], edges: [7, 8] },
  });
  useNavigationStore().activate('abcd1234');
});

const mountGraph = async () => {
  const w = mount(GraphView, { props: { headless: true }, global: { plugins: [pinia] } });
  await flush();
  return { w, cy: (w.vm as unknown as { cy: Core }).cy };
};

describe('GraphView controls', () => {
  it('asks for the neighbourhood without class plumbing by default, and for one side only', async () => {
    handlers.neighbourhood = () => ({ ...twoCycleGraph(), hiddenTypes: 3 });
    useSelectionStore().select(0x30);
    const { w } = await mountGraph();
    expect(fake.calls.find((c) => c.method === 'neighbourhood')?.request).toMatchObject({ hideTypes: true });
    expect(w.get('[data-testid=graph-hidden-types]').text()).toBe('· 3 type objects hidden');
    await w.get('[data-testid=graph-direction]').setValue('referrers');
    await flush();
    expect(fake.calls.filter((c) => c.method === 'neighbourhood').at(-1)?.request).toMatchObject({ direction: 'referrers', hideTypes: true });
    await w.get('[data-testid=graph-hide-types]').setValue(false);
    await flush();
    expect(fake.calls.filter((c) => c.method === 'neighbourhood').at(-1)?.request.hideTypes).toBeUndefined();
    w.unmount();
  });

  it('draws the path from a root as the graph: root left, the object at the centre', async () => {
    handlers.neighbourhood = () => twoCycleGraph();
    useSelectionStore().select(0x3);
    const { w, cy } = await mountGraph();
    await w.get('[data-testid=graph-path-mode]').trigger('click');
    await flush();
    expect(cy.nodes().map((n) => n.data('hop') as number).sort((a, b) => a - b)).toEqual([-2, -1, 0]);
    expect(cy.getElementById('n3').data('hop')).toBe(0);
    expect(cy.edges().map((e) => e.data('label'))).toEqual(["['records']", '[0]']);
    expect(w.get('[data-testid=graph-status]').text()).toContain('the path from a root');
    w.unmount();
  });

  it('folds 11 same-type siblings into one node and unfolds it on double-click', async () => {
    const centre = node(obj(0x2, 'list', { fate: 'alive' }), 0);
    const recs = Array.from({ length: 11 }, (_, i) => node(obj(0x100 + i, 'logging.LogRecord', { fate: 'alive' }), 1));
    handlers.neighbourhood = () => ({ nodes: [centre, ...recs], edges: recs.map((r, i) => ({ edge: i, source: 0x2, target: r.address, label: `[${i}]`, traversed: true })), truncated: false });
    useSelectionStore().select(0x2);
    const { w, cy } = await mountGraph();
    expect(cy.nodes()).toHaveLength(2);
    const group = cy.nodes('.group');
    expect(group.data('label')).toMatch(/^11 × LogRecord/);
    group.emit('dbltap');
    await flush();
    expect(cy.nodes()).toHaveLength(12);
    w.unmount();
  });
});
