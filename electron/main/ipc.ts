/**
 * IPC from the renderer. One invoke channel carries every API call to the ApiRouter (which
 * validates arguments with zod); one send channel lets the preload report a dropped file's path
 * (from a real File object) so the file policy lets it be opened. Both check the sender: only
 * our own windows' main frames, showing our page (app://heapscope/index.html), are answered.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiResult } from '../../shared/api.js';
import type { ApiHandler, FilePolicy } from '../host/ApiRouter.js';

export interface IpcDeps {
  ipcMain: IpcMain;
  api: ApiHandler;
  policy: FilePolicy;
  /** The page's URL (app://heapscope/index.html): the only page allowed to call. */
  pageUrl: string;
  /** Our windows' WebContents. */
  isOurContents(contents: WebContents): boolean;
}

export function senderAllowed(event: IpcMainEvent | IpcMainInvokeEvent, deps: Pick<IpcDeps, 'pageUrl' | 'isOurContents'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!deps.isOurContents(event.sender)) return false;
  const url = frame.url.split(/[?#]/)[0];
  return url === deps.pageUrl;
}

export function registerIpc(deps: IpcDeps): void {
  deps.ipcMain.handle('heapscope:call', async (event, method: unknown, request: unknown): Promise<ApiResult<unknown>> => {
    if (!senderAllowed(event, deps)) return { ok: false, error: { code: 'FORBIDDEN', message: 'unexpected sender' } };
    if (typeof method !== 'string') return { ok: false, error: { code: 'BAD_REQUEST', message: 'the method name must be a string' } };
    return deps.api(method, request);
  });
  deps.ipcMain.on('heapscope:named', (event, path: unknown) => {
    if (senderAllowed(event, deps) && typeof path === 'string' && path.length > 0 && path.length <= 4096) deps.policy.allow(path);
  });
}
