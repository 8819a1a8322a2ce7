/**
 * The app window, locked down as Electron's security checklist asks: context isolation, a
 * sandboxed renderer without Node, web security on, no navigation away from the bundled page, no
 * new windows, no permissions, no remote content (every http(s)/ws request is cancelled — the app
 * only ever loads its own files). Closing with unexported edits asks first: the renderer's
 * beforeunload handler blocks the unload, and `will-prevent-unload` turns that into a native dialog.
 */
import { BrowserWindow, dialog, session, type WebContents } from 'electron';
import { dirname, join } from 'node:path';

export interface WindowPaths {
  preload: string;
  rendererIndex: string;
}

/** Applied once to the default session: no permissions, no network. */
export function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) => callback({ cancel: true }));
}

/** Applied to every WebContents ever created (main window, devtools, anything unexpected). */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function createWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'heapscope',
    // The app icon, copied from renderer/public/ beside the bundled page.
    icon: join(dirname(paths.rendererIndex), 'icon.png'),
    show: false,
    webPreferences: {
      // Reviewed: the preload exposes only the typed API call, host events and a dropped file's path.
      preload: paths.preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would otherwise open links in new windows (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Close anyway', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Some what-if edits have not been exported.',
      detail: 'heapscope keeps them and restores them when you reopen the same dump, but the exported edit list or report is out of date.',
    });
    // preventDefault on this event lets the unload (the close) go ahead.
    if (choice === 0) event.preventDefault();
  });
  void win.loadFile(paths.rendererIndex);
  return win;
}
