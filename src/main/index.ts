import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { Backend } from '../backend/backend.ts';
import { TrainerClient } from '../backend/trainerClient.ts';
import { APP_ORIGIN, handleAppProtocol, registerAppScheme } from './appProtocol.ts';
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

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, APP_ORIGIN));
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void app.whenReady().then(() => {
    denyAllPermissions(session.defaultSession);
    const backend = new Backend({
      dataDir: app.getPath('userData'),
      trainer: new TrainerClient(utilityTrainer(path.join(here, 'trainer.js'))),
    });
    handleAppProtocol(rendererRoot, backend);
    contract = registerContract(ipcMain, backend, APP_ORIGIN, granted);
    const dialogs = {
      open: (window: BrowserWindow, options: Electron.OpenDialogOptions) =>
        dialog.showOpenDialog(window, options),
      save: (window: BrowserWindow, options: Electron.SaveDialogOptions) =>
        dialog.showSaveDialog(window, options),
    };
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          backend,
          granted,
          dialogs,
          () => BrowserWindow.getFocusedWindow(),
          () => app.quit(),
        ),
      ),
    );
    app.on('will-quit', () => backend.close());
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
}
