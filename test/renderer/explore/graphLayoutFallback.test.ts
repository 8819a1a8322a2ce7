/**
 * The Graph view when its layout worker cannot help (a CSP or a file:// page refusing the worker,
 * its script failing to load): layouts run on the UI thread, the graph still appears, and the
 * status line says so. The page's Worker is replaced by stand-ins that fail the two ways.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { mount } from '@vue/test-utils';
import { nextTick } from 'vue';
import type { Core } from 'cytoscape';
import { fakeClient, type Handler } from './fakeClient';
import { obj, twoCycleGraph } from './fixtures';
import { layoutInput, layoutPositions } from '../../../renderer/src/graph/layout';

const handlers: Record<string, Handler> = {};
const fake = fakeClient(handlers);
vi.mock('../../../renderer/src/api/client', () => ({ createClient: () => fake.client }));

const { useNavigationStore } = await import('../../../renderer/src/stores/navigation');
const { useSelectionStore } = await import('../../../renderer/src/stores/selection');
const GraphView = (await import('../../../renderer/src/views/GraphView.vue')).default;

let pinia: Pinia;
const workers: { url: string; terminated: boolean }[] = [];

/** Refused at construction, as a worker-src CSP or an opaque file:// origin does. */
class RefusedWorker {
  constructor() {
    throw new DOMException("Failed to construct 'Worker': Script cannot be accessed from origin 'null'.", 'SecurityError');
  }
}

/** Constructed, but its script never loads: an error event, no message. */
class BrokenWorker {
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  private readonly record: { url: string; terminated: boolean };
  constructor(url: URL) {
    this.record = { url: String(url), terminated: false };
    workers.push(this.record);
  }
  postMessage(): void {
    setTimeout(() => this.onerror?.(new Event('error', { cancelable: true })), 0);
  }
  terminate(): void {
    this.record.terminated = true;
  }
}

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  workers.length = 0;
  handlers.neighbourhood = () => twoCycleGraph();
  handlers.inspectObject = (r) => ({ object: obj(r.address as number, 'dict'), internal: 1, unaccounted: 0, fateExplanation: '', referrers: { start: 0, total: 0, rows: [] }, referents: { start: 0, total: 0, rows: [] } });
  handlers.listEdits = () => ({ verdict: { rules: '2.7', saveAll: false, collect: 4, garbage: 2, unreachable: 4, freedByRefcount: 0, uncollectable: 4 }, edits: [], redoable: 0 });
  useNavigationStore().activate('abcd1234');
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const flush = async () => {
  for (let i = 0; i < 6; i++) {
    await nextTick();
    await new Promise((r) => setTimeout(r, 0));
  }
};

describe('GraphView without a working layout worker', () => {
  for (const [how, Stand] of [
    ['refused at construction', RefusedWorker],
    ['failing to load its script', BrokenWorker],
  ] as const) {
    it(`shows the graph laid out on the UI thread when the worker is ${how}`, async () => {
      vi.stubGlobal('Worker', Stand);
      useSelectionStore().select(0x30);
      const w = mount(GraphView, { props: { headless: true }, global: { plugins: [pinia] } });
      await flush();
      const cy = (w.vm as unknown as { cy: Core }).cy;
      expect(cy.nodes()).toHaveLength(4);
      expect(cy.edges()).toHaveLength(4);
      // Where the layout put them, not piled up at the origin.
      const expected = layoutPositions(layoutInput(twoCycleGraph()));
      for (const n of cy.nodes()) expect(n.position()).toEqual(expected[n.id()]);
      expect(w.get('[data-testid=graph-status]').text()).toMatch(/4 objects, 4 references · layout \d+ ms \(on the UI thread\)/);
      if (Stand === BrokenWorker) {
        expect(workers).toHaveLength(1);
        expect(workers[0].url).toMatch(/layoutWorker/);
        expect(workers[0].terminated).toBe(true);
        expect(w.get('[data-testid=graph-layout-fallback]').attributes('title')).toMatch(/worker failed/);
      } else {
        expect(w.get('[data-testid=graph-layout-fallback]').attributes('title')).toMatch(/could not start: .*origin 'null'/);
      }
      w.unmount();
    });
  }
});
