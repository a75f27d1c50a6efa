import { describe, expect, it, vi } from 'vitest';

const created: { options: Record<string, unknown>; loaded: string[] }[] = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    loaded: string[] = [];
    constructor(options: Record<string, unknown>) {
      created.push({ options, loaded: this.loaded });
    }
    once() {}
    show() {}
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
  },
}));

const { createMainWindow } = await import('../../src/main/window.ts');

describe('the main window', () => {
  it('turns on isolation and the sandbox, turns off Node everywhere, and loads the app protocol', () => {
    createMainWindow('/app/out/preload/index.cjs', 'whisker://app/index.html', '/app/out/renderer/icon.png');
    const [{ options, loaded }] = created as [(typeof created)[number]];
    expect(options['webPreferences']).toEqual({
      preload: '/app/out/preload/index.cjs',
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
    });
    expect(options).toMatchObject({
      minWidth: 1024,
      minHeight: 700,
      show: false,
      icon: '/app/out/renderer/icon.png',
    });
    expect(loaded).toEqual(['whisker://app/index.html']);
  });
});
