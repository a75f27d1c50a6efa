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

describe('classifying dropped photos under Electron', () => {
  /** A preload whose host answers each photo with its own name's length as a probability, as a trainer would. */
  function classifier(paths: (string | null)[], answer = (photos: { name: string }[]) => photos) {
    const request = vi.fn(async (_method: string, params?: unknown) => ({
      predictions: answer((params as { photos: { name: string; path: string }[] }).photos).map((photo) => ({
        file: photo.name,
        probabilities: [photo.name.length / 100],
        error: null,
      })),
    }));
    const fake: Preload = {
      request,
      onEvent: () => () => {},
      dropped: async () => paths,
      choose: async () => [],
    };
    return { host: hostFor(fake, 'whisker:'), request };
  }
  const photos = (...names: string[]) => names.map((name) => ({ path: name, file: new File([], name) }));

  it('gives each photo its own prediction, and a file without a path a card that says so, shifting nothing', async () => {
    const { host, request } = classifier(['/p/a.jpg', null, '/p/ccc.jpg']);
    const predictions = await host.classifyFiles(photos('a.jpg', 'bb.jpg', 'ccc.jpg'), () => {});
    expect(request).toHaveBeenCalledWith('classify', {
      photos: [
        { name: 'a.jpg', path: '/p/a.jpg' },
        { name: 'ccc.jpg', path: '/p/ccc.jpg' },
      ],
    });
    expect(predictions).toEqual([
      { file: 'a.jpg', probabilities: [0.05], error: null },
      {
        file: 'bb.jpg',
        probabilities: null,
        error: 'Whisker was not given where this file is; save it to a folder and drop it from there',
      },
      { file: 'ccc.jpg', probabilities: [0.07], error: null },
    ]);
  });

  it('asks nothing of the host when no photo has a path', async () => {
    const { host, request } = classifier([null, null]);
    const predictions = await host.classifyFiles(photos('a.jpg', 'b.jpg'), () => {});
    expect(request).not.toHaveBeenCalled();
    expect(predictions.map((p) => [p.file, p.probabilities])).toEqual([
      ['a.jpg', null],
      ['b.jpg', null],
    ]);
  });

  it('says so for a photo the host left unanswered, rather than giving it another photo’s answer', async () => {
    const { host } = classifier(['/p/a.jpg', '/p/b.jpg'], (sent) => sent.slice(0, 1));
    const predictions = await host.classifyFiles(photos('a.jpg', 'b.jpg'), () => {});
    expect(predictions.map((p) => [p.file, p.error])).toEqual([
      ['a.jpg', null],
      ['b.jpg', 'Whisker did not answer for this file'],
    ]);
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
