/**
 * Ctrl+Z / Ctrl+Shift+Z (⌘ on macOS; Ctrl+Y too) undo and redo what-if edits while an explore
 * view is shown. Ignored while typing in a field, so text inputs keep their own undo.
 */
import { onBeforeUnmount, onMounted } from 'vue';
import { useEditsStore } from '../../stores/edits';

export function isUndoKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): 'undo' | 'redo' | null {
  if (!(e.ctrlKey || e.metaKey)) return null;
  const k = e.key.toLowerCase();
  if (k === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (k === 'y') return 'redo';
  return null;
}

export function useEditShortcuts(): void {
  const edits = useEditsStore();
  const onKey = (e: KeyboardEvent): void => {
    const t = e.target as HTMLElement | null;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
    const action = isUndoKey(e);
    if (!action || edits.busy) return;
    e.preventDefault();
    if (action === 'undo' && edits.canUndo) void edits.undo();
    if (action === 'redo' && edits.canRedo) void edits.redo();
  };
  onMounted(() => document.addEventListener('keydown', onKey));
  onBeforeUnmount(() => document.removeEventListener('keydown', onKey));
}
