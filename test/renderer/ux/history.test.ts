/**
 * Navigation history: go/follow/showType push the place left, Back and Forward walk it (buttons,
 * Alt+← / Alt+→), the Objects filters come back with it, and in serve mode the browser's history
 * is kept in step.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { useNavigationStore, type HistoryMirror } from '../../../renderer/src/stores/navigation';
import { browserHistoryMirror } from '../../../renderer/src/api/browserHistory';

beforeEach(() => setActivePinia(createPinia()));

describe('navigation history', () => {
  it('walks back and forward through views, followed links and filters, not through row selections', () => {
    const nav = useNavigationStore();
    nav.activate('a');
    nav.showType('logging.LogRecord');
    nav.setObjectsFilters({ fate: 'alive' });
    nav.select(0x10);
    nav.select(0x20); // arrow keys in the table: no entries
    nav.follow(0x30); // a referrer in the inspector
    nav.go('graph');
    expect(nav.canGoForward).toBe(false);
    nav.back();
    expect([nav.view, nav.selectedAddress]).toEqual(['objects', 0x30]);
    nav.back();
    expect([nav.view, nav.selectedAddress, nav.objectsFilters.type, nav.objectsFilters.fate]).toEqual(['objects', 0x20, 'logging.LogRecord', 'alive']);
    nav.back();
    expect([nav.view, nav.objectsType]).toEqual(['overview', '']);
    expect(nav.canGoBack).toBe(false);
    nav.forward();
    nav.forward();
    nav.forward();
    expect([nav.view, nav.selectedAddress]).toEqual(['graph', 0x30]);
    // A new move drops the forward entries, as a browser does.
    nav.back();
    nav.go('cycles');
    expect(nav.canGoForward).toBe(false);
  });

  it('keeps a history per dump', () => {
    const nav = useNavigationStore();
    nav.activate('a');
    nav.go('objects');
    nav.activate('b');
    expect(nav.canGoBack).toBe(false);
    nav.activate('a');
    expect(nav.canGoBack).toBe(true);
  });

  it('lets a mirror (the browser) lead Back and Forward in serve mode', () => {
    const nav = useNavigationStore();
    const mirror: HistoryMirror = { push: vi.fn(), back: vi.fn(), forward: vi.fn() };
    nav.useHistoryMirror(mirror);
    nav.activate('a');
    nav.go('objects');
    expect(mirror.push).toHaveBeenCalledTimes(1);
    nav.goBack();
    expect(mirror.back).toHaveBeenCalledTimes(1);
    expect(nav.view).toBe('objects'); // the browser's popstate makes the step
  });

  it("steps with the browser's popstate", () => {
    const steps = { back: vi.fn(), forward: vi.fn() };
    const mirror = browserHistoryMirror(steps);
    mirror.push();
    mirror.push();
    window.dispatchEvent(new PopStateEvent('popstate', { state: { heapscopeHistory: 0 } }));
    expect(steps.back).toHaveBeenCalledTimes(2);
    window.dispatchEvent(new PopStateEvent('popstate', { state: { heapscopeHistory: 1 } }));
    expect(steps.forward).toHaveBeenCalledTimes(1);
  });
});
