import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import RefList from '../../../renderer/src/components/explore/RefList.vue';
import type { RefRow } from '../../../shared/exploreApi';
import { obj } from './fixtures';

const row = (edge: number, label: string, removed = false): RefRow => ({ edge, other: obj(0x100 + edge, 'dict'), label, traversed: true, removed });

function mountList(canBreak: boolean) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const rows = [row(1, '__dict__'), row(2, "['_a']"), row(3, '[0]', true)];
  return mount(RefList, { props: { address: 0x30, direction: 'referents', first: { start: 0, total: 3, rows }, canBreak }, global: { plugins: [pinia] } });
}

describe('RefList (inspector)', () => {
  it('breaks a reference with its button, or with Delete or Backspace while its row has the focus', async () => {
    const w = mountList(true);
    await w.get('li[data-label="__dict__"] [data-testid=break-ref]').trigger('click');
    await w.get(`li[data-label="['_a']"] button.link`).trigger('keydown', { key: 'Delete' });
    await w.get('li[data-label="__dict__"] button.link').trigger('keydown', { key: 'Backspace' });
    // A reference already broken has nothing left to break.
    await w.get('li[data-label="[0]"] button.link').trigger('keydown', { key: 'Delete' });
    expect(w.emitted('break')?.map(([r]) => (r as RefRow).edge)).toEqual([1, 2, 1]);
  });

  it('offers no breaking where the list is read-only', async () => {
    const w = mountList(false);
    expect(w.find('[data-testid=break-ref]').exists()).toBe(false);
    await w.get('li[data-label="__dict__"] button.link').trigger('keydown', { key: 'Delete' });
    expect(w.emitted('break')).toBeUndefined();
  });
});
