import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadFolder, toExamples } from '../../src/data/folder.ts';
import { catvnoncatAvailable, loadCatvnoncat } from '../helpers/catvnoncat.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker folder '));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A w×h PNG whose pixel (x, y) is rgb(x·10, y·10, 7). */
async function gradientPng(file: string, w: number, h: number): Promise<void> {
  const raw = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) raw.set([x * 10, y * 10, 7], (y * w + x) * 3);
  }
  await mkdir(path.dirname(file), { recursive: true });
  await sharp(raw, { raw: { width: w, height: h, channels: 3 } })
    .png()
    .toFile(file);
}

describe('loading a folder of class folders', () => {
  it('gives one class per sub-folder, sorted, with pixels as RGB bytes in HWC order', async () => {
    await gradientPng(path.join(root, 'b', 'one.png'), 3, 2);
    await gradientPng(path.join(root, 'a', 'nested', 'two.png'), 3, 2);
    const dataSet = await loadFolder(root, { width: 3, height: 2 });
    expect(dataSet.classes).toEqual(['a', 'b']);
    expect([...dataSet.labels]).toEqual([0, 1]);
    expect(dataSet.files).toEqual([
      path.join(root, 'a', 'nested', 'two.png'),
      path.join(root, 'b', 'one.png'),
    ]);
    // row 0: (0,0,7) (10,0,7) (20,0,7); row 1: (0,10,7) (10,10,7) (20,10,7)
    expect([...dataSet.pixels.subarray(0, 18)]).toEqual([
      0, 0, 7, 10, 0, 7, 20, 0, 7, 0, 10, 7, 10, 10, 7, 20, 10, 7,
    ]);
    expect(dataSet.skipped).toEqual([]);
  });

  it('resizes to 64×64 by default and feeds the network pixels / 255', async () => {
    await gradientPng(path.join(root, 'x', '1.png'), 20, 10);
    await gradientPng(path.join(root, 'y', '1.png'), 10, 30);
    const dataSet = await loadFolder(root);
    expect(dataSet.pixels).toHaveLength(2 * 64 * 64 * 3);
    const examples = toExamples(dataSet);
    expect(examples.inputSize).toBe(12288);
    expect(examples.scale).toBe(1 / 255);
  });

  it('skips unreadable files with their reason, ignores hidden files and does not follow links', async () => {
    await gradientPng(path.join(root, 'cat', 'good.png'), 4, 4);
    await gradientPng(path.join(root, 'dog', 'good.png'), 4, 4);
    await writeFile(path.join(root, 'cat', 'notes.png'), 'this is text');
    await writeFile(path.join(root, 'dog', 'empty.jpg'), '');
    await writeFile(path.join(root, 'dog', '.DS_Store'), 'x');
    await symlink(root, path.join(root, 'dog', 'loop'));
    const dataSet = await loadFolder(root, { width: 4, height: 4 });
    expect(dataSet.labels).toHaveLength(2);
    expect(dataSet.skipped.map((s) => [path.basename(s.file), s.reason])).toEqual([
      ['notes.png', expect.stringMatching(/not a readable image/)],
      ['empty.jpg', 'the file is empty'],
      ['loop', 'a symbolic link (not followed)'],
    ]);
  });

  it('refuses a folder with fewer than two classes, saying what to do', async () => {
    await gradientPng(path.join(root, 'only', '1.png'), 4, 4);
    await expect(loadFolder(root)).rejects.toThrow(
      /found 1 class folder\(s\); put each class's images in its own sub-folder/,
    );
  });

  it('refuses a class without a usable image', async () => {
    await gradientPng(path.join(root, 'cat', '1.png'), 4, 4);
    await mkdir(path.join(root, 'dog'));
    await writeFile(path.join(root, 'dog', 'broken.png'), 'nope');
    await expect(loadFolder(root)).rejects.toThrow(/no usable image in class "dog"/);
  });

  it.skipIf(!catvnoncatAvailable)(
    'reads the course data set: 209 training and 50 test images of 12,288 values',
    async () => {
      const { train, test } = await loadCatvnoncat();
      expect([train.labels.length, test.labels.length]).toEqual([209, 50]);
      expect(train.labels.filter((l) => l === 1)).toHaveLength(72);
      expect(test.labels.filter((l) => l === 1)).toHaveLength(33);
      expect(train.skipped).toEqual([]);
    },
  );
});
