import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { menuTemplate } = await import('../../src/main/menu.ts');
const { GrantedPaths } = await import('../../src/main/paths.ts');

type Item = {
  label?: string;
  accelerator?: string;
  click?: () => unknown;
  submenu?: Item[];
  role?: string;
  type?: string;
};

function setup(
  openResult: { canceled: boolean; filePaths: string[] },
  {
    saveResult = { canceled: false, filePath: '/out/m.onnx' },
    platform = 'linux' as NodeJS.Platform,
    development = false,
  } = {},
) {
  const backend = { request: vi.fn(async () => ({})) };
  const granted = new GrantedPaths();
  const window = { webContents: { send: vi.fn() } };
  const dialogs = { open: vi.fn(async () => openResult), save: vi.fn(async () => saveResult) };
  const quit = vi.fn();
  const template = menuTemplate({
    backend: backend as never,
    granted,
    dialogs: dialogs as never,
    window: () => window as never,
    quit,
    platform,
    development,
  }) as Item[];
  const file = template.find((menu) => menu.label === 'File')!;
  const item = (label: string) => file.submenu!.find((i) => i.label === label)!;
  return { backend, granted, window, dialogs, quit, template, file, item };
}

describe('the application menu', () => {
  it('offers every file action with the usual shortcuts', () => {
    const { file } = setup({ canceled: true, filePaths: [] });
    expect(file.submenu!.filter((i) => i.label).map((i) => [i.label, i.accelerator])).toEqual([
      ['Open Folder…', 'CmdOrCtrl+O'],
      ['Open .h5 Files…', 'CmdOrCtrl+Shift+O'],
      ['Open the Sample Data', undefined],
      ['Import Model…', 'CmdOrCtrl+I'],
      ['Export Model…', 'CmdOrCtrl+E'],
      ['Export Model as ONNX…', undefined],
      ['Quit', 'CmdOrCtrl+Q'],
    ]);
  });

  it("puts the application's own menu first on macOS, with Quit there rather than under File", () => {
    const { template, file } = setup({ canceled: true, filePaths: [] }, { platform: 'darwin' });
    expect(template[0]).toEqual({ role: 'appMenu' });
    expect(template[1]).toBe(file);
    expect(file.submenu!.some((i) => i.label === 'Quit')).toBe(false);
  });

  it('offers the developer tools in development only', () => {
    const roles = (development: boolean) =>
      setup({ canceled: true, filePaths: [] }, { development })
        .template.find((menu) => menu.label === 'View')!
        .submenu!.map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });

  it('opens the folder chosen in the dialog, granting exactly that path for reading', async () => {
    const { backend, granted, item } = setup({ canceled: false, filePaths: ['/home/me/pets'] });
    await item('Open Folder…').click!();
    expect(backend.request).toHaveBeenCalledWith('openFolder', { path: '/home/me/pets' });
    expect(granted.allows('/home/me/pets/cat/1.jpg', 'read')).toBe(true);
    expect(granted.allows('/home/me/pets/cat/1.jpg', 'write')).toBe(false);
    expect(granted.allows('/home/me', 'read')).toBe(false);
  });

  it('does nothing when the dialog is cancelled', async () => {
    const { backend, item } = setup(
      { canceled: true, filePaths: [] },
      { saveResult: { canceled: true, filePath: '' } },
    );
    await item('Open Folder…').click!();
    await item('Import Model…').click!();
    await item('Export Model…').click!();
    expect(backend.request).not.toHaveBeenCalled();
  });

  it('exports to the file named in the save dialog, which asks before replacing it, and shows a failure in the window', async () => {
    const { backend, dialogs, window, item, granted } = setup({ canceled: false, filePaths: [] });
    backend.request.mockRejectedValueOnce(new Error('there is no model yet'));
    await item('Export Model as ONNX…').click!();
    expect(dialogs.save).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ properties: expect.arrayContaining(['showOverwriteConfirmation']) }),
    );
    expect(backend.request).toHaveBeenCalledWith('exportModel', {
      path: '/out/m.onnx',
      format: 'onnx',
      replace: true,
    });
    expect(granted.allows('/out/m.onnx', 'write')).toBe(true);
    expect(window.webContents.send).toHaveBeenCalledWith('whisker:event', {
      type: 'error',
      message: 'there is no model yet',
    });
  });
});
