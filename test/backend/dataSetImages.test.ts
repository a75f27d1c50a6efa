import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDataSetImage } from '../../src/backend/dataSetImages.ts';
import type { DataSet } from '../../src/data/dataSet.ts';
import { importFolder } from '../../src/data/folder.ts';
import { generateSampleData } from '../../src/data/sample.ts';
import { writeImage } from '../helpers/images.ts';

let root: string;
let dataSet: DataSet;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker-images-'));
  await writeImage(path.join(root, 'cat', 'a.png'), 100, 80, 3);
  await writeImage(path.join(root, 'dog', 'b.jpg'), 100, 80, 9, 'jpeg');
  dataSet = await importFolder(root, { split: { testFraction: 0 } });
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('serving the open data set’s images', () => {
  it('draws 64-pixel thumbnails from the decoded pixels', async () => {
    const image = await serveDataSetImage(dataSet, '/images/train/1/thumbnail');
    expect(image.status).toBe(200);
    expect(image.type).toBe('image/png');
    expect(await sharp(image.body as Uint8Array).metadata()).toMatchObject({ width: 64, height: 64 });
  });

  it("serves an original only when it is one of the data set's own files", async () => {
    const image = await serveDataSetImage(dataSet, '/images/train/0/original');
    expect(image).toMatchObject({ status: 200, type: 'image/png' });
    expect(
      Buffer.from(image.body as Uint8Array).equals(await readFile(path.join(root, 'cat', 'a.png'))),
    ).toBe(true);
    const jpeg = await serveDataSetImage(dataSet, '/images/train/1/original');
    expect(jpeg.type).toBe('image/jpeg');
  });

  it.each([
    '/images/train/2/thumbnail',
    '/images/test/0/thumbnail',
    '/images/train/0/../../etc/passwd',
    '/images/train/-1/original',
    '/images/train/0/original/extra',
    '/etc/passwd',
  ])('refuses %s', async (route) => {
    expect((await serveDataSetImage(dataSet, route)).status).toBe(404);
  });

  it('has nothing to serve without a data set, and serves the decoded pixels at their own size for images without a file (the page magnifies them)', async () => {
    expect((await serveDataSetImage(null, '/images/train/0/thumbnail')).status).toBe(404);
    const sample = await generateSampleData({ perClass: 2 });
    const image = await serveDataSetImage(sample, '/images/train/0/original');
    expect(await sharp(image.body as Uint8Array).metadata()).toMatchObject({
      format: 'png',
      width: 64,
      height: 64,
    });
  });
});
