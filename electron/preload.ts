// Preload (sandboxed): exposes `send` and `subscribe` of the typed contract and the desktop-only actions, nothing of Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ChangeEvent } from '../shared/api/contract.js';

const api = {
  send: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('shiplock:rpc', method, input),
  subscribe: (fn: (e: ChangeEvent) => void): (() => void) => {
    const listener = (_e: IpcRendererEvent, change: ChangeEvent) => fn(change);
    ipcRenderer.on('shiplock:change', listener);
    return () => ipcRenderer.removeListener('shiplock:change', listener);
  },
  /** The desktop user's own actions (main checks the sender is the app's page): never reachable over HTTP. */
  desktop: {
    revealSecrets: (): Promise<unknown> => ipcRenderer.invoke('shiplock:desktop', 'revealSecrets'),
    rotateSecret: (name: string): Promise<unknown> => ipcRenderer.invoke('shiplock:desktop', 'rotateSecret', name),
    setFirstPin: (pin: string): Promise<unknown> => ipcRenderer.invoke('shiplock:desktop', 'setFirstPin', pin),
    loginLink: (): Promise<unknown> => ipcRenderer.invoke('shiplock:desktop', 'loginLink'),
  },
};

contextBridge.exposeInMainWorld('shiplock', api);
