/**
 * The graph's depth field never produces a depth the engine refuses, and one fate palette colours
 * the graph, the badges and the legend.
 */
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import appSource from '../../../renderer/src/App.vue?raw';
import objectsSource from '../../../renderer/src/views/ObjectsView.vue?raw';
import badgeSource from '../../../renderer/src/components/explore/FateBadge.vue?raw';
import DepthField from '../../../renderer/src/components/explore/DepthField.vue';
import FateLegend from '../../../renderer/src/components/FateLegend.vue';
import { fatePalette } from '../../../renderer/src/fatePalette';
import { fateColours, graphStyle } from '../../../renderer/src/graph/style';

describe('DepthField', () => {
  it('clamps 9 to 6, keeps the last depth when emptied and puts it back on blur', async () => {
    const w = mount(DepthField, { props: { modelValue: 2 } });
    const input = w.get('[data-testid=graph-depth]');
    await input.setValue('9');
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([6]);
    expect((input.element as HTMLInputElement).value).toBe('6');
    await w.setProps({ modelValue: 6 });
    await input.setValue('');
    expect(w.emitted('update:modelValue')).toHaveLength(1);
    expect(w.get('[data-testid=graph-depth-hint]').text()).toBe('a whole number from 0 to 6');
    await input.trigger('blur');
    expect((input.element as HTMLInputElement).value).toBe('6');
    await input.setValue('-3');
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([0]);
    await input.setValue('2.6');
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([3]);
    expect(w.text()).not.toMatch(/invalid|expected|Too big/i);
  });
});

describe('the fate palette', () => {
  it('is the one the graph fills nodes with', () => {
    expect(fateColours['freed-by-refcount']).toBe(fatePalette['freed by refcount']);
    const blocks = graphStyle as unknown as { selector: string; style: Record<string, string> }[];
    const fills = blocks.filter((s) => s.selector.startsWith('node.fate-')).map((s) => [s.selector, s.style['background-color']]);
    expect(Object.fromEntries(fills)).toEqual({
      'node.fate-alive': fatePalette.alive,
      'node.fate-freed-by-refcount': fatePalette['freed by refcount'],
      'node.fate-collected': fatePalette.collected,
      'node.fate-uncollectable': fatePalette.uncollectable,
      'node.fate-resurrected': fatePalette.resurrected,
    });
  });

  it('gives five different colours, and no view colours a fate with a colour of its own', () => {
    expect(new Set(Object.values(fatePalette)).size).toBe(5);
    for (const [file, css] of Object.entries({ 'App.vue': appSource, 'ObjectsView.vue': objectsSource, 'FateBadge.vue': badgeSource })) {
      expect(css, file).not.toMatch(/(fate-)?(alive|freed|collected|uncollectable|resurrected)[\w-]*\s*[:{]\s*(background:\s*)?#[0-9a-f]{3,6}/i);
    }
  });

  it('has a legend naming every fate in its colour', () => {
    const w = mount(FateLegend);
    const items = w.findAll('li');
    expect(items.map((i) => i.attributes('data-fate'))).toEqual(['alive', 'freed by refcount', 'collected', 'resurrected', 'uncollectable']);
    expect(items[4].text()).toContain('leak');
    expect(items[2].get('.key').attributes('style')).toContain('background');
  });
});
