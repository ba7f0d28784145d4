// Preload (sandboxed): exposes exactly `send` and `subscribe` of the typed contract, nothing of Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ChangeEvent } from '../shared/api/contract.js';

const api = {
  send: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('shiplock:rpc', method, input),
  subscribe: (fn: (e: ChangeEvent) => void): (() => void) => {
    const listener = (_e: IpcRendererEvent, change: ChangeEvent) => fn(change);
    ipcRenderer.on('shiplock:change', listener);
    return () => ipcRenderer.removeListener('shiplock:change', listener);
  },
};

contextBridge.exposeInMainWorld('shiplock', api);
