/**
 * The comparison of each open dump (its tab is the TARGET) with a baseline and optional final dump
 * ("Compare with…"): another open dump, or a file, which `compareChoice` opens in a tab beside
 * (its progress is that tab's, its load error becomes the comparison's) before comparing. Also the
 * new objects the Comparison view expands, per type or per leak group. Comparing runs in the
 * target dump's worker.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiError } from '../../../shared/api';
import type { ComparisonMode, ComparisonObject, ComparisonSummary } from '../../../shared/compareApi';
import { useApi } from '../api';
import { useSessionsStore } from './sessions';

/** A baseline or final dump as the picker names it: an open dump's session, or a file to open. */
export type DumpChoice = { session: string } | { path: string };
export type CompareRole = 'baseline' | 'final';

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
  /** The tab of a file being opened for the comparison, by target session. */
  const opening = ref<Record<string, { role: CompareRole; tab: string } | undefined>>({});
  /** Where the comparison came from, when not from the picker (a captured series), by target session. */
  const origins = ref<Record<string, string | undefined>>({});

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

  /** Resolves a choice to an open dump's session, opening a file beside (not shown); an error names the role. */
  async function resolve(session: string, role: CompareRole, choice: DumpChoice): Promise<string | null> {
    if ('session' in choice) return choice.session;
    // Its tab's progress is shown in the view while it loads.
    const opened = await useSessionsStore().openBeside({ path: choice.path }, (tab) => (opening.value[session] = { role, tab }));
    opening.value[session] = undefined;
    const name = choice.path.split(/[\\/]/).pop() || choice.path;
    const what = `The ${role} dump ${name}`;
    if ('error' in opened) {
      errors.value[session] = { ...opened.error, message: `${what} could not be opened: ${opened.error.message}` };
      return null;
    }
    if (opened.status.state !== 'ready') {
      const e = opened.status.error ?? { code: 'CANCELLED' as const, message: 'opening was cancelled' };
      errors.value[session] = { ...e, message: `${what} could not be opened: ${e.message}` };
      return null;
    }
    if (opened.status.session === session) {
      errors.value[session] = { code: 'BAD_REQUEST', message: `${what} is this dump itself: choose another one` };
      return null;
    }
    return opened.status.session;
  }

  /** "Compare" in the picker: opens the files among the choices, then compares. */
  async function compareChoice(session: string, base: DumpChoice, final: DumpChoice | null, mode: ComparisonMode): Promise<void> {
    errors.value[session] = undefined;
    origins.value[session] = undefined;
    loading.value[session] = true;
    const baseId = await resolve(session, 'baseline', base);
    const finalId = baseId && final ? await resolve(session, 'final', final) : null;
    loading.value[session] = false;
    if (!baseId || (final && !finalId)) return;
    await compare(session, baseId, finalId, mode);
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
    origins.value[session] = undefined;
  }

  return { byId, loading, errors, expanded, opening, origins, compare, compareChoice, toggle, statusesOf, reset };
});
