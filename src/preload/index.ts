/**
 * The preload runs sandboxed with context isolation: it exposes the contract
 * and nothing else, never ipcRenderer or Node itself.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNELS } from '../api/channels.ts';

let nextId = 1;

contextBridge.exposeInMainWorld(
  'whisker',
  Object.freeze({
    request: (method: string, params: unknown = {}) =>
      ipcRenderer.invoke(CHANNELS.request, { id: nextId++, method, params }),
    onEvent: (listener: (event: unknown) => void) => {
      const forward = (_event: unknown, data: unknown) => listener(data);
      ipcRenderer.on(CHANNELS.event, forward);
      return () => ipcRenderer.off(CHANNELS.event, forward);
    },
    /** Paths of files the user dropped or chose; these, and only these, main will open. */
    dropped: async (files: File[]) => {
      const paths = Array.from(files, (file) => webUtils.getPathForFile(file)).filter((p) => p !== '');
      await ipcRenderer.invoke(CHANNELS.dropped, paths);
      return paths;
    },
  }),
);
