/**
 * Open dumps, one tab each: opening (from a demo, a path, a dropped or uploaded file, the native
 * dialog), load progress by polling `openStatus`, cancel, close, reopen after a failure or a
 * worker crash, and the lists the open dialog shows (demos, recent files).
 *
 * Other stores and views read `activeId` (the dump shown) and `revision(id)`, a counter bumped
 * whenever the dump's simulation changes (rules switched, edits made): watch it to refetch.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiError, DemoInfo, DumpSource, HostEvent, OpenStatus, PickPurpose, RecentFile } from '../../../shared/api';
import { useApi } from '../api';
import { useNavigationStore } from './navigation';
import { browserHistoryMirror } from '../api/browserHistory';
import { useCaptureStore } from './capture';

function sameSource(a: DumpSource, b: DumpSource): boolean {
  if ('demo' in a || 'demo' in b) return 'demo' in a && 'demo' in b && a.demo === b.demo;
  return a.path === b.path;
}

/** How often a loading dump's progress is asked for. */
const pollMs = 120;

export const useSessionsStore = defineStore('sessions', () => {
  const tabs = ref<OpenStatus[]>([]);
  const activeId = ref<string | null>(null);
  const demos = ref<DemoInfo[]>([]);
  const recent = ref<RecentFile[]>([]);
  const mode = ref<'electron' | 'serve' | null>(null);
  const version = ref('');
  /** Why the last open request was refused before any loading started (shown in the open dialog). */
  const openError = ref<ApiError | null>(null);
  const dialogOpen = ref(false);
  /** True once init() knows which dumps are open: until then the shell shows neither the start page nor a tab. */
  const started = ref(false);
  const revisions = ref<Record<string, number>>({});

  const active = computed(() => tabs.value.find((t) => t.session === activeId.value) ?? null);
  const unexportedEdits = computed(() => tabs.value.reduce((sum, t) => sum + (t.unexportedEdits ?? 0), 0));

  function revision(id: string): number {
    return revisions.value[id] ?? 0;
  }

  /** Marks the dump's simulation as changed (rules, edits); statuses are re-read for the close guard. */
  function bump(id: string): void {
    revisions.value[id] = revision(id) + 1;
    void refresh();
  }

  function activate(id: string | null): void {
    activeId.value = id;
    useNavigationStore().activate(id);
  }

  function upsert(status: OpenStatus, replacing?: string): void {
    const at = tabs.value.findIndex((t) => t.session === (replacing ?? status.session));
    if (at >= 0) tabs.value.splice(at, 1, status);
    else tabs.value.push(status);
  }

  async function poll(id: string): Promise<void> {
    const api = useApi();
    for (;;) {
      const result = await api.call('openStatus', { session: id });
      if (!result.ok) return;
      if (!tabs.value.some((t) => t.session === id)) return; // closed meanwhile
      upsert(result.value);
      if (result.value.state !== 'loading') {
        if (result.value.state === 'ready') void loadLists();
        return;
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }

  /**
   * Opens a dump in a new tab (or in place of `replacing`) and follows its progress. `background`
   * (a baseline opened from the Comparison view) leaves the active tab and the open dialog alone;
   * `onTab` hears the tab's id as soon as it exists.
   */
  async function open(source: DumpSource, replacing?: string, options: { background?: boolean; onTab?: (id: string) => void } = {}): Promise<string | null> {
    openError.value = null;
    const show = (id: string): void => {
      options.onTab?.(id);
      if (options.background) return;
      activate(id);
      dialogOpen.value = false;
    };
    // The same file (or demo) opened again: show its tab rather than a second identical one.
    const same = replacing ? undefined : tabs.value.find((t) => (t.state === 'ready' || t.state === 'loading') && sameSource(t.source, source));
    if (same) {
      show(same.session);
      return same.session;
    }
    const result = await useApi().call('openDump', source);
    if (!result.ok) {
      openError.value = result.error;
      return null;
    }
    const id = result.value.session;
    const title = 'demo' in source ? source.demo : source.path.split(/[\\/]/).pop() || source.path;
    upsert({ session: id, state: 'loading', phase: 'starting', bytesRead: 0, totalBytes: 0, objects: 0, unexportedEdits: 0, source, title }, replacing);
    show(id);
    await poll(id);
    return id;
  }

  /** Opens a dump without showing it (the Comparison view's baseline or final dump); its status once settled, or the refusal. */
  async function openBeside(source: DumpSource, onTab?: (id: string) => void): Promise<{ status: OpenStatus } | { error: ApiError }> {
    const id = await open(source, undefined, { background: true, onTab });
    // Already open and still loading: its own poll is under way; wait for it to settle.
    while (id && tabs.value.find((t) => t.session === id)?.state === 'loading') await new Promise((r) => setTimeout(r, pollMs));
    const status = id ? tabs.value.find((t) => t.session === id) : undefined;
    if (status) return { status };
    const error = openError.value ?? { code: 'INTERNAL' as const, message: 'the dump did not open' };
    openError.value = null; // the open dialog's message, not this one
    return { error };
  }

  /** Electron's native dialog, for a path only (the Comparison view opens it itself); null when cancelled or refused. */
  async function pickPath(purpose: PickPurpose): Promise<{ path: string | null } | { error: ApiError }> {
    const picked = await useApi().call('pickDump', { purpose });
    return picked.ok ? { path: picked.value.path } : { error: picked.error };
  }

  async function openFile(file: File): Promise<string | null> {
    openError.value = null;
    const path = await useApi().pathForFile(file);
    if (!path.ok) {
      openError.value = path.error;
      return null;
    }
    return open({ path: path.value.path });
  }

  /** Electron's native dialog; serve mode has none (the open dialog offers a path field and upload). */
  async function pick(): Promise<string | null> {
    const picked = await useApi().call('pickDump', {});
    if (!picked.ok) {
      openError.value = picked.error;
      return null;
    }
    return picked.value.path ? open({ path: picked.value.path }) : null;
  }

  async function cancel(id: string): Promise<void> {
    await useApi().call('cancelOpen', { session: id });
  }

  async function close(id: string): Promise<void> {
    const at = tabs.value.findIndex((t) => t.session === id);
    if (at < 0) return;
    await useApi().call('closeDump', { session: id });
    tabs.value.splice(at, 1);
    useNavigationStore().forget(id);
    if (activeId.value === id) activate(tabs.value[Math.min(at, tabs.value.length - 1)]?.session ?? null);
    updateLeaveGuard();
  }

  /** After a failure or crash: open the same source again in the same tab. */
  async function reopen(id: string): Promise<void> {
    const tab = tabs.value.find((t) => t.session === id);
    if (!tab) return;
    await useApi().call('closeDump', { session: id });
    await open(tab.source, id);
  }

  async function loadLists(): Promise<void> {
    const api = useApi();
    const [d, r] = await Promise.all([api.call('listDemos', {}), api.call('recentFiles', {})]);
    if (d.ok) demos.value = d.value.demos;
    if (r.ok) recent.value = r.value.files;
  }

  /** Re-reads every session's status (unexported edits, crashes) and updates the close guard. */
  async function refresh(): Promise<void> {
    const listed = await useApi().call('listSessions', {});
    if (!listed.ok) return;
    for (const status of listed.value.sessions) if (tabs.value.some((t) => t.session === status.session)) upsert(status);
    updateLeaveGuard();
  }

  function updateLeaveGuard(): void {
    useApi().setLeaveGuard(unexportedEdits.value > 0);
  }

  function onHostEvent(event: HostEvent): void {
    if (event.type === 'opened') void adopt(event.session);
    else if (event.action === 'open') dialogOpen.value = true;
    else if (event.action === 'close' && activeId.value) void close(activeId.value);
    else if (event.action === 'capture') useCaptureStore().show();
  }

  /** Takes over a session the host opened by itself (command line, Electron menu). */
  async function adopt(id: string): Promise<void> {
    const status = await useApi().call('openStatus', { session: id });
    if (!status.ok) return;
    upsert(status.value);
    activate(id);
    await poll(id);
  }

  /** First call after mount: who we are, sessions opened before the page loaded, lists, events. */
  async function init(): Promise<void> {
    const api = useApi();
    const ping = await api.call('ping', {});
    if (ping.ok) {
      mode.value = ping.value.mode;
      version.value = ping.value.version;
    }
    // The browser's Back and Forward walk the app's history (serve mode has a browser around it).
    if (mode.value === 'serve' && typeof window !== 'undefined' && window.history) {
      const nav = useNavigationStore();
      nav.useHistoryMirror(browserHistoryMirror({ back: nav.back, forward: nav.forward }));
    }
    api.onEvent(onHostEvent);
    const listed = await api.call('listSessions', {});
    if (listed.ok) {
      for (const status of listed.value.sessions) upsert(status);
      const last = [...listed.value.sessions].reverse().find((s) => s.state !== 'failed') ?? listed.value.sessions.at(-1);
      if (last && !activeId.value) activate(last.session);
      for (const status of listed.value.sessions) if (status.state === 'loading') void poll(status.session);
    }
    started.value = true;
    await loadLists();
  }

  return {
    tabs,
    activeId,
    active,
    demos,
    recent,
    mode,
    version,
    openError,
    dialogOpen,
    started,
    unexportedEdits,
    revision,
    bump,
    activate,
    open,
    openBeside,
    pickPath,
    openFile,
    pick,
    cancel,
    close,
    reopen,
    adopt,
    refresh,
    loadLists,
    init,
  };
});
