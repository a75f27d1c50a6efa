/**
 * The preload runs sandboxed with context isolation: it exposes the contract
 * and nothing else, never ipcRenderer or Node itself. Main answers with an
 * outcome; a refusal becomes a plain error carrying only main's reason.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { CHANNELS } from '../api/channels.ts';
import type { Outcome } from '../api/contract.ts';

let nextId = 1;

async function invoke(channel: string, ...args: unknown[]): Promise<unknown> {
  const outcome = (await ipcRenderer.invoke(channel, ...args)) as Outcome;
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.result;
}

contextBridge.exposeInMainWorld(
  'whisker',
  Object.freeze({
    request: (method: string, params: unknown = {}) =>
      invoke(CHANNELS.request, { id: nextId++, method, params }),
    onEvent: (listener: (event: unknown) => void) => {
      const forward = (_event: unknown, data: unknown) => listener(data);
      ipcRenderer.on(CHANNELS.event, forward);
      return () => ipcRenderer.off(CHANNELS.event, forward);
    },
    /**
     * The real path of each dropped or chosen file, in order (null for one that has none, like a
     * file dragged from a web page); main grants them for reading.
     */
    dropped: async (files: File[]): Promise<(string | null)[]> => {
      const paths = Array.from(files, (file) => webUtils.getPathForFile(file) || null);
      await invoke(
        CHANNELS.dropped,
        paths.filter((p) => p !== null),
      );
      return paths;
    },
    /** One of main's dialogs: the paths chosen, or none when cancelled. */
    choose: (choice: string) => invoke(CHANNELS.choose, choice) as Promise<string[]>,
  }),
);
