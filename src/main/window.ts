/**
 * The one window. Its security settings are written out here, literally, so
 * that a reader (and electronegativity's static checks) sees every one.
 */
import { BrowserWindow } from 'electron';

/** `icon`: the PNG the window shows where the platform takes it from the window (Linux, Windows). */
export function createMainWindow(preload: string, url: string, icon: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Whisker',
    icon,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}
