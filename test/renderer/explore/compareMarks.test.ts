/** The Graph view's comparison marks: objects new or survived since the baseline get their own classes and styles. */
import { describe, expect, it } from 'vitest';
import { toElements } from '../../../renderer/src/graph/toElements';
import { graphStyle } from '../../../renderer/src/graph/style';
import { twoCycleGraph } from './fixtures';

describe('comparison marks in the graph', () => {
  it('classes new and survived objects, and leaves unknown ones alone', () => {
    const els = toElements(twoCycleGraph(), { compared: new Map([[0x30, 'new'], [0x10, 'survived']]) });
    const byId = Object.fromEntries(els.map((e) => [e.data.id, e]));
    expect(byId.n48.classes).toContain('cmp-new');
    expect(byId.n16.classes).toContain('cmp-survived');
    expect(byId.n64.classes).not.toMatch(/cmp-/);
  });

  it('styles both marks', () => {
    const selectors = (graphStyle as { selector: string }[]).map((s) => s.selector);
    expect(selectors).toEqual(expect.arrayContaining(['node.cmp-new', 'node.cmp-survived']));
  });
});
