/**
 * The app's one ApiClient, held by the active Pinia (not a module global, so each test's Pinia has
 * its own). Stores call `useApi()`; tests install a fake with `provideApi()` after creating their
 * Pinia. Components never import this: they go through stores.
 */
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { createClient, type ApiClient } from './client';

export type { ApiClient } from './client';

const useApiHolder = defineStore('api', () => {
  const client = shallowRef<ApiClient>();
  return { client };
});

export function useApi(): ApiClient {
  const holder = useApiHolder();
  return (holder.client ??= createClient());
}

export function provideApi(client: ApiClient): void {
  useApiHolder().client = client;
}
