/**
 * The Classes view (type summary expanding to instances), the Dominator tree view and the
 * inspector's retainers tree, against a scripted API.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ClassSummaryView from '../../renderer/src/views/ClassSummaryView.vue';
import DominatorTreeView from '../../renderer/src/views/DominatorTreeView.vue';
import RetainersTree from '../../renderer/src/components/suspects/RetainersTree.vue';
import { provideApi } from '../../renderer/src/api';
import { useSessionsStore } from '../../renderer/src/stores/sessions';
import { useNavigationStore } from '../../renderer/src/stores/navigation';
import type { ObjectSummary } from '../../shared/exploreApi';
import { fakeApi, readyStatus, type FakeApi } from './fakeApi';

function obj(address: number, type: string, retained: number, repr = ''): ObjectSummary {
  return { address, type, kind: 'instance', size: 56, retained, refcount: 1, external: 0, fate: 'alive', finalizer: '', repr, cycle: -1, names: [] };
}

let api: FakeApi;
let pinia: ReturnType<typeof createPinia>;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  api = fakeApi({
    classSummary: () => ({ start: 0, total: 2, rows: [{ type: '__main__.Payload', count: 11, bytes: 616, retainedBytes: 720_000 }, { type: 'str', count: 9000, bytes: 500_000, retainedBytes: 500_000 }] }),
    objectsPage: () => ({ start: 0, total: 11, rows: [obj(0x10, '__main__.Payload', 65_600, '<Payload 3>'), obj(0x20, '__main__.Payload', 65_590)] }),
    dominatorChildren: (r: { address?: number }) =>
      r.address === undefined
        ? { start: 0, total: 1, rows: [{ object: obj(0x100, 'dict', 900_000), children: 2 }] }
        : { start: 0, total: 2, rows: [{ object: obj(0x200, 'list', 700_000), children: 11 }, { object: obj(0x300, 'str', 60), children: 0 }] },
    retainers: (r: { address: number }) =>
      r.address === 0x10
        ? { start: 0, total: 1, distance: 6, rows: [{ edge: 1, label: '.payload', object: obj(0x40, 'frame', 70_000), distance: 5, referrers: 1 }] }
        : { start: 0, total: 1, distance: 5, rows: [{ edge: 2, label: 'tb_frame', object: obj(0x50, 'traceback', 70_100), distance: 4, referrers: 1 }] },
  });
  provideApi(api);
  const sessions = useSessionsStore();
  sessions.tabs.push(readyStatus('s1'));
  sessions.activate('s1');
});

describe('ClassSummaryView', () => {
  it('lists types with count, shallow and retained bytes and expands a type to its instances, most retained first', async () => {
    const w = mount(ClassSummaryView, { global: { plugins: [pinia] } });
    await flushPromises();
    const rows = w.findAll('[data-testid="class-row"]');
    expect(rows.map((r) => r.find('code').text())).toEqual(['__main__.Payload', 'str']);
    expect(rows[0].text()).toContain('11');
    await rows[0].get('.twisty').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'objectsPage')?.request).toMatchObject({ sort: 'retained', descending: true, filter: { type: '__main__.Payload' } });
    const inst = w.findAll('[data-testid="class-instance"]');
    expect(inst).toHaveLength(2);
    expect(inst[0].text()).toContain('<Payload 3>');
    await w.get('[data-testid="class-paths"]').trigger('click');
    expect(useNavigationStore().view).toBe('paths');
  });
});

describe('DominatorTreeView', () => {
  it('shows the top of the tree and expands a node into what it alone keeps', async () => {
    const w = mount(DominatorTreeView, { global: { plugins: [pinia] } });
    await flushPromises();
    expect(w.findAll('[data-testid="dominator-row"]')).toHaveLength(1);
    await w.get('.twisty').trigger('click');
    await flushPromises();
    const rows = w.findAll('[data-testid="dominator-row"]');
    expect(rows.map((r) => r.attributes('style'))).toEqual([undefined, 'padding-left: 16px;', 'padding-left: 16px;'].map((s) => s ?? 'padding-left: 0px;'));
    expect(rows[1].text()).toContain('list');
    await w.get('.twisty').trigger('click');
    expect(w.findAll('[data-testid="dominator-row"]')).toHaveLength(1);
  });
});

describe('RetainersTree', () => {
  it('lists referrers with their distance from a root and expands one into its own referrers', async () => {
    const w = mount(RetainersTree, { props: { address: 0x10, type: '__main__.Payload' }, global: { plugins: [pinia] } });
    await flushPromises();
    expect(w.text()).toContain('6 from a root');
    const first = w.get('[data-testid="retainer-row"]');
    expect(first.text()).toContain('.payload');
    expect(first.text()).toContain('distance 5');
    await first.get('.twisty').trigger('click');
    await flushPromises();
    const rows = w.findAll('[data-testid="retainer-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[1].text()).toContain('tb_frame');
    expect(rows[1].text()).toContain('distance 4');
  });
});
