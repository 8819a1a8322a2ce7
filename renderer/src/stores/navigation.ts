/**
 * Which view is shown and which object is selected, for the active dump. Any view navigates with
 * `go('objects' | 'graph' | …, address?)`; the explore views read `selectedAddress` to show that
 * object. Addresses (id() values), not ordinals, cross views because they are what users see.
 *
 * State is kept per open dump (keyed by session id) so switching tabs brings back each dump's
 * place; `view` and `selectedAddress` always describe the active tab.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

interface Place {
  view: string;
  selectedAddress: number | null;
  /** The Objects view's type filter ('' for all types): kept here so the Overview can set it. */
  objectsType: string;
}

export const useNavigationStore = defineStore('navigation', () => {
  const places = ref<Record<string, Place>>({});
  const activeSession = ref<string | null>(null);
  /** Place used before any dump is open (so `go` never fails). */
  const fallback = ref<Place>({ view: 'overview', selectedAddress: null, objectsType: '' });

  const place = computed<Place>(() => (activeSession.value && places.value[activeSession.value]) || fallback.value);
  const view = computed(() => place.value.view);
  const selectedAddress = computed(() => place.value.selectedAddress);
  const objectsType = computed(() => place.value.objectsType);

  /**
   * Show `view`; when `address` is given, select that object too (null clears the selection).
   * Going to an object in the Objects view drops its type filter, which could hide it.
   */
  function go(target: string, address?: number | null): void {
    place.value.view = target;
    if (address !== undefined) place.value.selectedAddress = address;
    if (target === 'objects' && address != null) place.value.objectsType = '';
  }

  /** The Objects view's type filter ('' for all types). */
  function setObjectsType(type: string): void {
    place.value.objectsType = type;
  }

  /** Show the Objects view filtered to one type (a type bar in the Overview). */
  function showType(type: string): void {
    setObjectsType(type);
    place.value.view = 'objects';
  }

  /** Select an object without leaving the current view. */
  function select(address: number | null): void {
    place.value.selectedAddress = address;
  }

  /** Called by the sessions store when the active tab changes (null = no dump open). */
  function activate(session: string | null): void {
    activeSession.value = session;
    if (session && !places.value[session]) places.value[session] = { view: 'overview', selectedAddress: null, objectsType: '' };
  }

  function forget(session: string): void {
    delete places.value[session];
  }

  return { view, selectedAddress, objectsType, activeSession, go, showType, setObjectsType, select, activate, forget };
});
