/**
 * Electron main and preload wiring, tested on the built files (out/main/index.js,
 * out/preload/index.cjs) with the `electron` module mocked, since this machine has no Electron
 * binary: the window's security settings, navigation and new-window blocking, permissions and
 * network denied, the menu, IPC sender checks and argument validation, dumps named on the
 * command line, and a preload that exposes exactly the typed bridge.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../..');
const fixture = join(root, 'test/e2e/fixtures/two-cycle-2.7.jsonl');
const rendererUrl = 'app://heapscope/index.html';
const fileUrl = pathToFileURL(join(root, 'out/renderer/index.html')).href;

type Handler = (...args: unknown[]) => unknown;
const electron = vi.hoisted(() => {
  const state = {
    windows: [] as { options: Record<string, unknown>; webContents: Record<string, unknown>; loaded?: string; handlers: Record<string, Handler> }[],
    app: {} as Record<string, Handler>,
    ipcHandle: {} as Record<string, Handler>,
    ipcOn: {} as Record<string, Handler>,
    menu: undefined as unknown,
    permission: undefined as Handler | undefined,
    beforeRequest: undefined as { filter: { urls: string[] }; fn: Handler } | undefined,
    devicePermission: undefined as Handler | undefined,
    sessionOn: {} as Record<string, Handler>,
    privileged: [] as unknown[],
    protocolHandlers: {} as Record<string, Handler>,
    singleInstance: 0,
    messageBoxes: [] as Record<string, unknown>[],
    reloaded: 0,
    sent: [] as unknown[][],
    /** The button the mocked close prompt answers with: 0 = Close anyway, 1 = Cancel. */
    closeChoice: 1,
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const handlers: Record<string, Handler> = {};
      this.webContents = {
        on: (name: string, fn: Handler) => (handlers[name] = fn),
        setWindowOpenHandler: (fn: Handler) => (handlers.windowOpen = fn),
        send: (...args: unknown[]) => electron.sent.push(args),
        reload: () => electron.reloaded++,
      };
      electron.windows.push({ options, webContents: this.webContents, handlers });
    }
    once(): void {}
    on(): void {}
    show(): void {}
    isDestroyed(): boolean {
      return false;
    }
    isMinimized(): boolean {
      return false;
    }
    restore(): void {}
    focus(): void {}
    close(): void {}
    loadURL(url: string): Promise<void> {
      electron.windows.at(-1)!.loaded = url;
      return Promise.resolve();
    }
    static getAllWindows = () => electron.windows;
  }
  return {
    app: {
      whenReady: () => Promise.resolve(),
      on: (name: string, fn: Handler) => (electron.app[name] = fn),
      getPath: () => mkdtempSync(join(tmpdir(), 'heapscope-userdata-')),
      getVersion: () => '0.1.0',
      isPackaged: false,
      quit: () => {},
      requestSingleInstanceLock: () => (electron.singleInstance++, true),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => electron.privileged.push(...schemes),
      handle: (scheme: string, fn: Handler) => (electron.protocolHandlers[scheme] = fn),
    },
    BrowserWindow,
    ipcMain: {
      handle: (channel: string, fn: Handler) => (electron.ipcHandle[channel] = fn),
      on: (channel: string, fn: Handler) => (electron.ipcOn[channel] = fn),
    },
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showMessageBox: async () => ({}),
      showMessageBoxSync: (_w: unknown, options: Record<string, unknown>) => (electron.messageBoxes.push(options), electron.closeChoice),
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => (electron.menu = m) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Handler) => (electron.permission = fn),
        setPermissionCheckHandler: () => {},
        setDevicePermissionHandler: (fn: Handler) => (electron.devicePermission = fn),
        on: (name: string, fn: Handler) => (electron.sessionOn[name] = fn),
        webRequest: { onBeforeRequest: (filter: { urls: string[] }, fn: Handler) => (electron.beforeRequest = { filter, fn }) },
      },
    },
  };
});

beforeAll(async () => {
  if (!existsSync(join(root, 'out/main/index.js'))) throw new Error('out/main/index.js is missing: run `npm run build` first (npm test does)');
  process.argv = [process.argv[0], root, fixture];
  // A computed specifier: the built file has no type declarations, and none are needed here.
  const builtMain = '../../out/main/index.js';
  await import(/* @vite-ignore */ builtMain);
  await new Promise((r) => setTimeout(r, 50));
});

