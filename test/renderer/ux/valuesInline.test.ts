/** Inspector lists show values, the owner of a __dict__ and retained sizes, so look-alike rows can be told apart. */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import RefList from '../../../renderer/src/components/explore/RefList.vue';
import type { RefRow } from '../../../shared/exploreApi';
import { obj } from '../explore/fixtures';

describe('RefList values', () => {
  it("shows short reprs, the object a dict is the __dict__ of, and each row's retained size", () => {
    const pinia = createPinia();
    setActivePinia(pinia);
    const rows: RefRow[] = [
      { edge: 1, other: obj(0x100, 'str', { repr: "'job %s failed'", fate: 'alive' }), label: '.msg', traversed: true, removed: false },
      { edge: 2, other: obj(0x110, 'int', { repr: '40' }), label: '.levelno', traversed: true, removed: false },
      { edge: 3, other: obj(0x120, 'NoneType', { repr: 'None' }), label: '.exc_info', traversed: true, removed: false },
      { edge: 4, other: obj(0x130, 'dict', { dictOf: { address: 0x7f00, type: 'logging.LogRecord', name: '' }, retained: 2048 }), label: '__dict__', traversed: true, removed: false },
      { edge: 5, other: obj(0x140, 'logging.LogRecord', { retained: 4096 }), label: '[0]', traversed: true, removed: false },
      { edge: 6, other: obj(0x150, 'logging.LogRecord', { retained: 512 }), label: '[1]', traversed: true, removed: false },
    ];
    const w = mount(RefList, { props: { address: 0x30, direction: 'referents', first: { start: 0, total: rows.length, rows } }, global: { plugins: [pinia] } });
    const names = w.findAll('[data-testid=ref-name]').map((b) => b.text());
    expect(names).toEqual(["'job %s failed'", '40', 'None', '__dict__ of LogRecord 0x7f00', 'LogRecord 0x140', 'LogRecord 0x150']);
    expect(w.findAll('[data-testid=ref-retained]').map((s) => s.text()).slice(3)).toEqual(['2.0 KiB', '4.0 KiB', '512 B']);
    expect(w.get('[data-testid=ref-name]').attributes('title')).toBe('str at 0x100');
  });
});
