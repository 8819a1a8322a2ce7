/**
 * Electron main: app lifecycle and the window only. Engine work happens in worker threads
 * (electron/host); IPC arguments are validated before they reach it.
 */
import { app, BrowserWindow, ipcMain, shell } from 'electron';
import { join } from 'node:path';
import type { ApiResult } from '../../shared/api.js';

const preload = join(import.meta.dirname, '../preload/index.cjs');
const rendererIndex = join(import.meta.dirname, '../renderer/index.html');

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'heapscope',
    webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  });
  // No navigation away from the app and no new windows: links open in the system browser.
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadFile(rendererIndex);
  return win;
}

ipcMain.handle('heapscope:call', (event, method: unknown): ApiResult<unknown> => {
  if (event.senderFrame?.url && !event.senderFrame.url.startsWith('file://')) {
    return { ok: false, error: { code: 'FORBIDDEN', message: 'unexpected sender' } };
  }
  if (method === 'ping') return { ok: true, value: { app: 'heapscope', version: app.getVersion(), mode: 'electron' } };
  return { ok: false, error: { code: 'BAD_REQUEST', message: `unknown method ${String(method)}` } };
});

void app.whenReady().then(() => {
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
