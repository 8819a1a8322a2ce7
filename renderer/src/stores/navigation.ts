/**
 * Which view is shown and which object is selected, for the active dump, and the way back. Any
 * view navigates with `go('objects' | 'graph' | …, address?)`; a link that follows a reference
 * (the inspector's lists and paths) uses `follow(address)`; the explore views read
 * `selectedAddress` to show that object. Addresses (id() values), not ordinals, cross views
 * because they are what users see.
 *
 * State is kept per open dump (keyed by session id) so switching tabs brings back each dump's
 * place; `view` and `selectedAddress` always describe the active tab. The Objects view's filters
 * live in the place too, so leaving the view and coming back (or going Back) keeps them.
 *
 * History: `go`, `follow` and `showType` push the place they leave; `back()` / `forward()` walk it
 * (Alt+← / Alt+→ and the shell's buttons). Selecting rows with the keyboard or the mouse inside a
 * view moves the current place's selection without a history entry, as a browser treats scrolling.
 * In serve mode every entry is also a browser history entry (api/browserHistory.ts), so the
 * browser's Back button walks the app's history instead of leaving the page.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FateName } from '../../../shared/exploreApi';

/** The Objects view's filters ('' for none). */
export interface ObjectsFilters {
  text: string;
  type: string;
  fate: FateName | '';
  address: string;
}

interface Place {
  view: string;
  selectedAddress: number | null;
  objects: ObjectsFilters;
}

interface Session {
  place: Place;
  back: Place[];
  forward: Place[];
}

/** Entries kept per dump: enough for a hunt, bounded for a long session. */
const maxHistory = 100;
const noFilters = (): ObjectsFilters => ({ text: '', type: '', fate: '', address: '' });
const fresh = (): Session => ({ place: { view: 'overview', selectedAddress: null, objects: noFilters() }, back: [], forward: [] });
const copy = (p: Place): Place => ({ ...p, objects: { ...p.objects } });

/** Keeps a browser history in step (serve mode); absent in Electron and tests that do not install one. */
export interface HistoryMirror {
  /** A new entry was pushed. */
  push(): void;
  /** The user asked to go back / forward: the mirror walks the browser history, which calls back()/forward(). */
  back(): void;
  forward(): void;
}

export const useNavigationStore = defineStore('navigation', () => {
  const sessions = ref<Record<string, Session>>({});
  const activeSession = ref<string | null>(null);
  /** Used before any dump is open (so `go` never fails). */
  const fallback = ref<Session>(fresh());
  let mirror: HistoryMirror | null = null;

  const current = computed<Session>(() => (activeSession.value && sessions.value[activeSession.value]) || fallback.value);
  const place = computed<Place>(() => current.value.place);
  const view = computed(() => place.value.view);
  const selectedAddress = computed(() => place.value.selectedAddress);
  const objectsType = computed(() => place.value.objects.type);
  const objectsFilters = computed(() => place.value.objects);
  const canGoBack = computed(() => current.value.back.length > 0);
  const canGoForward = computed(() => current.value.forward.length > 0);

  /** Remembers the place being left, unless the move changes nothing. */
  function record(next: Partial<Place>): void {
    const s = current.value;
    const p = s.place;
    const same = (next.view === undefined || next.view === p.view) && (next.selectedAddress === undefined || next.selectedAddress === p.selectedAddress) && next.objects === undefined;
    if (same) return;
    s.back.push(copy(p));
    if (s.back.length > maxHistory) s.back.shift();
    s.forward = [];
    mirror?.push();
  }

  /** Show `view`; when `address` is given, select that object too (null clears the selection). */
  function go(target: string, address?: number | null): void {
    record({ view: target, selectedAddress: address });
    place.value.view = target;
    if (address !== undefined) place.value.selectedAddress = address;
  }

  /** Follow a link to an object (a reference, a path, a pinning object): a history entry, same view. */
  function follow(address: number): void {
    record({ selectedAddress: address });
    place.value.selectedAddress = address;
  }

  /** The Objects view's type filter ('' for all types). */
  function setObjectsType(type: string): void {
    place.value.objects.type = type;
  }

  /** The Objects view's filters, as it shows them. */
  function setObjectsFilters(filters: Partial<ObjectsFilters>): void {
    Object.assign(place.value.objects, filters);
  }

  /**
   * Show the Objects view filtered to one type (a type bar in the Overview). The selection goes:
   * an object of another type would make the view clear the filter just asked for (Back restores it).
   */
  function showType(type: string): void {
    record({ view: 'objects', objects: { ...place.value.objects, type } });
    place.value.objects = { ...place.value.objects, type };
    place.value.view = 'objects';
    place.value.selectedAddress = null;
  }

  /** Select an object without leaving the current view, and without a history entry (a row, a node). */
  function select(address: number | null): void {
    place.value.selectedAddress = address;
  }

  /** Walks the history of the active dump. With a mirror (serve mode) the browser's history leads. */
  function goBack(): void {
    if (mirror && canGoBack.value) mirror.back();
    else back();
  }
  function goForward(): void {
    if (mirror && canGoForward.value) mirror.forward();
    else forward();
  }
  /** One step back / forward, as the browser's popstate or goBack()/goForward() ask. */
  function back(): void {
    const s = current.value;
    const to = s.back.pop();
    if (!to) return;
    s.forward.push(copy(s.place));
    s.place = to;
  }
  function forward(): void {
    const s = current.value;
    const to = s.forward.pop();
    if (!to) return;
    s.back.push(copy(s.place));
    s.place = to;
  }

  function useHistoryMirror(m: HistoryMirror | null): void {
    mirror = m;
  }

  /** Called by the sessions store when the active tab changes (null = no dump open). */
  function activate(session: string | null): void {
    activeSession.value = session;
    if (session && !sessions.value[session]) sessions.value[session] = fresh();
  }

  function forget(session: string): void {
    delete sessions.value[session];
  }

  return {
    view,
    selectedAddress,
    objectsType,
    objectsFilters,
    activeSession,
    canGoBack,
    canGoForward,
    go,
    follow,
    showType,
    setObjectsType,
    setObjectsFilters,
    select,
    goBack,
    goForward,
    back,
    forward,
    useHistoryMirror,
    activate,
    forget,
  };
});
