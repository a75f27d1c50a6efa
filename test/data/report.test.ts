import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFolder } from '../../src/data/folder.ts';
import { NEAR } from '../../src/data/nearDuplicates.ts';
import { describeDataSet, thumbnail, trainingSetHash } from '../../src/data/report.ts';
import { generateSampleData } from '../../src/data/sample.ts';
import { catvnoncatAvailable, loadCatvnoncat } from '../helpers/catvnoncat.ts';
import { writeImage } from '../helpers/images.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker-report-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('what a data set tells the user', () => {
  it.skipIf(!catvnoncatAvailable)(
    "counts per class and split, warns that 50 test images are few, and finds the course set's image in both splits",
    async () => {
      const report = describeDataSet(await loadCatvnoncat());
      expect(report.counts).toEqual([
        { name: 'non-cat', train: 137, validation: 0, test: 17 },
        { name: 'cat', train: 72, validation: 0, test: 33 },
      ]);
      expect(report.warnings).toEqual([
        'Small test set: 50 images, so one image moves test accuracy by 2.0 percentage points. Differences of a few points between runs may be chance.',
        '1 image appears in more than one split (the same decoded pixels): "train/cat/146.png" = "test/cat/017.png". Test accuracy is flattered when the network has seen a test image in training.',
      ]);
      expect(report.nearDuplicates).toEqual([]);
      // Training image 146 and test image 17 of the course's files are the same cat.
      expect(report.duplicates.map((d) => d.copies.map((c) => c.name))).toEqual([
        ['train/cat/146.png', 'test/cat/017.png'],
      ]);
    },
  );

  it('warns of strong class imbalance', async () => {
    for (let i = 0; i < 9; i++) await writeImage(path.join(root, 'many', `${i}.png`), 4, 4, i * 3);
    for (let i = 0; i < 3; i++) await writeImage(path.join(root, 'few', `${i}.png`), 4, 4, 100 + i * 3);
    const dataSet = await importFolder(root, { decode: { width: 4, height: 4 }, split: { testFraction: 0 } });
    expect(describeDataSet(dataSet).warnings[0]).toMatch(
      /^Strong class imbalance: "many" has 9 training images, "few" only 3 \(3\.0×\)/,
    );
  });

  it('finds the same image within a split, across train and test, and in two classes', async () => {
    for (const split of ['train', 'test']) {
      await writeImage(path.join(root, split, 'cat', 'a.png'), 4, 4, 1);
      await writeImage(path.join(root, split, 'dog', 'b.png'), 4, 4, 2);
    }
    await writeImage(path.join(root, 'train', 'cat', 'a-copy.png'), 4, 4, 1);
    await writeImage(path.join(root, 'train', 'dog', 'also-a.png'), 4, 4, 1);
    const dataSet = await importFolder(root, { decode: { width: 4, height: 4 } });
    const report = describeDataSet(dataSet);
    const groups = report.duplicates.map((d) => d.copies.map((c) => c.name));
    expect(groups).toEqual([
      ['train/cat/a-copy.png', 'train/cat/a.png', 'train/dog/also-a.png', 'test/cat/a.png'],
      ['train/dog/b.png', 'test/dog/b.png'],
    ]);
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^2 images appear in more than one split \(the same decoded pixels\): "train\/cat\/a-copy\.png" = "train\/cat\/a\.png" = "train\/dog\/also-a\.png" = "test\/cat\/a\.png"; "train\/dog\/b\.png" = "test\/dog\/b\.png"\./,
        ),
        expect.stringMatching(/^1 image appears in more than one class: "train\/cat\/a-copy\.png" = /),
      ]),
    );
    expect(report.duplicates[1]!.copies.map((c) => [c.split, c.index])).toEqual([
      ['train', 3],
      ['test', 1],
    ]);
  });

  it('finds a re-encoded, resized copy of a training image in the test split, and names both files', async () => {
    const sample = await generateSampleData({
      perClass: 6,
      split: { testFraction: 0, validationFraction: 0, seed: 1 },
    });
    const bytes = 64 * 64 * 3;
    const raw = (i: number) =>
      sharp(sample.train.pixels.subarray(i * bytes, (i + 1) * bytes), {
        raw: { width: 64, height: 64, channels: 3 },
      });
    for (const [i, label] of sample.train.labels.entries()) {
      const className = sample.classes[label]!;
      const split = i % 6 < 4 ? 'train' : 'test';
      await mkdir(path.join(root, split, className), { recursive: true });
      await raw(i)
        .png()
        .toFile(path.join(root, split, className, `${i}.png`));
    }
    // image 0, a circle in training, again in the test split: 90% of its size, as a JPEG of quality 75
    await mkdir(path.join(root, 'test', 'circle'), { recursive: true });
    await raw(0)
      .resize(58, 58)
      .jpeg({ quality: 75 })
      .toFile(path.join(root, 'test', 'circle', 'copy.jpg'));
    const report = describeDataSet(await importFolder(root));
    expect(report.duplicates).toEqual([]);
    expect(report.nearDuplicates).toHaveLength(1);
    const [pair] = report.nearDuplicates;
    expect([pair!.first, pair!.second].map((image) => [image.split, image.name, image.className])).toEqual([
      ['train', 'train/circle/0.png', 'circle'],
      ['test', 'test/circle/copy.jpg', 'circle'],
    ]);
    expect(pair!.difference).toBeGreaterThan(0);
    expect(pair!.difference).toBeLessThan(NEAR);
    expect(report.warnings).toContain(
      '1 pair of images looks like the same picture re-encoded or resized, in two splits: "test/circle/copy.jpg" and ' +
        '"train/circle/0.png" (test and training). A copy of a training image in the test split flatters test accuracy.',
    );
  });

  it.skipIf(!catvnoncatAvailable)(
    "finds no re-encoded copies among the course's different cats",
    async () => {
      expect(describeDataSet(await loadCatvnoncat()).nearDuplicates).toEqual([]);
    },
  );

  it('makes PNG thumbnails and a hash that changes with the training data', async () => {
    await writeImage(path.join(root, 'cat', 'a.png'), 8, 8, 1);
    await writeImage(path.join(root, 'dog', 'b.png'), 8, 8, 2);
    const dataSet = await importFolder(root, { decode: { width: 8, height: 8 }, split: { testFraction: 0 } });
    const png = await thumbnail(dataSet, 'train', 1, 4);
    expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: 4, height: 4 });
    await expect(thumbnail(dataSet, 'test', 0)).rejects.toThrow(/no image 0 in the test split/);
    const hash = trainingSetHash(dataSet);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    dataSet.train.pixels[0] ^= 1;
    expect(trainingSetHash(dataSet)).not.toBe(hash);
  });
});
