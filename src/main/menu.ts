/**
 * The application menu: open a folder or .h5 files, the sample data, import
 * and export a model, quit; with the platform's usual shortcuts. Paths come
 * from main's own dialogs, so they are granted before the backend sees them.
 */
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { CHANNELS } from '../api/channels.ts';
import type { Backend } from '../backend/backend.ts';
import type { GrantedPaths } from './paths.ts';

export interface Dialogs {
  open(window: BrowserWindow, options: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue>;
  save(window: BrowserWindow, options: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue>;
}

export function menuTemplate(
  backend: Backend,
  granted: GrantedPaths,
  dialogs: Dialogs,
  focused: () => BrowserWindow | null,
  quit: () => void,
): MenuItemConstructorOptions[] {
  /** Runs a request; a failure is shown in the window like any other error. */
  const run = async (method: string, params: unknown) => {
    const window = focused();
    try {
      await backend.request(method, params);
    } catch (error) {
      window?.webContents.send(CHANNELS.event, { type: 'error', message: (error as Error).message });
    }
  };
  const choose = async (options: Electron.OpenDialogOptions): Promise<string[]> => {
    const window = focused();
    if (!window) return [];
    const { canceled, filePaths } = await dialogs.open(window, options);
    if (canceled) return [];
    for (const file of filePaths) granted.grant(file);
    return filePaths;
  };
  return [
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Folder…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const [folder] = await choose({
              title: 'Open a folder of class folders',
              properties: ['openDirectory'],
            });
            if (folder) await run('openFolder', { path: folder });
          },
        },
        {
          label: 'Import .h5 Files…',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: async () => {
            const files = await choose({
              title: 'Import the course .h5 files',
              properties: ['openFile', 'multiSelections'],
              filters: [{ name: 'HDF5', extensions: ['h5'] }],
            });
            if (files.length > 0) await run('openH5', { paths: files });
          },
        },
        { label: 'Load Sample Data', click: () => run('loadSample', {}) },
        { type: 'separator' },
        {
          label: 'Import Model…',
          accelerator: 'CmdOrCtrl+I',
          click: async () => {
            const [file] = await choose({
              title: 'Import a Whisker model',
              properties: ['openFile'],
              filters: [{ name: 'Whisker model', extensions: ['safetensors'] }],
            });
            if (file) await run('importModel', { path: file });
          },
        },
        {
          label: 'Export Model…',
          accelerator: 'CmdOrCtrl+E',
          click: async () => {
            const window = focused();
            if (!window) return;
            const { canceled, filePath } = await dialogs.save(window, {
              title: 'Export the model',
              defaultPath: 'model.safetensors',
              // Linux's dialog asks only when told to; the others always ask
              properties: ['showOverwriteConfirmation'],
              filters: [
                { name: 'Whisker model (safetensors)', extensions: ['safetensors'] },
                { name: 'ONNX', extensions: ['onnx'] },
              ],
            });
            if (canceled || !filePath) return;
            granted.grant(filePath);
            await run('exportModel', {
              path: filePath,
              format: filePath.endsWith('.onnx') ? 'onnx' : 'safetensors',
              // the save dialog has already asked before replacing a file
              replace: true,
            });
          },
        },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: quit },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
}
