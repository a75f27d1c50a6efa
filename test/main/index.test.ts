/**
 * Main's start, with Electron mocked and the native libraries made unloadable: main never needs
 * sharp or h5wasm (they belong to the trainer), so a machine where they cannot load still gets its
 * window, and the trainer says what is wrong when it is asked to read images.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('sharp', () => {
  throw new Error('sharp cannot be loaded on this machine');
});
vi.mock('h5wasm/node', () => {
  throw new Error('h5wasm cannot be loaded on this machine');
});

const { windows, instances, menu, forked, ready, dataDir } = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; url: string | null }[],
  instances: [] as unknown[],
  menu: { template: [] as MenuItem[] },
  forked: [] as string[],
  ready: { resolve: () => {} } as { resolve: () => void },
  dataDir: { path: '' },
}));

interface MenuItem {
  label?: string;
  click?: () => unknown;
  submenu?: MenuItem[];
}

vi.mock('electron', () => {
  const on = () => {};
  class BrowserWindow {
    static getAllWindows = () => instances;
    static getFocusedWindow = () => null;
    static fromWebContents = () => null;
    readonly record: { options: Record<string, unknown>; url: string | null };
    readonly webContents = { isDestroyed: () => false, send: () => {} };
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: null };
      windows.push(this.record);
      instances.push(this);
    }
    on = on;
    once = on;
    show() {}
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      whenReady: () => new Promise<void>((resolve) => (ready.resolve = resolve)),
      requestSingleInstanceLock: () => true,
      on,
      off: on,
      quit: () => {},
      exit: () => {},
      getPath: () => dataDir.path,
      isPackaged: true,
    },
    BrowserWindow,
    dialog: {
      showErrorBox: vi.fn(),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      showSaveDialog: vi.fn(),
    },
    ipcMain: { handle: () => {} },
    Menu: {
      buildFromTemplate: (template: MenuItem[]) => template,
      setApplicationMenu: (template: MenuItem[]) => (menu.template = template),
    },
    protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
    session: { defaultSession: { setPermissionRequestHandler: on, setPermissionCheckHandler: on } },
    utilityProcess: {
      fork: (entry: string) => {
        forked.push(entry);
        return { postMessage: on, on, once: on, kill: () => true };
      },
    },
  };
});

afterAll(() => rm(dataDir.path, { recursive: true, force: true }));

describe('main, on a machine where sharp and h5wasm cannot be loaded', () => {
  it('starts, opens its window on the app protocol with the sandboxed preload, and starts the trainer', async () => {
    dataDir.path = await mkdtemp(path.join(tmpdir(), 'whisker-main-'));
    await import('../../src/main/index.ts');
    const { dialog } = await import('electron');
    ready.resolve();
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    const [window] = windows;
    expect(window!.url).toBe('whisker://app/index.html');
    expect(window!.options['webPreferences']).toMatchObject({
      preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/),
      sandbox: true,
    });
    expect(forked).toEqual([expect.stringMatching(/[/\\]trainer\.js$/)]);
    expect(dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('acts from the menu on the main window when no window has focus (as on macOS after a click elsewhere)', async () => {
    const { dialog } = await import('electron');
    const file = menu.template.find((item) => item.label === 'File')!;
    await file.submenu!.find((item) => item.label === 'Open Folder…')!.click!();
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      instances[0],
      expect.objectContaining({ properties: ['openDirectory'] }),
    );
  });
});
