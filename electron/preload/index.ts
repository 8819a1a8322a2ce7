/** The preload bridge: exposes exactly the typed API call and nothing else of ipcRenderer. */
import { contextBridge, ipcRenderer } from 'electron';
import type { HeapscopeBridge } from '../../shared/api.js';

const bridge: HeapscopeBridge = {
  call: (method, request) => ipcRenderer.invoke('heapscope:call', method, request),
};
contextBridge.exposeInMainWorld('heapscope', bridge);
