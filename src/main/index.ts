/**
 * Electron's main process: one window on the app protocol, the contract over
 * IPC, the menu, and the backend with its trainer in a utility process.
 * Everything here is glue; the work is in backend/ and the trainer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { Backend } from '../backend/backend.ts';
import { TrainerClient } from '../backend/trainerClient.ts';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './appProtocol.ts';
import type { Dialogs } from './choose.ts';
import { registerContract } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { GrantedPaths } from './paths.ts';
import { denyAllPermissions, guardWebContents } from './security.ts';
import { utilityTrainer } from './trainerProcess.ts';
import { createMainWindow } from './window.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(here, '../renderer');
const preload = path.join(here, '../preload/index.cjs');
const granted = new GrantedPaths();
let contract: ReturnType<typeof registerContract> | null = null;

function createWindow(): BrowserWindow {
  const window = createMainWindow(preload, `${APP_ORIGIN}/index.html`, path.join(rendererRoot, 'icon.png'));
  const stopEvents = contract?.forwardTo(window.webContents);
  window.on('closed', () => stopEvents?.());
  return window;
}

/** The window menu items and dialogs act on: the focused one, else the first. */
const mainWindow = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null;

const dialogs: Dialogs = {
  open: (window, options) => dialog.showOpenDialog(window, options),
  save: (window, options) => dialog.showSaveDialog(window, options),
};

function start(): void {
  denyAllPermissions(session.defaultSession);
  const backend = new Backend({
    dataDir: app.getPath('userData'),
    trainer: new TrainerClient(
      utilityTrainer(path.join(here, 'trainer.js'), (listener) => {
        const gone = (_event: unknown, details: Electron.Details) => listener(details);
        app.on('child-process-gone', gone);
        return () => app.off('child-process-gone', gone);
      }),
    ),
  });
  handleAppProtocol(rendererRoot, backend);
  contract = registerContract(ipcMain, {
    backend,
    appOrigin: APP_ORIGIN,
    granted,
    dialogs,
    windowOf: (contents) => BrowserWindow.fromWebContents(contents),
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        backend,
        granted,
        dialogs,
        window: mainWindow,
        quit: () => app.quit(),
        platform: process.platform,
        development: !app.isPackaged,
      }),
    ),
  );
  // The trainer is asked to end, and killed if it does not, before the app goes.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void backend.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, APP_ORIGIN));
  app.on('second-instance', () => {
    const window = mainWindow();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // Without this a failed start leaves a process with no window and no word.
      dialog.showErrorBox('Whisker could not start', (error as Error).stack ?? String(error));
      app.exit(1);
    });
}
