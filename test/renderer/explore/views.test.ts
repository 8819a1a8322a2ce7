import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import { fakeClient, type Handler } from './fakeClient';
import { obj, twoCycleGraph } from './fixtures';

const handlers: Record<string, Handler> = {};
const fake = fakeClient(handlers);
vi.mock('../../../renderer/src/api/client', () => ({ createClient: () => fake.client }));

const { useNavigationStore } = await import('../../../renderer/src/stores/navigation');
const { useSelectionStore } = await import('../../../renderer/src/stores/selection');
const ObjectsView = (await import('../../../renderer/src/views/ObjectsView.vue')).default;
const GraphView = (await import('../../../renderer/src/views/GraphView.vue')).default;
const CyclesView = (await import('../../../renderer/src/views/CyclesView.vue')).default;
const EditsView = (await import('../../../renderer/src/views/EditsView.vue')).default;

const TOTAL = 2_000_000;
let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  fake.calls.length = 0;
  for (const k of Object.keys(handlers)) delete handlers[k];
  handlers.objectsPage = (r) => {
    const start = r.start as number;
    const count = Math.min(r.count as number, TOTAL - start);
    return { start, total: TOTAL, rows: Array.from({ length: count }, (_, i) => obj(0x1000 + (start + i) * 16, 'dict', { size: TOTAL - start - i })), types: start === 0 ? ['dict'] : undefined };
  };
  handlers.inspectObject = (r) => ({
    object: obj(r.address as number, 'dict'),
    internal: 1,
    unaccounted: 0,
    fateExplanation: 'Uncollectable under legacy (≤ 3.3) rules',
    referrers: { start: 0, total: 0, rows: [] },
    referents: { start: 0, total: 0, rows: [] },
  });
  handlers.listEdits = () => ({ verdict: { rules: '2.7', saveAll: false, collect: 4, garbage: 2, unreachable: 4, freedByRefcount: 0, uncollectable: 4 }, edits: [], redoable: 0 });
  useNavigationStore().activate('abcd1234');
});

const flush = async () => {
  for (let i = 0; i < 4; i++) {
    await nextTick();
    await new Promise((r) => setTimeout(r, 0));
  }
};

