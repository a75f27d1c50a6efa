import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { menuTemplate } = await import('../../src/main/menu.ts');
const { GrantedPaths } = await import('../../src/main/paths.ts');

type Item = { label?: string; accelerator?: string; click?: () => unknown; submenu?: Item[]; role?: string };

function setup(
  openResult: { canceled: boolean; filePaths: string[] },
  saveResult = { canceled: false, filePath: '/out/m.onnx' },
) {
  const backend = { request: vi.fn(async () => ({})) };
  const granted = new GrantedPaths();
  const window = { webContents: { send: vi.fn() } };
  const dialogs = { open: vi.fn(async () => openResult), save: vi.fn(async () => saveResult) };
  const quit = vi.fn();
  const template = menuTemplate(
    backend as never,
    granted,
    dialogs as never,
    () => window as never,
    quit,
  ) as Item[];
  const item = (label: string) => template[0]!.submenu!.find((i) => i.label === label)!;
  return { backend, granted, window, dialogs, quit, template, item };
}

describe('the application menu', () => {
  it('offers every file action with the usual shortcuts', () => {
    const { template } = setup({ canceled: true, filePaths: [] });
    expect(template[0]!.submenu!.filter((i) => i.label).map((i) => [i.label, i.accelerator])).toEqual([
      ['Open Folder…', 'CmdOrCtrl+O'],
      ['Import .h5 Files…', 'CmdOrCtrl+Shift+O'],
      ['Load Sample Data', undefined],
      ['Import Model…', 'CmdOrCtrl+I'],
      ['Export Model…', 'CmdOrCtrl+E'],
      ['Quit', 'CmdOrCtrl+Q'],
    ]);
  });

  it('opens the folder chosen in the dialog, granting exactly that path', async () => {
    const { backend, granted, item } = setup({ canceled: false, filePaths: ['/home/me/pets'] });
    await item('Open Folder…').click!();
    expect(backend.request).toHaveBeenCalledWith('openFolder', { path: '/home/me/pets' });
    expect(granted.allows('/home/me/pets/cat/1.jpg')).toBe(true);
    expect(granted.allows('/home/me')).toBe(false);
  });

  it('does nothing when the dialog is cancelled', async () => {
    const { backend, item } = setup({ canceled: true, filePaths: [] });
    await item('Open Folder…').click!();
    await item('Import Model…').click!();
    expect(backend.request).not.toHaveBeenCalled();
  });

  it('exports in the format the chosen name asks for, replacing what the save dialog confirmed, and shows a failure in the window', async () => {
    const { backend, dialogs, window, item } = setup({ canceled: false, filePaths: [] });
    backend.request.mockRejectedValueOnce(new Error('there is no model yet'));
    await item('Export Model…').click!();
    expect(dialogs.save).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ properties: ['showOverwriteConfirmation'] }),
    );
    expect(backend.request).toHaveBeenCalledWith('exportModel', {
      path: '/out/m.onnx',
      format: 'onnx',
      replace: true,
    });
    expect(window.webContents.send).toHaveBeenCalledWith('whisker:event', {
      type: 'error',
      message: 'there is no model yet',
    });
  });
});
