/**
 * What-if edits of the active dump: the edit list, undo/redo, revert, exports, the verdict after
 * the edits and the last delta (the delta panel and the graph's changed-node highlight read it).
 * `revision` is the sessions store's revision of the active dump: bumped here after every edit
 * (so the Overview refetches too) and by a rule switch; explore views watch it to refetch.
 * `saveError` is the host's word on why the history is not on disk (read-only or full data folder,
 * another window owns the dump): the status line shows it; it clears once a save succeeds.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { DeltaDto, EditResponse, EditSpec, EditStepDto, VerdictDto } from '../../../shared/exploreApi';
import { useNavigationStore } from './navigation';
import { useSelectionStore } from './selection';
import { useSessionsStore } from './sessions';

export const useEditsStore = defineStore('edits', () => {
  const selection = useSelectionStore();
  const nav = useNavigationStore();
  const steps = shallowRef<EditStepDto[]>([]);
  const redoable = ref(0);
  const verdict = shallowRef<VerdictDto | null>(null);
  const delta = shallowRef<DeltaDto | null>(null);
  /**
   * The object selected when the last edit (not an undo, redo or revert) was made: the inspector
   * shows the delta only while that object is still the one inspected, so it never goes stale.
   */
  const deltaAt = ref<number | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const saveError = ref<string | null>(null);
  const sessions = useSessionsStore();
  const revision = computed(() => (nav.activeSession ? sessions.revision(nav.activeSession) : 0));

  /** Addresses whose fate the last change altered (highlighted in the graph). */
  const changed = computed(() => new Set((delta.value?.changed ?? []).map((c) => c.address)));
  const canUndo = computed(() => steps.value.length > 0);
  const canRedo = computed(() => redoable.value > 0);

  function take(r: EditResponse, keepDelta = false): void {
    steps.value = r.edits;
    redoable.value = r.redoable;
    verdict.value = r.verdict;
    saveError.value = r.saved === false ? (r.saveError ?? 'the edits are not saved') : null;
    if (!keepDelta) {
      delta.value = r.delta ?? null;
      deltaAt.value = null;
    }
  }

  async function run(work: () => Promise<EditResponse>, keepDelta = false): Promise<boolean> {
    busy.value = true;
    try {
      take(await work(), keepDelta);
      error.value = null;
      const session = nav.activeSession;
      if (!keepDelta && session) {
        sessions.bump(session);
        void sessions.refresh();
      }
      return true;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function apply(edit: EditSpec): Promise<boolean> {
    const at = selection.address;
    const ok = await run(() => selection.call('applyEdit', { edit }));
    if (ok) deltaAt.value = at;
    return ok;
  }
  const breakEdge = (edge: number): Promise<boolean> => apply({ kind: 'drop-ref', edge });
  const undo = (): Promise<boolean> => run(() => selection.call('undoEdit', {}));
  const redo = (): Promise<boolean> => run(() => selection.call('redoEdit', {}));
  const revert = (step: number): Promise<boolean> => run(() => selection.call('revertEdit', { step }));
  const load = (): Promise<boolean> => run(() => selection.call('listEdits', {}), true);

  async function exportEdits(): Promise<{ fileName: string; text: string }> {
    const r = await selection.call('exportEdits', {});
    return { fileName: r.fileName, text: r.json };
  }
  const exportReport = (format: 'markdown' | 'text'): Promise<{ fileName: string; text: string }> => selection.call('exportReport', { format });

  // A rule switch or an edit changes fates: reload the verdict (keeping the delta) and the inspector.
  watch(revision, () => {
    void load();
    void selection.refresh();
  });

  watch(
    () => nav.activeSession,
    () => {
      steps.value = [];
      redoable.value = 0;
      verdict.value = null;
      delta.value = null;
      saveError.value = null;
      error.value = null;
    },
    { immediate: true },
  );
  // A dump's edits can be listed once it is ready: a tab reopened from Recent files is still
  // loading when it becomes active, and its saved history must show when the load ends.
  watch(
    () => [nav.activeSession, sessions.active?.session === nav.activeSession ? sessions.active?.state : undefined] as const,
    ([s, state]) => {
      if (s && (state === undefined || state === 'ready')) void load();
    },
    { immediate: true },
  );

  return { steps, redoable, verdict, delta, deltaAt, busy, error, saveError, revision, changed, canUndo, canRedo, apply, breakEdge, undo, redo, revert, load, exportEdits, exportReport };
});
