/**
 * Electron main: app lifecycle, the window, the menu and dialogs, IPC → the engine host. Engine
 * work runs in worker threads (electron/host/EngineHost), one per open dump, so the window never
 * freezes and a crashed worker only fails its own tab. The same ApiRouter serves serve mode.
 *
 * Command line (after the app path): dump files to open, and `--demo ID|default` (what
 * `npm start` passes: the article's two-object cycle).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol } from 'electron';
import { basename, join } from 'node:path';
import type { HostEvent, PickPurpose } from '../../shared/api.js';
import { EngineHost } from '../host/EngineHost.js';
import { FilePolicy, createApiRouter, type ApiHandler } from '../host/ApiRouter.js';
import { RecentFiles } from '../host/RecentFiles.js';
import { CaptureService, capturesDir } from '../host/CaptureService.js';
import { dumperText } from '../cli/dumper.js';
import { defaultDemo, loadDemos } from '../host/demos.js';
import { mainOutDir } from '../host/paths.js';
import { createWindow, lockDownContents, lockDownSession } from './window.js';
import { menuTemplate } from './menu.js';
import { registerIpc } from './ipc.js';
import { APP_INDEX_URL, APP_SCHEME, appSchemePrivileges, serveAppRequest } from './appProtocol.js';

const mainDir = mainOutDir(import.meta.dirname);
const paths = {
  preload: join(mainDir, '../preload/index.cjs'),
  rendererDir: join(mainDir, '../renderer'),
};

/** Dump paths and `--demo` from the command line. */
export function parseAppArgs(argv: string[]): { dumps: string[]; demo?: string } {
  const out: { dumps: string[]; demo?: string } = { dumps: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--demo=')) out.demo = arg.slice('--demo='.length);
    else if (arg === '--demo') out.demo = argv[++i];
    else if (!arg.startsWith('-')) out.dumps.push(arg);
  }
  return out;
}

/** Everything main holds lives in this closure (one app, one window): no module-level state. */
function start(): void {
  let win: BrowserWindow | null = null;
  const send = (event: HostEvent): void => win?.webContents.send('heapscope:event', event);
  const dataDir = app.getPath('userData');
  const host = new EngineHost({ workerPath: join(mainDir, 'worker.js'), dataDir });
  const policy = new FilePolicy(false);
  const recent = new RecentFiles(dataDir, () => buildMenu());
  const demos = loadDemos(join(mainDir, '../../electron/demo-heaps'));

  const titles: Record<PickPurpose, string> = { open: 'Open a heap dump', baseline: 'Choose the baseline dump (the earlier one)', final: 'Choose the final dump (the latest one)' };
  const pickDump = async (purpose: PickPurpose = 'open'): Promise<string | null> => {
    const options = {
      title: titles[purpose],
      properties: ['openFile' as const],
      filters: [
        { name: 'heapscope dumps', extensions: ['jsonl', 'gz'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };

  const captures = new CaptureService({
    dir: capturesDir(dataDir),
    dumperSource: dumperText,
    open: (path) => {
      policy.allow(path);
      return host.open(path, { path }, basename(path));
    },
  });
  const api: ApiHandler = createApiRouter({ mode: 'electron', version: app.getVersion(), host, policy, demos, recent, pickDump, captures });

  const openFromMain = async (request: { path: string } | { demo: string }): Promise<void> => {
    if ('path' in request) policy.allow(request.path);
    const result = await api('openDump', request);
    if (result.ok) send({ type: 'opened', session: (result.value as { session: string }).session });
    else if (win) void dialog.showMessageBox(win, { type: 'error', message: 'The dump could not be opened', detail: result.error.message });
  };

  const buildMenu = (): void => {
    const template = menuTemplate(
      recent.list(),
      demos.map(({ id, title, description, python }) => ({ id, title, description, python })),
      {
        open: () => void pickDump().then((path) => (path ? openFromMain({ path }) : undefined)),
        openRecent: (path) => void openFromMain({ path }),
        openDemo: (id) => void openFromMain({ demo: id }),
        close: () => send({ type: 'menu', action: 'close' }),
        capture: () => send({ type: 'menu', action: 'capture' }),
        quit: () => app.quit(),
      },
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, paths.rendererDir));
  registerIpc({ ipcMain, api, policy, pageUrl: APP_INDEX_URL, isOurContents: (wc) => win !== null && wc === win.webContents });
  lockDownSession();
  buildMenu();
  win = createWindow(paths);
  win.on('closed', () => (win = null));

  // A second `heapscope` start hands its dumps to this window (one app, one writer of histories).
  app.on('second-instance', (_event, argv) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    for (const dump of parseAppArgs(argv.slice(app.isPackaged ? 1 : 2)).dumps) void openFromMain({ path: dump });
  });

  const args = parseAppArgs(process.argv.slice(app.isPackaged ? 1 : 2));
  for (const dump of args.dumps) void openFromMain({ path: dump });
  if (args.demo) {
    const demo = args.demo === 'default' ? defaultDemo(demos) : demos.find((d) => d.id === args.demo);
    if (demo) void openFromMain({ demo: demo.id });
  }
  app.on('before-quit', () => void host.closeAll());
}

// Before ready: app:// is a standard, secure origin for the page (appProtocol.ts).
protocol.registerSchemesAsPrivileged([appSchemePrivileges]);
if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it received our arguments through 'second-instance'.
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  void app.whenReady().then(start);
  app.on('window-all-closed', () => app.quit());
}
