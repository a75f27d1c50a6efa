import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDataSetImage } from '../../src/backend/dataSetImages.ts';
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
});
