import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { nextTick } from 'vue';
import { fakeClient, type Handler } from './fakeClient';
import { obj } from './fixtures';

const handlers: Record<string, Handler> = {};
const fake = fakeClient(handlers);
vi.mock('../../../renderer/src/api/client', () => ({ createClient: () => fake.client }));

const { useSelectionStore } = await import('../../../renderer/src/stores/selection');
const { useEditsStore } = await import('../../../renderer/src/stores/edits');
const { useNavigationStore } = await import('../../../renderer/src/stores/navigation');

const verdict = (collect: number, garbage: number) => ({ rules: '2.7', saveAll: false, collect, garbage, unreachable: collect, freedByRefcount: 4 - collect, uncollectable: collect });

beforeEach(() => {
  setActivePinia(createPinia());
  fake.calls.length = 0;
  for (const k of Object.keys(handlers)) delete handlers[k];
  handlers.inspectObject = (r) => ({ object: obj(r.address as number, 'dict'), referrers: { start: 0, total: 0, rows: [] }, referents: { start: 0, total: 0, rows: [] } });
  handlers.listEdits = () => ({ verdict: verdict(4, 2), edits: [], redoable: 0 });
});

const flush = async () => {
  for (let i = 0; i < 5; i++) await nextTick();
  await new Promise((r) => setTimeout(r, 0));
};

describe('selection store', () => {
  it('adds the active session to every call and loads the inspector when the selection changes', async () => {
    const nav = useNavigationStore();
    const selection = useSelectionStore();
    nav.activate('abcd1234');
    selection.select(0x30);
    await flush();
    expect(fake.calls.at(-1)).toEqual({ method: 'inspectObject', request: { address: 0x30, session: 'abcd1234' } });
    expect(selection.inspector?.object.address).toBe(0x30);
    expect(nav.selectedAddress).toBe(0x30);
  });

  it('turns an error value into a message and rejects calls without an open dump', async () => {
    const nav = useNavigationStore();
    const selection = useSelectionStore();
    await expect(selection.call('cyclesPage', { start: 0, count: 1 })).rejects.toThrow('no dump is open');
    nav.activate('abcd1234');
    handlers.inspectObject = () => {
      throw new Error('no object at address 99');
    };
    selection.select(99);
    await flush();
    expect(selection.inspector).toBeNull();
    expect(selection.error).toBe('no object at address 99');
  });
});

describe('edits store', () => {
  it('applies an edit, keeps the delta and the changed set, bumps the revision; undo restores the verdict', async () => {
    const nav = useNavigationStore();
    const edits = useEditsStore();
    nav.activate('abcd1234');
    await flush();
    expect(edits.verdict?.collect).toBe(4);
    handlers.applyEdit = () => ({
      verdict: verdict(0, 0),
      delta: { summary: 'frees 4 objects, 704 bytes, by reference counting', notes: [], freedObjects: 4, freedBytes: 704, changed: [{ address: 0x10, before: 'uncollectable', after: 'freed by refcount' }] },
      edits: [{ step: 0, description: "break dict ['_a'] → CGcLeakA", summary: 'frees 4 objects' }],
      redoable: 0,
    });
    handlers.undoEdit = () => ({ verdict: verdict(4, 2), delta: { summary: 'undone', notes: [], freedObjects: 0, freedBytes: 0, changed: [] }, edits: [], redoable: 1 });
    const rev = edits.revision;
    expect(await edits.breakEdge(3)).toBe(true);
    expect(fake.calls.find((c) => c.method === 'applyEdit')?.request).toEqual({ edit: { kind: 'drop-ref', edge: 3 }, session: 'abcd1234' });
    expect(edits.verdict?.collect).toBe(0);
    expect(edits.changed.has(0x10)).toBe(true);
    expect(edits.steps).toHaveLength(1);
    expect(edits.canUndo).toBe(true);
    expect(edits.revision).toBe(rev + 1);
    await edits.undo();
    expect(edits.verdict).toMatchObject({ collect: 4, garbage: 2 });
    expect(edits.canRedo).toBe(true);
  });

  it('reports a refused edit without changing the list', async () => {
    const nav = useNavigationStore();
    const edits = useEditsStore();
    nav.activate('abcd1234');
    await flush();
    expect(await edits.breakEdge(999)).toBe(false);
    expect(edits.error).toMatch(/no fake for applyEdit/);
    expect(edits.steps).toEqual([]);
  });

  it('keeps the reason an edit was not saved until a later answer says it is on disk', async () => {
    const nav = useNavigationStore();
    const edits = useEditsStore();
    nav.activate('abcd1234');
    await flush();
    const step = { step: 0, description: 'release M', summary: '' };
    handlers.applyEdit = () => ({ verdict: verdict(4, 2), edits: [step], redoable: 0, saved: false, saveError: 'could not write …: EROFS' });
    expect(await edits.breakEdge(1)).toBe(true);
    expect(edits.saveError).toBe('could not write …: EROFS');
    handlers.listEdits = () => ({ verdict: verdict(4, 2), edits: [step], redoable: 0, saved: true });
    await edits.load();
    expect(edits.saveError).toBeNull();
  });
});
