import { describe, expect, it } from 'vitest';
import { formatEdit, parseEdit } from '../../../electron/engine/whatif/parseEdit';

describe('parseEdit', () => {
  it('reads the CLI edit syntax with decimal addresses', () => {
    expect(parseEdit('drop-ref:140001:140002')).toEqual({ kind: 'drop-ref', source: 140001, target: 140002 });
    expect(parseEdit('clear:16')).toEqual({ kind: 'clear', address: 16 });
    expect(parseEdit('drop-external:16')).toEqual({ kind: 'drop-external', address: 16, count: 1 });
    expect(parseEdit('drop-external:16:3')).toEqual({ kind: 'drop-external', address: 16, count: 3 });
    expect(parseEdit('effect:16:resurrect')).toEqual({ kind: 'finalizer-effect', address: 16, effect: 'resurrect' });
    expect(parseEdit('clear:0x10')).toEqual({ kind: 'clear', address: 16 });
  });

  it('rejects malformed edits with BAD_EDIT', () => {
    for (const bad of ['drop-ref:1', 'clear:abc', 'drop-external:1:0', 'drop-external:1:x', 'effect:1:maybe', 'nuke:1', 'clear:1:2', 'clear:-5']) {
      expect(() => parseEdit(bad), bad).toThrow(expect.objectContaining({ code: 'BAD_EDIT' }));
    }
  });

  it('formats edits back to the same syntax', () => {
    for (const t of ['drop-ref:1:2', 'clear:3', 'drop-external:4:2', 'effect:5:drop-refs']) expect(formatEdit(parseEdit(t))).toBe(t);
  });
});
