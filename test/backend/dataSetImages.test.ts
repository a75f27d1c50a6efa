import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveDataSetImage, type ServedImage } from '../../src/backend/dataSetImages.ts';
import { OpenDataSet } from '../../src/backend/openDataSet.ts';
import type { DataSet, SplitName } from '../../src/data/dataSet.ts';
import { OpenData } from '../../src/trainer/openData.ts';
import { importFolder } from '../../src/data/folder.ts';
import { generateSampleData } from '../../src/data/sample.ts';
import { writeImage } from '../helpers/images.ts';

let root: string;
let dataSet: DataSet;

/** The open data set as the backend knows it (number `id`), and the trainer drawing its thumbnails. */
function served(images: DataSet, id = 7) {
  const inTrainer = new OpenData(images);
  const open = new OpenDataSet(id, 'pets', { kind: 'loadSample', seed: 1, perClass: 2 }, inTrainer.index());
  const draw = (split: SplitName, index: number, size: number) => inTrainer.thumbnail(split, index, size);
  return (route: string) => serveDataSetImage(open, route, draw);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker-images-'));
  await writeImage(path.join(root, 'cat', 'a.png'), 100, 80, 3);
  await writeImage(path.join(root, 'dog', 'b.jpg'), 100, 80, 9, 'jpeg');
  dataSet = await importFolder(root, { split: { testFraction: 0 } });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('serving the open data set’s images', () => {
  it('draws 64-pixel thumbnails from the decoded pixels', async () => {
    const image = await served(dataSet)('/images/7/train/1/thumbnail');
    expect(image.status).toBe(200);
    expect(image.type).toBe('image/png');
    expect(await sharp(image.body as Uint8Array).metadata()).toMatchObject({ width: 64, height: 64 });
  });

  it("serves an original only when it is one of the data set's own files", async () => {
    const image = await served(dataSet)('/images/7/train/0/original');
    expect(image).toMatchObject({ status: 200, type: 'image/png' });
    expect(
      Buffer.from(image.body as Uint8Array).equals(await readFile(path.join(root, 'cat', 'a.png'))),
    ).toBe(true);
    const jpeg = await served(dataSet)('/images/7/train/1/original');
    expect(jpeg.type).toBe('image/jpeg');
  });

  it('serves the input of an image, even one with a file: its decoded pixels exactly, as the network reads them', async () => {
    const image = await served(dataSet)('/images/7/train/1/input');
    expect(image.type).toBe('image/png');
    const { data, info } = await sharp(image.body as Uint8Array)
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 64, height: 64, channels: 3 });
    const bytes = 64 * 64 * 3;
    expect(Buffer.from(data).equals(Buffer.from(dataSet.train.pixels.subarray(bytes, 2 * bytes)))).toBe(true);
  });

  it.each([
    '/images/7/train/2/thumbnail',
    '/images/7/test/0/thumbnail',
    '/images/7/train/0/../../etc/passwd',
    '/images/7/train/-1/original',
    '/images/7/train/0/original/extra',
    '/images/train/0/original',
    '/etc/passwd',
  ])('refuses %s', async (route) => {
    expect((await served(dataSet)(route)).status).toBe(404);
  });

  it('never serves an image of an earlier data set under its address: the data set is in it', async () => {
    expect((await served(dataSet, 8)('/images/7/train/0/thumbnail')).status).toBe(404);
    expect((await served(dataSet, 8)('/images/8/train/0/thumbnail')).status).toBe(200);
  });

  it('has nothing to serve without a data set, and serves the decoded pixels at their own size for images without a file (the page magnifies them)', async () => {
    const nothing = await serveDataSetImage(null, '/images/7/train/0/thumbnail', () =>
      Promise.reject(new Error()),
    );
    expect(nothing.status).toBe(404);
    const sample = await generateSampleData({ perClass: 2 });
    const image = await served(sample)('/images/7/train/0/original');
    expect(await sharp(image.body as Uint8Array).metadata()).toMatchObject({
      format: 'png',
      width: 64,
      height: 64,
    });
  });

  describe('when a file of the data set is swapped after the import', () => {
    let swapped: string;
    let outside: string;

    beforeEach(async () => {
      swapped = await mkdtemp(path.join(tmpdir(), 'whisker-swapped-'));
      outside = await mkdtemp(path.join(tmpdir(), 'whisker-outside-'));
      await writeFile(path.join(outside, 'secret.png'), 'the contents of a private file');
      await writeImage(path.join(swapped, 'cat', 'a.png'), 10, 10, 3);
      await writeImage(path.join(swapped, 'dog', 'b.png'), 10, 10, 9);
    });
    afterEach(async () => {
      await rm(swapped, { recursive: true, force: true });
      await rm(outside, { recursive: true, force: true });
    });

    /** The original of train image 0 once `swap` has changed the folder, as served. */
    async function servedAfter(swap: () => Promise<void>): Promise<ServedImage> {
      const imported = await importFolder(swapped, { split: { testFraction: 0 } });
      await swap();
      return within(2000, served(imported)('/images/7/train/0/original'));
    }

    const isDecodedPixels = async (image: ServedImage) =>
      image.type === 'image/png' && (await sharp(image.body as Uint8Array).metadata()).width === 64;

    it('serves the decoded pixels, not the target, when the file became a symbolic link', async () => {
      const image = await servedAfter(async () => {
        await rm(path.join(swapped, 'cat', 'a.png'));
        await symlink(path.join(outside, 'secret.png'), path.join(swapped, 'cat', 'a.png'));
      });
      expect(Buffer.from(image.body as Uint8Array).toString()).not.toMatch(/private/);
      expect(await isDecodedPixels(image)).toBe(true);
    });

    it('serves the decoded pixels when a folder on the way became a symbolic link out of the data set', async () => {
      const image = await servedAfter(async () => {
        await rename(path.join(outside, 'secret.png'), path.join(outside, 'a.png'));
        await rm(path.join(swapped, 'cat'), { recursive: true });
        await symlink(outside, path.join(swapped, 'cat'));
      });
      expect(Buffer.from(image.body as Uint8Array).toString()).not.toMatch(/private/);
      expect(await isDecodedPixels(image)).toBe(true);
    });

    it('serves the decoded pixels, without waiting, when the file became a named pipe', async () => {
      const image = await servedAfter(async () => {
        await rm(path.join(swapped, 'cat', 'a.png'));
        execFileSync('mkfifo', [path.join(swapped, 'cat', 'a.png')]);
      });
      expect(await isDecodedPixels(image)).toBe(true);
    });
  });
});

/** Fails, instead of hanging, when there is no answer in time. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}
