/**
 * Navigation store and view registry: `go(view, address)` per open dump, places kept when
 * switching tabs, and the registry the shell renders as tabs.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useNavigationStore } from '../../renderer/src/stores/navigation';
import { findView, views } from '../../renderer/src/views/registry';

beforeEach(() => setActivePinia(createPinia()));

describe('navigation store', () => {
  it('goes to a view and selects an object; select() keeps the view', () => {
    const nav = useNavigationStore();
    nav.activate('a');
    expect(nav.view).toBe('overview');
    nav.go('objects', 0x1000);
    expect([nav.view, nav.selectedAddress]).toEqual(['objects', 0x1000]);
    nav.go('graph');
    expect([nav.view, nav.selectedAddress]).toEqual(['graph', 0x1000]);
    nav.select(null);
    expect([nav.view, nav.selectedAddress]).toEqual(['graph', null]);
  });

  it('shows the Objects view filtered to a type, kept per dump', () => {
    const nav = useNavigationStore();
    nav.activate('a');
    nav.showType('dict');
    expect([nav.view, nav.objectsType]).toEqual(['objects', 'dict']);
    nav.activate('b');
    expect(nav.objectsType).toBe('');
    nav.activate('a');
    expect(nav.objectsType).toBe('dict');
    // Going to an object in the table keeps the filter: the view clears it, visibly, only if it hides the object.
    nav.go('overview');
    nav.go('objects', 0x10);
    expect([nav.view, nav.objectsType, nav.selectedAddress]).toEqual(['objects', 'dict', 0x10]);
  });

  it('keeps each dump its own place when switching tabs', () => {
    const nav = useNavigationStore();
    nav.activate('a');
    nav.go('graph', 1);
    nav.activate('b');
    expect([nav.view, nav.selectedAddress]).toEqual(['overview', null]);
    nav.go('cycles', 2);
    nav.activate('a');
    expect([nav.view, nav.selectedAddress]).toEqual(['graph', 1]);
    nav.forget('a');
    nav.activate('a');
    expect(nav.view).toBe('overview');
  });

  it('works before any dump is open', () => {
    const nav = useNavigationStore();
    nav.go('objects', 5);
    expect(nav.view).toBe('objects');
  });
});

describe('view registry', () => {
  it('starts with the Overview and has unique ids', () => {
    expect(views[0]).toMatchObject({ id: 'overview', label: 'Overview' });
    expect(new Set(views.map((v) => v.id)).size).toBe(views.length);
    expect(findView('overview')).toBe(views[0]);
    expect(findView('nope')).toBeUndefined();
  });
});
