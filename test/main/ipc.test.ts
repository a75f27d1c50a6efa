import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

const { registerContract, isAppFrame } = await import('../../src/main/ipc.ts');
const { GrantedPaths, pathsIn } = await import('../../src/main/paths.ts');
const { CHANNELS } = await import('../../src/api/channels.ts');

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
  const contract = registerContract(ipcMain as never, backend as never, 'whisker://app', granted);
  const from = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });
  const app = from('whisker://app/index.html');
  return { handlers, backend, contract, listeners, app, from };
}

describe('the contract over Electron IPC', () => {
  it('answers the app window’s top frame, and no other sender', async () => {
    const { handlers, backend, app, from } = setup();
    const request = handlers.get(CHANNELS.request)!;
    expect(await request(app, { id: 1, method: 'state', params: {} })).toEqual({ answered: 'state' });
    for (const stranger of [
      from('https://example.com/'),
      from('whisker://app/index.html', {}),
      { senderFrame: null },
    ]) {
      await expect(request(stranger, { id: 2, method: 'state', params: {} })).rejects.toThrow(
        /did not come from the app window/,
      );
    }
    expect(backend.request).toHaveBeenCalledTimes(1);
  });

  it('refuses a malformed message without acting on it', async () => {
    const { handlers, backend, app } = setup();
    const request = handlers.get(CHANNELS.request)!;
    for (const bad of [null, 'state', { id: 1, method: 'eval', params: {} }, { method: 'state' }]) {
      await expect(request(app, bad)).rejects.toThrow(/malformed request/);
    }
    expect(backend.request).not.toHaveBeenCalled();
  });

  it('refuses a path the user did not choose or drop, and accepts one inside a dropped folder', async () => {
    const { handlers, backend, app, from } = setup();
    const request = handlers.get(CHANNELS.request)!;
    const dropped = handlers.get(CHANNELS.dropped)!;
    await expect(
      request(app, { id: 1, method: 'openFolder', params: { path: '/home/me/pets' } }),
    ).rejects.toThrow('/home/me/pets was not chosen in a dialog or dropped into the window');
    await expect(dropped(from('https://example.com/'), ['/home/me/pets'])).rejects.toThrow(
      /did not come from the app window/,
    );
    await expect(dropped(app, '/home/me/pets')).rejects.toThrow(/expected a list of paths/);
    expect(await dropped(app, ['/home/me/pets'])).toBe(1);
    expect(await request(app, { id: 2, method: 'openFolder', params: { path: '/home/me/pets' } })).toEqual({
      answered: 'openFolder',
    });
    await expect(
      request(app, {
        id: 3,
        method: 'classify',
        params: { paths: ['/home/me/pets/cat.jpg', '/etc/passwd'] },
      }),
    ).rejects.toThrow('/etc/passwd was not chosen');
    await expect(
      request(app, { id: 4, method: 'openFolder', params: { path: '/home/me/pets/../secrets' } }),
    ).rejects.toThrow(/not chosen/);
    expect(backend.request).toHaveBeenCalledTimes(1);
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
  });

  it('names the path arguments of every request that has them', () => {
    expect(pathsIn('openFolder', { path: '/a' })).toEqual(['/a']);
    expect(pathsIn('openH5', { paths: ['/a.h5', '/b.h5'] })).toEqual(['/a.h5', '/b.h5']);
    expect(pathsIn('exportModel', { path: '/m.onnx', format: 'onnx' })).toEqual(['/m.onnx']);
    expect(pathsIn('classify', { paths: 'not a list' })).toEqual(['']);
    expect(pathsIn('browse', { path: '/home' })).toEqual(['/home']);
    expect(pathsIn('state', {})).toEqual([]);
    expect(
      isAppFrame({ senderFrame: { url: 'whisker://app/x', parent: null } } as never, 'whisker://app'),
    ).toBe(true);
  });
});
