/**
 * The preload bridge (sandboxed, so built as CommonJS): exposes the typed API call, host events and
 * the path of a dropped file — nothing else of ipcRenderer. A dropped file's path is also reported
 * to main, which is how main knows the user named that file (a renderer cannot invent a File).
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { HeapscopeBridge, HostEvent } from '../../shared/api.js';

const bridge: HeapscopeBridge = {
  call: (method, request) => ipcRenderer.invoke('heapscope:call', method, request),
  onEvent: (listener) => {
    const handler = (_event: IpcRendererEvent, payload: HostEvent): void => listener(payload);
    ipcRenderer.on('heapscope:event', handler);
    return () => ipcRenderer.removeListener('heapscope:event', handler);
  },
  pathForFile: (file) => {
    const path = webUtils.getPathForFile(file);
    if (path) ipcRenderer.send('heapscope:named', path);
    return path;
  },
};
contextBridge.exposeInMainWorld('heapscope', bridge);
