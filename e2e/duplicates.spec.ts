import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { generateSampleData } from '../src/data/sample.ts';
import { expect, test } from './fixtures.ts';
import { CATS, catsAvailable, inTemporaryFolder } from './helpers.ts';

/**
 * train/ and test/ folders of the sample's shapes, as PNGs, with a training
 * circle again in test/ as a smaller JPEG and a training square again, pixel
 * for pixel, in test/.
 */
async function shapesWithCopies(root: string): Promise<void> {
  const shapes = await generateSampleData({
    perClass: 4,
    split: { testFraction: 0, validationFraction: 0, seed: 5 },
  });
  const bytes = 64 * 64 * 3;
  const shape = (i: number) =>
    sharp(shapes.train.pixels.subarray(i * bytes, (i + 1) * bytes), {
      raw: { width: 64, height: 64, channels: 3 },
    });
  for (const split of ['train', 'test'])
    for (const name of shapes.classes) await mkdir(path.join(root, split, name), { recursive: true });
  const written: Record<string, number> = {};
  for (const [i, label] of shapes.train.labels.entries()) {
    const name = shapes.classes[label]!;
    const n = (written[name] = (written[name] ?? -1) + 1);
    const folder = path.join(root, n < 3 ? 'train' : 'test', name);
    await shape(i)
      .png()
      .toFile(path.join(folder, `${n}.png`));
    if (name === 'circle' && n === 0)
      await shape(i)
        .resize(52, 52)
        .jpeg({ quality: 70 })
        .toFile(path.join(root, 'test', name, 'smaller.jpg'));
    if (name === 'square' && n === 0)
      await shape(i)
        .png()
        .toFile(path.join(root, 'test', name, 'same.png'));
  }
}

test('a re-encoded copy of a training image in the test split is named, with its original, and shown beside it', async ({
  app,
}, testInfo) => {
  await inTemporaryFolder('copies', async (root) => {
    await shapesWithCopies(root);
    await app.data.openFolder(root);
    await expect(app.data.heading).toBeVisible({ timeout: 60_000 });
    await expect(app.data.classRow('circle', 3, 0, 2)).toBeVisible();
    await expect(
      app.data.warning(
        '1 pair of images looks like the same picture re-encoded or resized, in two splits: "test/circle/smaller.jpg" and "train/circle/0.png" (test and training). A copy of a training image in the test split flatters test accuracy.',
      ),
    ).toBeVisible();
    await expect(app.data.copies()).toHaveText([
      /^train\/square\/0\.png\s*=\s*test\/square\/same\.png\s*identical pixels, in training and test/,
      /^train\/circle\/0\.png\s*≈\s*test\/circle\/smaller\.jpg\s*re-encoded or resized, in training and test/,
    ]);

    await app.data.compare('train/circle/0.png', 'test/circle/smaller.jpg');
    await expect(app.data.comparison).toContainText(/thumbnails differ by \d\.\d of 255 levels/);
    await expect(app.data.comparison).toContainText('training, labelled circle, 64×64 pixels');
    await expect(app.data.comparison).toContainText('test, labelled circle, 52×52 pixels');
    expect(await app.data.comparedImages()).toEqual({
      names: ['train/circle/0.png', 'test/circle/smaller.jpg'],
      loaded: 2,
    });
    await app.page.screenshot({ path: testInfo.outputPath('compare.png') });
    await app.data.closeComparison();
    await expect(app.data.comparison).toBeHidden();
    await app.page.screenshot({ path: testInfo.outputPath('copies.png'), fullPage: true });
  });
});

test('the course’s cat in both splits is named and opens beside its copy', async ({ app }) => {
  test.skip(!catsAvailable, `the course data is not at ${CATS} (set WHISKER_CATVNONCAT)`);
  await app.data.openFolder(CATS);
  await expect(app.data.heading).toBeVisible({ timeout: 60_000 });
  await expect(app.data.copies()).toHaveText([
    /^train\/cat\/146\.png\s*=\s*test\/cat\/017\.png\s*identical pixels, in training and test/,
  ]);
  await app.data.compare('train/cat/146.png', 'test/cat/017.png');
  expect(await app.data.comparedImages()).toEqual({
    names: ['train/cat/146.png', 'test/cat/017.png'],
    loaded: 2,
  });
});
