import { describe, expect, it, vi } from 'vitest';
import { hostFor, PRELOAD_MISSING, type Preload } from '../../src/renderer/src/lib/host.ts';

/** A preload whose drops resolve to `paths`, recording the requests it is sent. */
function preload(paths: (string | null)[]) {
  const request = vi.fn(async (method: string, params?: unknown) => ({ method, params }));
  const fake: Preload = {
    request,
    onEvent: () => () => {},
    dropped: async () => paths,
    choose: async () => [],
  };
  return { host: hostFor(fake, 'whisker:'), request };
}

const drop = (count: number) =>
  ({ files: Array.from({ length: count }, (_, i) => new File([], `item-${i}`)) }) as unknown as DataTransfer;

describe('dropping under Electron', () => {
  it('opens several dropped folders as one data set, each a class, as the browser host does', async () => {
    const { host, request } = preload(['/home/me/pets/cat', '/home/me/pets/dog']);
    await host.openDrop(drop(2), () => {});
    expect(request).toHaveBeenCalledWith('openClassFolders', {
      paths: ['/home/me/pets/cat', '/home/me/pets/dog'],
    });
  });

  it('opens one dropped folder as the folder of class folders, and dropped .h5 files as the course data', async () => {
    const folder = preload(['/home/me/pets']);
    await folder.host.openDrop(drop(1), () => {});
    expect(folder.request).toHaveBeenCalledWith('openFolder', { path: '/home/me/pets' });
    const h5 = preload(['/c/train_catvnoncat.h5', '/c/test_catvnoncat.h5']);
    await h5.host.openDrop(drop(2), () => {});
    expect(h5.request).toHaveBeenCalledWith('openH5', {
      paths: ['/c/train_catvnoncat.h5', '/c/test_catvnoncat.h5'],
    });
  });

  it('leaves out what has no path, and says what to drop when nothing has one', async () => {
    const some = preload([null, '/home/me/pets/cat', '/home/me/pets/dog']);
    await some.host.openDrop(drop(3), () => {});
    expect(some.request).toHaveBeenCalledWith('openClassFolders', {
      paths: ['/home/me/pets/cat', '/home/me/pets/dog'],
    });
    await expect(preload([null]).host.openDrop(drop(1), () => {})).rejects.toThrow(/^Nothing to open/);
  });
});

describe("the app's own window without its preload", () => {
  it('says the preload did not load, for every request, and never tries a WebSocket', async () => {
    const socket = vi.fn();
    vi.stubGlobal('WebSocket', socket);
    const host = hostFor(undefined, 'whisker:');
    await expect(host.request('state')).rejects.toThrow(PRELOAD_MISSING);
    await expect(host.openDrop(drop(1), () => {})).rejects.toThrow(PRELOAD_MISSING);
    await expect(host.chooseFolder!()).rejects.toThrow(PRELOAD_MISSING);
    await expect(host.saveModel('onnx')).rejects.toThrow(PRELOAD_MISSING);
    expect(socket).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});
