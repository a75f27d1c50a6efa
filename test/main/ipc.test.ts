import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { registerContract, isAppFrame } = await import('../../src/main/ipc.ts');
const { GrantedPaths } = await import('../../src/main/paths.ts');
const { CHANNELS } = await import('../../src/api/channels.ts');
const { METHOD_NAMES, METHODS } = await import('../../src/api/contract.ts');
const { stringFields } = await import('../../src/api/pathFields.ts');

type Handler = (event: unknown, ...args: unknown[]) => unknown;

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) };
  const listeners: ((event: unknown) => void)[] = [];
  const backend = {
    request: vi.fn(async (method: string) => ({ answered: method })),
    onEvent: (listener: (event: unknown) => void) => {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
  };
  const granted = new GrantedPaths();
  const window = { id: 1 };
  const dialogs = {
    open: vi.fn(async () => ({ canceled: false, filePaths: ['/home/me/photos'] })),
    save: vi.fn(async () => ({ canceled: false, filePath: '/home/me/model.onnx' })),
  };
  const contract = registerContract(ipcMain as never, {
    backend: backend as never,
    appOrigin: 'whisker://app',
    granted,
    dialogs: dialogs as never,
    windowOf: () => window as never,
  });
  const from = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent }, sender: {} });
  const app = from('whisker://app/index.html');
  const request = (params: unknown, sender = app) => handlers.get(CHANNELS.request)!(sender, params);
  return { handlers, backend, contract, listeners, app, from, request, granted, dialogs };
}

const refused = (error: string | RegExp) => ({ ok: false, error: expect.stringMatching(error) });

describe('the contract over Electron IPC', () => {
  it('answers the app window’s top frame with an outcome, and refuses every other sender', async () => {
    const { backend, from, request } = setup();
    expect(await request({ id: 1, method: 'state', params: {} })).toEqual({
      ok: true,
      result: { answered: 'state' },
    });
    for (const stranger of [
      from('https://example.com/'),
      from('whisker://app/index.html', {}),
      { senderFrame: null },
    ]) {
      expect(await request({ id: 2, method: 'state', params: {} }, stranger as never)).toEqual(
        refused(/did not come from the app window/),
      );
    }
    expect(backend.request).toHaveBeenCalledTimes(1);
  });

  it("refuses with the bare reason, never Electron's wrapped error", async () => {
    const { backend, request } = setup();
    backend.request.mockRejectedValueOnce(
      new Error('there is no model yet: train one or import a model file'),
    );
    expect(await request({ id: 1, method: 'results', params: { split: 'test' } })).toEqual({
      ok: false,
      error: 'there is no model yet: train one or import a model file',
    });
  });

  it('refuses a malformed message, or malformed params, without acting on them', async () => {
    const { backend, request } = setup();
    for (const bad of [null, 'state', { id: 1, method: 'eval', params: {} }, { method: 'state' }]) {
      expect(await request(bad)).toEqual(refused(/malformed request/));
    }
    expect(await request({ id: 1, method: 'openFolder', params: { path: 7 } })).toEqual(
      refused(/^openFolder: path: /),
    );
    expect(backend.request).not.toHaveBeenCalled();
  });

  it('refuses a path the user did not choose or drop, and accepts one inside a dropped folder', async () => {
    const { handlers, backend, app, from, request } = setup();
    const dropped = handlers.get(CHANNELS.dropped)!;
    expect(await request({ id: 1, method: 'openFolder', params: { path: '/home/me/pets' } })).toEqual(
      refused('/home/me/pets was not chosen in a dialog or dropped into the window'),
    );
    expect(await dropped(from('https://example.com/'), ['/home/me/pets'])).toEqual(
      refused(/did not come from the app window/),
    );
    expect(await dropped(app, '/home/me/pets')).toEqual(refused(/expected a list of paths/));
    expect(await dropped(app, ['/home/me/pets'])).toEqual({ ok: true, result: 1 });
    expect(await request({ id: 2, method: 'openFolder', params: { path: '/home/me/pets' } })).toMatchObject({
      ok: true,
    });
    const photos = [
      { name: 'cat.jpg', path: '/home/me/pets/cat.jpg' },
      { name: 'passwd', path: '/etc/passwd' },
    ];
    expect(await request({ id: 3, method: 'classify', params: { photos } })).toEqual(
      refused('/etc/passwd was not chosen'),
    );
    expect(
      await request({ id: 4, method: 'openFolder', params: { path: '/home/me/pets/../secrets' } }),
    ).toEqual(refused(/not chosen/));
    expect(backend.request).toHaveBeenCalledTimes(1);
  });

  it('writes only a file named in a save dialog: a folder granted for reading is not one to write into', async () => {
    const { handlers, app, request, dialogs } = setup();
    await handlers.get(CHANNELS.dropped)!(app, ['/home/me/pets']);
    const overwrite = { path: '/home/me/pets/cat/1.jpg', format: 'safetensors' };
    expect(await request({ id: 1, method: 'exportModel', params: overwrite })).toEqual(
      refused('/home/me/pets/cat/1.jpg was not chosen in a save dialog'),
    );
    expect(await handlers.get(CHANNELS.choose)!(app, 'saveOnnx')).toEqual({
      ok: true,
      result: ['/home/me/model.onnx'],
    });
    expect(dialogs.save).toHaveBeenCalledTimes(1);
    expect(
      await request({
        id: 2,
        method: 'exportModel',
        params: { path: '/home/me/model.onnx', format: 'onnx' },
      }),
    ).toMatchObject({
      ok: true,
    });
  });

  it("shows only Whisker's own dialogs, for the app window only, and grants what was picked for reading", async () => {
    const { handlers, app, from, granted } = setup();
    const choose = handlers.get(CHANNELS.choose)!;
    expect(await choose(app, 'anything')).toEqual(refused(/not a dialog Whisker shows/));
    expect(await choose(from('https://example.com/'), 'folder')).toEqual(
      refused(/did not come from the app window/),
    );
    expect(await choose(app, 'photoFolder')).toEqual({ ok: true, result: ['/home/me/photos'] });
    expect(granted.allows('/home/me/photos/a.jpg', 'read')).toBe(true);
    expect(granted.allows('/home/me/photos/a.jpg', 'write')).toBe(false);
  });

  it('forwards backend events to the window until it is destroyed', () => {
    const { contract, listeners } = setup();
    const contents = { isDestroyed: vi.fn(() => false), send: vi.fn() };
    const stop = contract.forwardTo(contents as never);
    listeners.forEach((listener) => listener({ type: 'error', message: 'x' }));
    expect(contents.send).toHaveBeenCalledWith(CHANNELS.event, { type: 'error', message: 'x' });
    contents.isDestroyed.mockReturnValue(true);
    listeners.forEach((listener) => listener({ type: 'error', message: 'y' }));
    expect(contents.send).toHaveBeenCalledTimes(1);
    stop();
    expect(listeners).toHaveLength(0);
    expect(
      isAppFrame({ senderFrame: { url: 'whisker://app/x', parent: null } } as never, 'whisker://app'),
    ).toBe(true);
  });
});

