/**
 * The inspector names the running functions' locals that hold an object (the running stack's named
 * roots): in its header and at the root of its path from a root.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import { fakeClient, type Handler } from './fakeClient';
import { obj } from './fixtures';

const handlers: Record<string, Handler> = {};
const fake = fakeClient(handlers);
vi.mock('../../../renderer/src/api/client', () => ({ createClient: () => fake.client }));

const { useNavigationStore } = await import('../../../renderer/src/stores/navigation');
const { useSelectionStore } = await import('../../../renderer/src/stores/selection');
const ObjectInspector = (await import('../../../renderer/src/components/explore/ObjectInspector.vue')).default;

const local = 'local `job` of serve() (jobs.py:23) in thread Worker-1';
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
  handlers.listEdits = () => ({ verdict: { rules: '3.12', saveAll: false, collect: 0, garbage: 0, unreachable: 0, freedByRefcount: 0, uncollectable: 0 }, edits: [], redoable: 0 });
  handlers.inspectObject = (r) => {
    const root = obj(0x9000, 'tuple', { fate: 'alive', heldBy: [local] });
    const self = r.address === 0x9000 ? root : obj(r.address as number, 'str', { fate: 'alive' });
    return {
      object: self,
      internal: 0,
      unaccounted: 1,
      fateExplanation: 'Alive',
      referrers: { start: 0, total: 0, rows: [] },
      referents: { start: 0, total: 0, rows: [] },
      path: { nodes: r.address === 0x9000 ? [root] : [root, self], labels: r.address === 0x9000 ? [] : ['[0]'], edges: r.address === 0x9000 ? [] : [7] },
    };
  };
  useNavigationStore().activate('abcd1234');
});

describe('ObjectInspector: running-frame holders', () => {
  it('says which local holds the object itself', async () => {
    useSelectionStore().select(0x9000);
    const w = mount(ObjectInspector, { global: { plugins: [pinia] } });
    await flush();
    expect(w.get('[data-testid=inspector-held-by]').text()).toBe(`Held by ${local}`);
  });

  it('names the local at the root of the path of an object it holds, and nothing for the object', async () => {
    useSelectionStore().select(0x9100);
    const w = mount(ObjectInspector, { global: { plugins: [pinia] } });
    await flush();
    expect(w.find('[data-testid=inspector-held-by]').exists()).toBe(false);
    expect(w.get('[data-testid=inspector-path] li').text()).toContain(`(held by ${local})`);
  });
});
