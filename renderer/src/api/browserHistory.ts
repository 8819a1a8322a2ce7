/**
 * Serve mode: the app's navigation history mirrored into the browser's, so its Back and Forward
 * buttons (and Alt+← / Alt+→) walk the app's places instead of leaving the page. Each app entry is
 * a same-document history entry with the same URL (the token stays as it is) and its index in the
 * state; popstate tells which way the user went. Electron has no browser chrome: it is not used
 * there. The only code besides the API client that touches `window`.
 */
import type { HistoryMirror } from '../stores/navigation';

const key = 'heapscopeHistory';

export function browserHistoryMirror(steps: { back(): void; forward(): void }): HistoryMirror {
  const indexOf = (state: unknown): number | undefined => {
    const v = (state as Record<string, unknown> | null)?.[key];
    return typeof v === 'number' ? v : undefined;
  };
  let index = indexOf(window.history.state) ?? 0;
  window.history.replaceState({ ...(window.history.state as object | null), [key]: index }, '');
  window.addEventListener('popstate', (event) => {
    const to = indexOf(event.state);
    if (to === undefined) return;
    for (; index > to; index--) steps.back();
    for (; index < to; index++) steps.forward();
  });
  return {
    push() {
      index++;
      window.history.pushState({ [key]: index }, '');
    },
    back: () => window.history.back(),
    forward: () => window.history.forward(),
  };
}
