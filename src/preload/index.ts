/**
 * The preload runs sandboxed with context isolation: it may expose only the
 * contract to the page, never ipcRenderer or Node itself.
 */
import { contextBridge } from 'electron';

contextBridge.exposeInMainWorld('whisker', Object.freeze({ host: 'electron' }));