describe('ObjectsView', () => {
  it('fetches only the first page of a 2M-object dump, then selects rows with the keyboard', async () => {
    const w = mount(ObjectsView, { global: { plugins: [pinia] }, attachTo: document.body });
    await flush();
    const pages = fake.calls.filter((c) => c.method === 'objectsPage');
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.every((c) => (c.request.count as number) <= 100 && (c.request.start as number) < 200)).toBe(true);
    expect(pages[0].request).toMatchObject({ sort: 'retained', descending: true, session: 'abcd1234' });
    expect(w.get('[data-testid=objects-total]').text()).toBe(`${TOTAL.toLocaleString()} objects`);
    const table = w.get('[data-testid=objects-table]');
    await table.trigger('keydown', { key: 'ArrowDown' });
    await table.trigger('keydown', { key: 'ArrowDown' });
    await flush();
    expect(useSelectionStore().address).toBe(0x1000 + 16);
    w.unmount();
  });

  it('reaches the last of 2M rows past the browser height limit: End, Home and the wheel', async () => {
    const w = mount(ObjectsView, { global: { plugins: [pinia] }, attachTo: document.body });
    await flush();
    // 2M rows of 24 px would be 48M px: the scroll area is capped and scaled.
    expect(w.get('.spacer').attributes('style')).toContain('height: 8000000px');
    const table = w.get('[data-testid=objects-table]');
    await table.trigger('keydown', { key: 'End' });
    await flush();
    expect(useSelectionStore().address).toBe(0x1000 + (TOTAL - 1) * 16);
    expect(w.get(`[data-testid=object-row-${TOTAL - 1}]`).classes()).toContain('selected');
    expect(fake.calls.some((c) => c.method === 'objectsPage' && (c.request.start as number) === TOTAL - 100)).toBe(true);
    await table.trigger('keydown', { key: 'PageUp' });
    await flush();
    expect(useSelectionStore().address).toBeLessThan(0x1000 + (TOTAL - 10) * 16);
    await table.trigger('keydown', { key: 'Home' });
    await flush();
    expect(useSelectionStore().address).toBe(0x1000);
    // One wheel notch moves the rows by its pixels, not by a scaled scroll bar's.
    table.element.dispatchEvent(new WheelEvent('wheel', { deltaY: 2400, cancelable: true }));
    await flush();
    expect(w.find('[data-testid=object-row-5]').exists()).toBe(false);
    expect(w.find('[data-testid=object-row-100]').exists()).toBe(true);
    w.unmount();
  });

  it('scrolls to the row of an object selected elsewhere (a link in the Overview)', async () => {
    const target = 0x1000 + 1_234_567 * 16;
    handlers.objectRow = (r) => ({ index: ((r.address as number) - 0x1000) / 16, total: TOTAL });
    useNavigationStore().go('objects', target);
    const w = mount(ObjectsView, { global: { plugins: [pinia] }, attachTo: document.body });
    await flush();
    expect(fake.calls.find((c) => c.method === 'objectRow')?.request).toMatchObject({ address: target, sort: 'retained', descending: true });
    expect(w.get('[data-testid=object-row-1234567]').classes()).toContain('selected');
    // The keyboard continues from there.
    await w.get('[data-testid=objects-table]').trigger('keydown', { key: 'ArrowDown' });
    await flush();
    expect(useSelectionStore().address).toBe(target + 16);
    // Selecting another object elsewhere (the inspector) follows it too.
    useSelectionStore().select(0x1000 + 42 * 16);
    await flush();
    expect(w.get('[data-testid=object-row-42]').classes()).toContain('selected');
    w.unmount();
  });

  it('drops the filters that hide an object selected elsewhere', async () => {
    const target = 0x1000 + 7 * 16;
    handlers.objectRow = (r) => ({ index: r.filter && Object.keys(r.filter).length ? -1 : 7, total: TOTAL });
    useNavigationStore().showType('tuple');
    const w = mount(ObjectsView, { global: { plugins: [pinia] }, attachTo: document.body });
    await flush();
    // A link followed elsewhere (the inspector) selects an object that is not a tuple.
    useSelectionStore().select(target);
    await flush();
    expect(useNavigationStore().objectsType).toBe('');
    const rowCalls = fake.calls.filter((c) => c.method === 'objectRow');
    expect(rowCalls[0].request.filter).toEqual({ type: 'tuple' });
    expect(rowCalls[rowCalls.length - 1].request.filter).toEqual({});
    expect(w.get('[data-testid=object-row-7]').classes()).toContain('selected');
    w.unmount();
  });

  it('opens filtered to the type the Overview asked for', async () => {
    useNavigationStore().showType('__main__.Leak');
    const w = mount(ObjectsView, { global: { plugins: [pinia] } });
    await flush();
    expect(fake.calls.find((c) => c.method === 'objectsPage')?.request).toMatchObject({ filter: { type: '__main__.Leak' } });
    // Not among the most common types the engine lists, it is still offered.
    expect((w.get('[data-testid=objects-filter-type]').element as HTMLSelectElement).value).toBe('__main__.Leak');
    w.unmount();
  });

  it('refetches from the start with the filter when one is set', async () => {
    const w = mount(ObjectsView, { global: { plugins: [pinia] } });
    await flush();
    fake.calls.length = 0;
    await w.get('[data-testid=objects-filter-fate]').setValue('uncollectable');
    await flush();
    expect(fake.calls.find((c) => c.method === 'objectsPage')?.request).toMatchObject({ start: 0, filter: { fate: 'uncollectable' } });
    w.unmount();
  });
});

