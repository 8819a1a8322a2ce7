/**
 * The delta panel summarises changed objects by type; the inspector's cut list has a heading and
 * ranks by action, and the last edit's delta does not linger over another object or after an undo.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import { fakeClient, type Handler } from '../explore/fakeClient';
import { obj } from '../explore/fixtures';

const handlers: Record<string, Handler> = {};
const fake = fakeClient(handlers);
vi.mock('../../../renderer/src/api/client', () => ({ createClient: () => fake.client }));

const { useNavigationStore } = await import('../../../renderer/src/stores/navigation');
const { useSelectionStore } = await import('../../../renderer/src/stores/selection');
const { useEditsStore } = await import('../../../renderer/src/stores/edits');
const DeltaPanel = (await import('../../../renderer/src/components/explore/DeltaPanel.vue')).default;
const ObjectInspector = (await import('../../../renderer/src/components/explore/ObjectInspector.vue')).default;

const verdict = { rules: '3.9', saveAll: false, collect: 0, garbage: 0, unreachable: 0, freedByRefcount: 24, uncollectable: 0 };
let pinia: Pinia;
const flush = async () => {
  for (let i = 0; i < 4; i++) {
    await nextTick();
    await new Promise((r) => setTimeout(r, 0));
  }
};

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  for (const k of Object.keys(handlers)) delete handlers[k];
  handlers.listEdits = () => ({ verdict, edits: [], redoable: 0 });
  handlers.inspectObject = (r) => ({
    object: obj(r.address as number, 'logging.LogRecord', { fate: 'alive' }),
    internal: 1,
    unaccounted: 0,
    fateExplanation: 'Alive',
    referrers: { start: 0, total: 0, rows: [] },
    referents: { start: 0, total: 0, rows: [] },
  });
  const changed = [
    ...Array.from({ length: 11 }, (_, i) => ({ address: 0x1000 + i, before: 'alive', after: 'freed by refcount', type: '__main__.Payload' })),
    ...Array.from({ length: 11 }, (_, i) => ({ address: 0x2000 + i, before: 'alive', after: 'freed by refcount', type: 'logging.LogRecord' })),
    { address: 0x3000, before: 'alive', after: 'freed by refcount', type: 'list' },
  ];
  handlers.applyEdit = () => ({ verdict, delta: { summary: 'Breaking recent.records frees 23 objects (9.1 KiB) by reference counting', notes: [], freedObjects: 23, freedBytes: 9300, changed }, edits: [{ step: 0, description: 'Breaking recent.records', summary: '…' }], redoable: 0 });
  handlers.undoEdit = () => ({ verdict, delta: { summary: 'Undoing "Breaking recent.records": 23 objects are alive again', notes: [], freedObjects: 0, freedBytes: 0, changed: [] }, edits: [], redoable: 1 });
  handlers.suggestCuts = () => ({
    suggestions: [
      { edges: [], releases: [], fateAfter: 'freed by refcount', summary: 'Breaking recent.records (the list that holds it) frees 23 objects', action: 'attribute' },
      { edges: [], releases: [], fateAfter: 'freed by refcount', summary: 'Breaking recent.records[3] frees 2 objects', action: 'item' },
    ],
  });
  useNavigationStore().activate('abcd1234');
});

describe('DeltaPanel', () => {
  it('summarises 23 changed objects by type before any address', async () => {
    const edits = useEditsStore();
    await flush();
    await edits.breakEdge(1);
    const w = mount(DeltaPanel, { global: { plugins: [pinia] } });
    expect(w.get('[data-testid=delta-changed] > summary').text()).toBe('23 objects changed fate: 11 × Payload, 11 × LogRecord, 1 × list');
    expect(w.findAll('[data-testid=delta-type]').map((li) => li.get('summary').text().split(' ').slice(0, 3).join(' '))).toEqual(['11 × Payload', '11 × LogRecord', '1 × list']);
  });
});

describe('ObjectInspector cuts and the last edit', () => {
  it('heads the cut list, tags each cut with what code can do, and drops the delta once another object is selected or after an undo', async () => {
    const selection = useSelectionStore();
    const edits = useEditsStore();
    selection.select(0x2003);
    const w = mount(ObjectInspector, { global: { plugins: [pinia] } });
    await flush();
    await w.get('[data-testid=find-cuts]').trigger('click');
    await flush();
    expect(w.get('[data-testid=cuts] h4').text()).toMatch(/References to break/);
    expect(w.findAll('[data-testid=cut-suggestion] .action').map((s) => s.text())).toEqual(['attribute', 'item']);
    await edits.breakEdge(1);
    await flush();
    expect(w.find('[data-testid=delta-summary]').exists()).toBe(true);
    selection.select(0x2004);
    await flush();
    expect(w.find('[data-testid=delta-summary]').exists()).toBe(false);
    selection.select(0x2003);
    await flush();
    await edits.undo();
    await flush();
    expect(w.text()).not.toContain('Undoing');
    w.unmount();
  });
});
