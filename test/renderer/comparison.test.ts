/**
 * The Comparison view against a scripted API: "Compare with…" picks a baseline (and optional final
 * dump) among the other open dumps, the summary shows identity and mode, the per-type table sorts
 * by new / freed / delta / bytes and expands to new objects, and leak signatures expand too.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ComparisonView from '../../renderer/src/views/ComparisonView.vue';
import { provideApi } from '../../renderer/src/api';
import { useSessionsStore } from '../../renderer/src/stores/sessions';
import { useNavigationStore } from '../../renderer/src/stores/navigation';
import type { ComparisonSummary } from '../../shared/compareApi';
import { fakeApi, readyStatus, type FakeApi } from './fakeApi';

let api: FakeApi;
let pinia: ReturnType<typeof createPinia>;
const LEAK = 0x7f0000002000;

function summary(final: string | null): ComparisonSummary {
  return {
    base: 'step0.jsonl',
    target: 'step1.jsonl',
    final,
    mode: 'after-collect',
    matching: 'identity',
    notes: [],
    identity: { exact: 120, likely: 900, unknown: 3 },
    totals: { beforeObjects: 1000, afterObjects: 1025, beforeBytes: 50_000, afterBytes: 51_400 },
    types: [
      { type: '__main__.Noise', before: 40, after: 40, new: 40, freed: 40, delta: 0, bytesDelta: 0, retainedDelta: 0 },
      { type: '__main__.Leak', before: 25, after: 50, new: 25, freed: 0, delta: 25, bytesDelta: 1400, retainedDelta: 1400 },
      { type: 'dict', before: 300, after: 290, new: 0, freed: 10, delta: -10, bytesDelta: -2400, retainedDelta: -2400 },
    ],
    typesTruncated: false,
    leaks: [{ index: 0, signature: "module __main__ .cache ['k'] [*] → __main__.Leak", type: '__main__.Leak', count: 25, bytes: 1400 }],
  };
}

const objectRow = { address: LEAK, type: '__main__.Leak', repr: '', size: 56, fate: 'alive', retainedBytes: 56, confidence: 'exact', signature: "module __main__ .cache ['k'] [*] → __main__.Leak" };

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  api = fakeApi({
    compareWith: (r: { final?: string }) => summary(r.final ? 'step2.jsonl' : null),
    comparisonObjects: () => ({ total: 25, start: 0, rows: [objectRow] }),
  });
  provideApi(api);
  const sessions = useSessionsStore();
  sessions.tabs.push(readyStatus('s0', 'step0.jsonl'), readyStatus('s1', 'step1.jsonl'), readyStatus('s2', 'step2.jsonl'));
  sessions.activate('s1');
});

async function compared(final = '') {
  const w = mount(ComparisonView, { global: { plugins: [pinia] } });
  await w.get('[data-testid="compare-base"]').setValue('s0');
  if (final) await w.get('[data-testid="compare-final"]').setValue(final);
  await w.get('[data-testid="compare-run"]').trigger('click');
  await flushPromises();
  return w;
}

describe('ComparisonView', () => {
  it('offers the other open dumps and compares this one with the chosen baseline', async () => {
    const w = mount(ComparisonView, { global: { plugins: [pinia] } });
    const options = w.get('[data-testid="compare-base"]').findAll('option').map((o) => o.text());
    expect(options).toEqual(['choose an open dump or a file', 'step0.jsonl', 'step2.jsonl', 'a file…']);
    expect(w.get('[data-testid="compare-run"]').attributes('disabled')).toBeDefined();
    await w.get('[data-testid="compare-base"]').setValue('s0');
    await w.get('[data-testid="compare-run"]').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'compareWith')!.request).toEqual({ session: 's1', base: 's0', mode: 'after-collect' });
    expect(w.get('[data-testid="compare-identity"]').text()).toContain('120 exact, 900 likely, 3 unknown');
    expect(w.get('[data-testid="compare-identity"]').text()).toContain('after a simulated gc.collect()');
    expect(w.get('[data-testid="compare-roles"]').text()).toBe('Baseline step0.jsonl, target step1.jsonl (this tab): new objects are in the target and not in the baseline.');
  });

  it('passes the final dump and says the leaks are the candidates still alive there', async () => {
    const w = await compared('s2');
    expect(api.calls.find((c) => c.method === 'compareWith')!.request).toMatchObject({ base: 's0', final: 's2' });
    expect(w.text()).toContain('Leak candidates (new, still alive in the final dump)');
    expect(w.get('[data-testid="compare-roles"]').text()).toContain('final step2.jsonl: leak candidates are objects new in the target and still alive in the final dump');
  });

  it('sorts the types by new, freed, delta or bytes', async () => {
    const w = await compared();
    const order = () => w.findAll('[data-testid="compare-type-row"]').map((r) => r.find('code').text());
    expect(order()).toEqual(['__main__.Leak', 'dict', '__main__.Noise']);
    await w.get('[data-testid="sort-new"]').trigger('click');
    expect(order()).toEqual(['__main__.Noise', '__main__.Leak', 'dict']);
    await w.get('[data-testid="sort-freed"]').trigger('click');
    expect(order()).toEqual(['__main__.Noise', 'dict', '__main__.Leak']);
    await w.get('[data-testid="sort-bytesDelta"]').trigger('click');
    expect(order()).toEqual(['dict', '__main__.Leak', '__main__.Noise']);
  });

  it('expands a type to its new objects, with retained size and confidence, linking to the Objects view', async () => {
    const w = await compared();
    await w.findAll('[data-testid="compare-type-row"]')[0].trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'comparisonObjects')!.request).toEqual({ session: 's1', type: '__main__.Leak', start: 0, count: 50 });
    const objects = w.get('[data-testid="compare-objects"]');
    expect(objects.text()).toContain('retains 56 B');
    expect(objects.text()).toContain('exact');
    expect(objects.text()).toContain('… 24 more');
    await w.get('[data-testid="compare-object"]').trigger('click');
    expect(useNavigationStore().view).toBe('objects');
    expect(useNavigationStore().selectedAddress).toBe(LEAK);
  });

  it('lists leak signatures and expands one to its objects', async () => {
    const w = await compared();
    const leak = w.get('[data-testid="compare-leak"]');
    expect(leak.text()).toContain("25 × __main__.Leak");
    expect(leak.text()).toContain("module __main__ .cache ['k'] [*] → __main__.Leak");
    await leak.get('button').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'comparisonObjects').pop()!.request).toMatchObject({ leak: 0 });
    expect(w.get('[data-testid="compare-leak-objects"]').text()).toContain('exact');
  });

  it('shows the refusal when the dumps cannot be compared', async () => {
    api = fakeApi({ compareWith: () => ({ ok: false, error: { code: 'ENGINE', message: 'step1.jsonl and step1.jsonl are the same dump (identical content): nothing to compare' } }) });
    provideApi(api);
    const w = await compared();
    expect(w.get('[data-testid="compare-error"]').text()).toContain('are the same dump');
  });
});