describe('the paths a request carries, found from the contract', () => {
  it('finds every path of every method that has them, whatever its place in the params', () => {
    const granted = new GrantedPaths();
    expect(granted.refused('openFolder', { path: '/a' }).map((p) => [p.at, p.use])).toEqual([
      ['path', 'read'],
    ]);
    expect(granted.refused('openH5', { paths: ['/a.h5', '/b.h5'] }).map((p) => p.at)).toEqual([
      'paths.0',
      'paths.1',
    ]);
    expect(granted.refused('classify', { photos: [{ name: 'x', path: '/x.png' }] }).map((p) => p.at)).toEqual(
      ['photos.0.path'],
    );
    expect(granted.refused('exportModel', { path: '/m.onnx', format: 'onnx' }).map((p) => p.use)).toEqual([
      'write',
    ]);
    expect(granted.refused('state', {})).toEqual([]);
  });

  it('marks, in every method, each string field whose name says it is a path: none escapes the check', () => {
    const unmarked = METHOD_NAMES.flatMap((method) =>
      stringFields(METHODS[method].params)
        .filter(
          (field) =>
            /path|file|folder|dir/i.test(field.at.split('.').at(-1) ?? '') && field.use === undefined,
        )
        .map((field) => `${method}.${field.at}`),
    );
    expect(unmarked).toEqual([]);
    const marked = METHOD_NAMES.flatMap((method) =>
      stringFields(METHODS[method].params)
        .filter((field) => field.use !== undefined)
        .map((field) => `${method}.${field.at} (${field.use})`),
    );
    expect(marked.sort()).toEqual([
      'classify.photos.*.path (read)',
      'exportModel.path (write)',
      'importModel.path (read)',
      'openFolder.path (read)',
      'openH5.paths.* (read)',
    ]);
  });
});
