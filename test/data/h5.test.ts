import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { H5Error, importH5 } from '../../src/data/h5.ts';
import { CATVNONCAT_DIR, catvnoncatAvailable, loadCatvnoncat } from '../helpers/catvnoncat.ts';

const h5 = (name: string) => path.join(CATVNONCAT_DIR, 'h5', name);

describe.skipIf(!catvnoncatAvailable)("the course's .h5 files", () => {
  it('import byte for byte equal to the PNG copies, with the same labels and class names', async () => {
    const fromH5 = await importH5([h5('train_catvnoncat.h5'), h5('test_catvnoncat.h5')]);
    const fromPng = await loadCatvnoncat();
    expect(fromH5.classes).toEqual(['non-cat', 'cat']);
    expect(fromH5.splitBy).toBe('file');
    for (const split of ['train', 'test'] as const) {
      const a = fromH5[split]!;
      const b = fromPng[split]!;
      expect(a.labels).toHaveLength(b.labels.length);
      // The PNG folders are by class; NNN in each file name is the image's index in the .h5 file.
      b.files.forEach((file, i) => {
        const index = Number(path.basename(file, '.png'));
        const bytes = 64 * 64 * 3;
        expect(a.labels[index]).toBe(b.labels[i]);
        expect(
          Buffer.from(a.pixels.subarray(index * bytes, (index + 1) * bytes)).equals(
            Buffer.from(b.pixels.subarray(i * bytes, (i + 1) * bytes)),
          ),
        ).toBe(true);
      });
    }
    expect(fromH5.train.files[3]).toBe('train_catvnoncat.h5#3');
  });

  it('resize to another input size when asked', async () => {
    const small = await importH5([h5('test_catvnoncat.h5'), h5('train_catvnoncat.h5')], {
      decode: { width: 16, height: 16 },
    });
    expect(small.train.pixels).toHaveLength(209 * 16 * 16 * 3);
    expect(small.test!.labels).toHaveLength(50);
  });
});

describe('refusing .h5 files that are not what they claim', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'whisker-h5-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('refuses a file that is not HDF5, naming it', async () => {
    const file = path.join(dir, 'fake.h5');
    await writeFile(file, 'this is not HDF5');
    await expect(importH5([file])).rejects.toThrow(H5Error);
    await expect(importH5([file])).rejects.toThrow(`${file}: not an HDF5 file`);
  });

  it.skipIf(!catvnoncatAvailable)(
    'refuses a test file on its own: the training split is missing',
    async () => {
      await expect(importH5([h5('test_catvnoncat.h5')])).rejects.toThrow(/no training split/);
    },
  );

  it('refuses a missing file, saying so', async () => {
    await expect(importH5([path.join(dir, 'missing.h5')])).rejects.toThrow(
      /missing.h5: the file does not exist/,
    );
  });

  it('refuses a file whose class names repeat one another', async () => {
    const file = path.join(dir, 'twins.h5');
    await h5wasm.ready;
    const h5 = new h5wasm.File(file, 'w');
    h5.create_dataset({
      name: 'train_set_x',
      data: new Uint8Array(2 * 2 * 2 * 3),
      shape: [2, 2, 2, 3],
      dtype: '<B',
    });
    h5.create_dataset({ name: 'train_set_y', data: new BigInt64Array([0n, 1n]), shape: [2] });
    h5.create_dataset({ name: 'list_classes', data: ['cat', 'cat'] });
    h5.close();
    await expect(importH5([file])).rejects.toThrow(
      `${file}: "list_classes": "cat" appears twice; each class needs a name of its own`,
    );
  });
});
