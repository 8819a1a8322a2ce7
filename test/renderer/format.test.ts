import { describe, expect, it } from 'vitest';
import { formatCount } from '../../renderer/src/components/format';

describe('formatCount', () => {
  it('groups thousands with commas, as en-US does, without loading locale data', () => {
    for (const n of [0, 7, 999, 1000, 2_036_319, -1234567, 12.5, 1234.25]) expect(formatCount(n)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 20 }));
    expect(formatCount(Number.NaN)).toBe('–');
  });
});
