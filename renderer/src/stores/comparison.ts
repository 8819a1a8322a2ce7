/**
 * The comparison of each open dump (its tab is the TARGET) with a baseline and optional final dump
 * chosen among the other open dumps ("Compare with…"), and the new objects the Comparison view
 * expands, per type or per leak group. Comparing runs in the target dump's worker.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiError } from '../../../shared/api';
import type { ComparisonMode, ComparisonObject, ComparisonSummary } from '../../../shared/compareApi';
import { useApi } from '../api';

export interface ObjectsPage {
  total: number;
  rows: ComparisonObject[];
  loading: boolean;
  error?: ApiError;
}

export const useComparisonStore = defineStore('comparison', () => {
  const byId = ref<Record<string, ComparisonSummary>>({});
  const loading = ref<Record<string, boolean>>({});
  const errors = ref<Record<string, ApiError | undefined>>({});
  /** Expanded lists, keyed by session then by "type:NAME" or "leak:INDEX". */
  const expanded = ref<Record<string, Record<string, ObjectsPage>>>({});

  async function compare(session: string, base: string, final: string | null, mode: ComparisonMode): Promise<void> {
    loading.value[session] = true;
    errors.value[session] = undefined;
    const result = await useApi().call('compareWith', { session, base, ...(final ? { final } : {}), mode });
    loading.value[session] = false;
    if (result.ok) {
      byId.value[session] = result.value;
      expanded.value[session] = {};
    } else errors.value[session] = result.error;
  }

  /** Expands (fetching the first page) or collapses one list. */
  async function toggle(session: string, what: { type: string } | { leak: number }): Promise<void> {
    const key = 'type' in what ? `type:${what.type}` : `leak:${what.leak}`;
    const lists = (expanded.value[session] ??= {});
    if (lists[key]) {
      delete lists[key];
      return;
    }
    lists[key] = { total: 0, rows: [], loading: true };
    const result = await useApi().call('comparisonObjects', { session, ...what, start: 0, count: 50 });
    const page = expanded.value[session]?.[key];
    if (!page) return; // collapsed meanwhile
    page.loading = false;
    if (result.ok) {
      page.total = result.value.total;
      page.rows = result.value.rows;
    } else page.error = result.error;
  }

  /** Which of these objects are new or survived since the baseline; empty without a comparison (or on failure). */
  async function statusesOf(session: string | null, addresses: number[]): Promise<Map<number, 'new' | 'survived'>> {
    const marks = new Map<number, 'new' | 'survived'>();
    if (!session || !byId.value[session] || addresses.length === 0) return marks;
    const result = await useApi().call('comparisonStatus', { session, addresses: addresses.slice(0, 2000) });
    if (result.ok) result.value.statuses.forEach((s, i) => s && marks.set(addresses[i], s));
    return marks;
  }

  function reset(session: string): void {
    delete byId.value[session];
    delete expanded.value[session];
    errors.value[session] = undefined;
  }

  return { byId, loading, errors, expanded, compare, toggle, statusesOf, reset };
});
