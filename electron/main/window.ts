/**
 * The app window, locked down as Electron's security checklist asks: context isolation, a
 * sandboxed renderer without Node, web security on, the page from its own privileged origin
 * (app://heapscope, appProtocol.ts) rather than file://, no navigation away from it, no new
 * windows, no permissions and no devices (HID, serial, USB, Bluetooth), no remote content (every
 * http(s)/ws request is cancelled). Closing with unexported edits asks first: the renderer's
 * beforeunload handler blocks the unload, and `will-prevent-unload` turns that into a native
 * dialog. A crashed page is not left blank: `render-process-gone` offers Reload.
 */
import { BrowserWindow, dialog, session, type WebContents } from 'electron';
import { join } from 'node:path';
import { APP_INDEX_URL } from './appProtocol.js';

export interface WindowPaths {
  preload: string;
  /** The renderer build (the app icon sits beside its page). */
  rendererDir: string;
}

/** Applied once to the default session: no permissions, no devices, no network. */
export function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // A device chooser answered with no device: the page gets nothing, and no prompt appears.
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.on('select-serial-port', (event, _ports, _wc, callback) => {
    event.preventDefault();
    callback('');
  });
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'] }, (_details, callback) => callback({ cancel: true }));
}

/** Applied to every WebContents ever created (main window, devtools, anything unexpected). */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}

export function createWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'heapscope',
    // The app icon, copied from renderer/public/ beside the bundled page.
    icon: join(paths.rendererDir, 'icon.png'),
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
  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || win.isDestroyed()) return;
    const choice = dialog.showMessageBoxSync(win, {
      type: 'error',
      buttons: ['Reload', 'Close'],
      defaultId: 0,
      cancelId: 1,
      message: 'The heapscope window stopped working.',
      detail: `Its page process ended (${details.reason}, exit code ${details.exitCode}). Open dumps and saved edits are kept: Reload shows them again.`,
    });
    if (choice === 0) win.webContents.reload();
    else win.close();
  });
  void win.loadURL(APP_INDEX_URL);
  return win;
}
