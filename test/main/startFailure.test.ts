/**
 * A start that fails once Electron is ready (here: the user-data folder cannot be found) must not
 * leave a process with no window and no word: an error box says what failed, and the app quits.
 */
import { describe, expect, it, vi } from 'vitest';

const { ready, app, dialog, windows } = vi.hoisted(() => ({
  ready: { resolve: () => {} } as { resolve: () => void },
  app: {} as Record<string, unknown>,
  dialog: { showErrorBox: (..._: unknown[]) => {} },
  windows: [] as unknown[],
}));

vi.mock('electron', () => {
  const on = () => {};
  Object.assign(app, {
    whenReady: () => new Promise<void>((resolve) => (ready.resolve = resolve)),
    requestSingleInstanceLock: () => true,
    on,
    off: on,
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: (name: string) => {
      throw new Error(`Failed to get '${name}' path`);
    },
    isPackaged: true,
  });
  dialog.showErrorBox = vi.fn();
  return {
    app,
    dialog,
    BrowserWindow: class {
      constructor() {
        windows.push(this);
      }
    },
    ipcMain: { handle: on },
    Menu: { buildFromTemplate: on, setApplicationMenu: on },
    protocol: { registerSchemesAsPrivileged: on, handle: on },
    session: { defaultSession: { setPermissionRequestHandler: on, setPermissionCheckHandler: on } },
    utilityProcess: { fork: on },
  };
});

describe('main, when its start fails after Electron is ready', () => {
  it('shows an error box saying what failed, without a stack, and quits with a failure code', async () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    await import('../../src/main/index.ts');
    ready.resolve();
    await vi.waitFor(() => expect(app['exit']).toHaveBeenCalledWith(1));
    expect(dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, content] = vi.mocked(dialog.showErrorBox).mock.calls[0] as [string, string];
    expect(title).toBe('Whisker could not start');
    expect(content).toMatch(/^Failed to get 'userData' path\n\n/);
    expect(content).not.toMatch(/\bat .*:\d+:\d+/);
    expect(windows).toHaveLength(0);
    // the stack goes to the terminal, for a report
    expect(String(printed.mock.calls[0]?.[0])).toMatch(/Failed to get 'userData' path/);
  });
});
