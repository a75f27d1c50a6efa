/**
 * The application menu: open a folder or .h5 files, the sample data, import
 * and export a model, quit; with the platform's usual shortcuts. Paths come
 * from main's own dialogs (choose.ts), granted before the backend sees them.
 * On macOS the first menu is the application's own (About, Hide, Services,
 * Quit); the developer tools are there only in development.
 */
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron';
import { CHANNELS } from '../api/channels.ts';
import type { MethodName } from '../api/contract.ts';
import type { Backend } from '../backend/backend.ts';
import { choose, type Choice, type Dialogs } from './choose.ts';
import type { GrantedPaths } from './paths.ts';

export interface MenuHost {
  readonly backend: Backend;
  readonly granted: GrantedPaths;
  readonly dialogs: Dialogs;
  /** the window menu items act on: the focused one, else the main one (none has focus on macOS at times) */
  readonly window: () => BrowserWindow | null;
  readonly quit: () => void;
  readonly platform: NodeJS.Platform;
  /** not a packaged build: the developer tools are offered */
  readonly development: boolean;
}

export function menuTemplate(host: MenuHost): MenuItemConstructorOptions[] {
  const { backend, granted, dialogs, window, quit, platform, development } = host;
  const mac = platform === 'darwin';
  /** Runs a request; a failure is shown in the window like any other error. */
  const run = async (method: MethodName, params: unknown) => {
    try {
      await backend.request(method, params);
    } catch (error) {
      window()?.webContents.send(CHANNELS.event, { type: 'error', message: (error as Error).message });
    }
  };
  const chosen = async (choice: Choice): Promise<string[]> => {
    const target = window();
    return target ? choose(choice, target, dialogs, granted) : [];
  };
  const exportAs = (format: 'safetensors' | 'onnx') => async () => {
    const [file] = await chosen(format === 'onnx' ? 'saveOnnx' : 'saveSafetensors');
    if (file) await run('exportModel', { path: file, format, replace: true });
  };
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'Open Folder…',
        accelerator: 'CmdOrCtrl+O',
        click: async () => {
          const [folder] = await chosen('folder');
          if (folder) await run('openFolder', { path: folder });
        },
      },
      {
        label: 'Open .h5 Files…',
        accelerator: 'CmdOrCtrl+Shift+O',
        click: async () => {
          const files = await chosen('h5');
          if (files.length > 0) await run('openH5', { paths: files });
        },
      },
      { label: 'Open the Sample Data', click: () => run('loadSample', {}) },
      { type: 'separator' },
      {
        label: 'Import Model…',
        accelerator: 'CmdOrCtrl+I',
        click: async () => {
          const [model] = await chosen('model');
          if (model) await run('importModel', { path: model });
        },
      },
      // a save dialog that names the file asked for: replacing it was agreed to there
      { label: 'Export Model…', accelerator: 'CmdOrCtrl+E', click: exportAs('safetensors') },
      { label: 'Export Model as ONNX…', click: exportAs('onnx') },
      ...(mac
        ? []
        : [{ type: 'separator' as const }, { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: quit }]),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(development
        ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]
        : []),
    ],
  };
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