describe('GraphView (Cytoscape headless)', () => {
  it('shows the neighbourhood of the selection and breaks the selected edge', async () => {
    handlers.neighbourhood = () => twoCycleGraph();
    handlers.applyEdit = () => ({ verdict: { rules: '2.7', saveAll: false, collect: 0, garbage: 0, unreachable: 0, freedByRefcount: 4, uncollectable: 0 }, edits: [], redoable: 0 });
    useSelectionStore().select(0x30);
    const w = mount(GraphView, { props: { headless: true }, global: { plugins: [pinia] } });
    await flush();
    expect(fake.calls.find((c) => c.method === 'neighbourhood')?.request).toMatchObject({ addresses: [0x30], depth: 2 });
    const cy = (w.vm as unknown as { cy: import('cytoscape').Core }).cy;
    expect(cy.nodes()).toHaveLength(4);
    expect(cy.getElementById('n48').hasClass('centre')).toBe(true);
    expect(w.get('[data-testid=graph-status]').text()).toContain('4 objects, 4 references');
    cy.getElementById('e3').emit('tap');
    await flush();
    expect(useSelectionStore().edge?.label).toBe("['_a']");
    await w.get('[data-testid=graph-canvas]').trigger('keydown', { key: 'Delete' });
    await flush();
    expect(fake.calls.find((c) => c.method === 'applyEdit')?.request).toMatchObject({ edit: { kind: 'drop-ref', edge: 3 } });
    w.unmount();
  });

  it('expands a node on double-click and asks for one more hop around it', async () => {
    handlers.neighbourhood = () => twoCycleGraph();
    useSelectionStore().select(0x30);
    const w = mount(GraphView, { props: { headless: true }, global: { plugins: [pinia] } });
    await flush();
    const cy = (w.vm as unknown as { cy: import('cytoscape').Core }).cy;
    fake.calls.length = 0;
    cy.getElementById('n16').emit('dbltap');
    await flush();
    expect(fake.calls.find((c) => c.method === 'neighbourhood')?.request).toMatchObject({ addresses: [0x30], expand: [0x10] });
    w.unmount();
  });

  it('walks references with the arrow keys, breaks the one walked with Delete and expands with Enter', async () => {
    handlers.neighbourhood = () => twoCycleGraph();
    handlers.applyEdit = () => ({ verdict: { rules: '2.7', saveAll: false, collect: 0, garbage: 0, unreachable: 0, freedByRefcount: 4, uncollectable: 0 }, edits: [], redoable: 0 });
    useSelectionStore().select(0x30);
    const w = mount(GraphView, { props: { headless: true }, global: { plugins: [pinia] } });
    await flush();
    const cy = (w.vm as unknown as { cy: import('cytoscape').Core }).cy;
    const canvas = w.get('[data-testid=graph-canvas]');
    const highlight = () => (w.vm as unknown as { highlight: import('../../../renderer/src/graph/highlight').Highlight }).highlight;
    fake.calls.length = 0;
    // Selecting must not restyle Cytoscape (a class change redraws every element): the highlight layer shows it.
    const restyled: string[] = [];
    cy.on('class', (e) => restyled.push(e.target.id()));
    await canvas.trigger('keydown', { key: 'ArrowRight' });
    await flush();
    // Ib → Db along Ib.__dict__: the reference walked is selected, and the graph is not refetched.
    expect(useSelectionStore().address).toBe(0x40);
    expect(useSelectionStore().edge).toMatchObject({ edge: 2, label: '__dict__' });
    const db = cy.getElementById('n64').renderedPosition();
    expect(highlight().ring).toMatchObject({ x: db.x, y: db.y });
    const ib = cy.getElementById('n48').renderedPosition();
    const [from, to] = highlight().reference!.slice(2).split(' L ').map((p) => p.split(' ').map(Number));
    // From Ib's border towards Db's, not from anywhere else.
    expect(Math.sign(to[0] - from[0])).toBe(Math.sign(db.x - ib.x));
    expect(Math.hypot(from[0] - ib.x, from[1] - ib.y)).toBeLessThan(Math.hypot(from[0] - db.x, from[1] - db.y));
    expect(restyled).toEqual([]);
    expect(fake.calls.filter((c) => c.method === 'neighbourhood')).toHaveLength(0);
    await canvas.trigger('keydown', { key: 'ArrowRight' });
    await flush();
    expect(useSelectionStore().address).toBe(0x10);
    expect(w.get('[data-testid=graph-break]').text()).toBe("Break ['_a']");
    await canvas.trigger('keydown', { key: 'Delete' });
    await flush();
    expect(fake.calls.find((c) => c.method === 'applyEdit')?.request).toMatchObject({ edit: { kind: 'drop-ref', edge: 3 } });
    await canvas.trigger('keydown', { key: 'ArrowLeft' });
    await canvas.trigger('keydown', { key: 'Enter' });
    await flush();
    expect(useSelectionStore().address).toBe(0x40);
    expect(fake.calls.filter((c) => c.method === 'neighbourhood').pop()?.request).toMatchObject({ addresses: [0x30], expand: [0x40] });
    w.unmount();
  });

  it('says what to do when nothing is selected', async () => {
    const w = mount(GraphView, { props: { headless: true }, global: { plugins: [pinia] } });
    await flush();
    expect(w.text()).toContain('Select an object');
    w.unmount();
  });
});

describe('CyclesView and EditsView', () => {
  it('lists cycles and opens one in the graph', async () => {
    handlers.cyclesPage = () => ({ start: 0, total: 1, rows: [{ index: 0, size: 4, bytes: 704, retained: 704, types: '2 × dict', finalizers: 2, fate: 'uncollectable', members: [0x10, 0x20] }] });
    const w = mount(CyclesView, { global: { plugins: [pinia] } });
    await flush();
    await w.get('[data-testid=cycle-row-0]').trigger('click');
    const nav = useNavigationStore();
    expect(nav.view).toBe('graph');
    expect(nav.selectedAddress).toBe(0x10);
    expect(useSelectionStore().cycle?.size).toBe(4);
    w.unmount();
  });

  it('shows the verdict and an empty edit list with guidance', async () => {
    const w = mount(EditsView, { global: { plugins: [pinia] } });
    await flush();
    expect(w.get('[data-testid=edits-verdict]').text()).toContain('would return 4');
    expect(w.text()).toContain('No edits yet');
    w.unmount();
  });
});