afterAll(() => electron.app['before-quit']?.()); // closes the engine workers main started

const win = () => electron.windows[0];
const ourSender = () => ({ sender: win().webContents, senderFrame: { url: rendererUrl, parent: null } });
const call = (event: unknown, method: unknown, request: unknown) => electron.ipcHandle['heapscope:call'](event, method, request) as Promise<{ ok: boolean; error?: { code: string } }>;

describe('Electron main (built, electron mocked)', () => {
  it('creates one locked-down window on the bundled page', () => {
    expect(electron.windows).toHaveLength(1);
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, allowRunningInsecureContent: false });
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(String(prefs.preload)).toMatch(/out\/preload\/index\.cjs$/);
    expect(win().loaded).toBe('app://heapscope/index.html');
  });

  it('serves the page from a privileged app:// scheme, not file://, and only the renderer build', async () => {
    expect(electron.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    const serve = electron.protocolHandlers.app as (r: Request) => Promise<Response>;
    const page = await serve(new Request('app://heapscope/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect((await serve(new Request('app://heapscope/../main/index.js'))).status).not.toBe(200);
    expect((await serve(new Request('app://heapscope/%2e%2e/main/index.js'))).status).not.toBe(200);
    expect((await serve(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('takes the single-instance lock and opens a second start\'s dumps in this window', async () => {
    expect(electron.singleInstance).toBe(1);
    const before = electron.sent.filter((s) => (s[1] as { type?: string })?.type === 'opened').length;
    electron.app['second-instance']({}, [process.argv[0], root, fixture]);
    await vi.waitFor(() => expect(electron.sent.filter((s) => (s[1] as { type?: string })?.type === 'opened').length).toBe(before + 1));
  });

  it('offers Reload when the page process dies, instead of a blank window', () => {
    const gone = win().handlers['render-process-gone'];
    electron.closeChoice = 0;
    gone({}, { reason: 'crashed', exitCode: 139 });
    expect(electron.messageBoxes.at(-1)).toMatchObject({ buttons: ['Reload', 'Close'], detail: expect.stringMatching(/crashed, exit code 139/) });
    expect(electron.reloaded).toBe(1);
    gone({}, { reason: 'clean-exit', exitCode: 0 });
    expect(electron.reloaded).toBe(1);
  });

  it('refuses devices: permission handler and HID, serial, USB and Bluetooth choosers', () => {
    expect(electron.devicePermission!({ deviceType: 'hid' })).toBe(false);
    for (const [name, args] of [
      ['select-hid-device', [{}]],
      ['select-serial-port', [[], {}]],
      ['select-usb-device', [{}]],
    ] as const) {
      const event = { preventDefault: vi.fn() };
      const callback = vi.fn();
      electron.sessionOn[name](event, ...args, callback);
      expect(event.preventDefault).toHaveBeenCalled();
      expect(callback).toHaveBeenCalledTimes(1);
      expect(callback.mock.calls[0][0] ?? '').toBe('');
    }
  });

  it('blocks navigation, redirects, webviews, new windows and Bluetooth choosers for every WebContents', () => {
    const handlers: Record<string, Handler> = {};
    const contents = { on: (n: string, fn: Handler) => (handlers[n] = fn), setWindowOpenHandler: (fn: Handler) => (handlers.open = fn) };
    electron.app['web-contents-created']({}, contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      handlers[name](event, 'https://evil.example');
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(handlers.open({ url: 'https://evil.example' })).toEqual({ action: 'deny' });
    const bt = { preventDefault: vi.fn() };
    const chosen = vi.fn();
    handlers['select-bluetooth-device'](bt, [{ deviceId: 'x' }], chosen);
    expect(bt.preventDefault).toHaveBeenCalled();
    expect(chosen).toHaveBeenCalledWith('');
  });

  it('denies every permission and cancels all network requests', () => {
    const decided = vi.fn();
    electron.permission!({}, 'media', decided);
    expect(decided).toHaveBeenCalledWith(false);
    expect(electron.beforeRequest!.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*']));
    const answer = vi.fn();
    electron.beforeRequest!.fn({ url: 'https://example.com' }, answer);
    expect(answer).toHaveBeenCalledWith({ cancel: true });
  });

  it('asks before closing while the page holds unexported edits (beforeunload → will-prevent-unload)', () => {
    const prompt = win().handlers['will-prevent-unload'];
    const cancel = { preventDefault: vi.fn() };
    electron.closeChoice = 1;
    prompt(cancel);
    expect(cancel.preventDefault).not.toHaveBeenCalled(); // the window stays open
    const closeAnyway = { preventDefault: vi.fn() };
    electron.closeChoice = 0;
    prompt(closeAnyway);
    expect(closeAnyway.preventDefault).toHaveBeenCalled(); // lets the unload go ahead
  });

  it('has File › Open…, Open Recent, Demo Heaps and Close Dump', () => {
    const file = (electron.menu as { label?: string; submenu?: { label?: string }[] }[]).find((m) => m.label === 'File');
    expect(file?.submenu?.map((i) => i.label).filter(Boolean)).toEqual(expect.arrayContaining(['Open…', 'Open Recent', 'Demo Heaps', 'Close Dump']));
  });

  it('answers IPC only from its own window showing the bundled page', async () => {
    expect(await call({ ...ourSender(), senderFrame: { url: 'https://evil.example/', parent: null } }, 'ping', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The old file:// page is not ours any more.
    expect(await call({ ...ourSender(), senderFrame: { url: fileUrl, parent: null } }, 'ping', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call({ ...ourSender(), senderFrame: { url: rendererUrl, parent: {} } }, 'ping', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call({ sender: {}, senderFrame: { url: rendererUrl, parent: null } }, 'ping', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(ourSender(), 'ping', {})).toEqual({ ok: true, value: { app: 'heapscope', version: '0.1.0', mode: 'electron' } });
  });

  it('validates IPC arguments and opens only files the user named', async () => {
    expect(await call(ourSender(), 42, {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await call(ourSender(), 'setRules', { session: 'x', rules: 'evil' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const other = join(root, 'test/e2e/fixtures/corrupt.jsonl');
    expect(await call(ourSender(), 'openDump', { path: other })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    electron.ipcOn['heapscope:named'](ourSender(), other); // what the preload sends for a dropped file
    expect(await call(ourSender(), 'openDump', { path: other })).toMatchObject({ ok: true });
  });

  it('opens dumps named on the command line and tells the window', async () => {
    await vi.waitFor(() => expect(electron.sent.some((s) => s[0] === 'heapscope:event' && (s[1] as { type: string }).type === 'opened')).toBe(true));
    const listed = (await call(ourSender(), 'listSessions', {})) as unknown as { value: { sessions: { title: string }[] } };
    expect(listed.value.sessions.map((s) => s.title)).toContain('two-cycle-2.7.jsonl');
  });
});

describe('preload (built)', () => {
  it('exposes exactly call, onEvent and pathForFile, over the two heapscope channels', () => {
    const exposed: Record<string, Record<string, Handler>> = {};
    const ipc = { invoke: vi.fn(async () => 'answer'), on: vi.fn(), removeListener: vi.fn(), send: vi.fn() };
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, Handler>) => (exposed[key] = api) },
      ipcRenderer: ipc,
      webUtils: { getPathForFile: () => '/home/u/heap.jsonl' },
    };
    const code = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8');
    new Function('require', 'module', 'exports', code)((name: string) => (name === 'electron' ? fakeElectron : undefined), { exports: {} }, {});
    expect(Object.keys(exposed)).toEqual(['heapscope']);
    expect(Object.keys(exposed.heapscope).sort()).toEqual(['call', 'onEvent', 'pathForFile']);
    void exposed.heapscope.call('ping', {});
    expect(ipc.invoke).toHaveBeenCalledWith('heapscope:call', 'ping', {});
    expect(exposed.heapscope.pathForFile({})).toBe('/home/u/heap.jsonl');
    expect(ipc.send).toHaveBeenCalledWith('heapscope:named', '/home/u/heap.jsonl');
    const off = exposed.heapscope.onEvent(() => {}) as () => void;
    expect(ipc.on).toHaveBeenCalledWith('heapscope:event', expect.any(Function));
    off();
    expect(ipc.removeListener).toHaveBeenCalled();
  });
});
