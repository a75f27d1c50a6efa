import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataSet } from '../../src/data/dataSet.ts';
import { importFolder } from '../../src/data/folder.ts';
import { findNearDuplicates, MAX_PAIRS, NEAR } from '../../src/data/nearDuplicates.ts';
import { generateSampleData } from '../../src/data/sample.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'whisker-near-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** The sample's shapes (noisy backgrounds, look-alike shapes), all in training, 64×64. */
const shapes = await generateSampleData({
  perClass: 8,
  split: { testFraction: 0, validationFraction: 0, seed: 3 },
});
const BYTES = 64 * 64 * 3;
const shape = (i: number) =>
  sharp(shapes.train.pixels.subarray(i * BYTES, (i + 1) * BYTES), {
    raw: { width: 64, height: 64, channels: 3 },
  });
const classOf = (i: number) => shapes.classes[shapes.train.labels[i]!]!;

/** Writes each shape as a PNG, the first five of every class in train/, the rest in test/: 24 different images. */
async function writeShapes(): Promise<void> {
  for (let i = 0; i < shapes.train.labels.length; i++) {
    const folder = path.join(root, i < 15 ? 'train' : 'test', classOf(i));
    await mkdir(folder, { recursive: true });
    await shape(i)
      .png()
      .toFile(path.join(folder, `${i}.png`));
  }
}

const pairsOf = (dataSet: DataSet) =>
  findNearDuplicates(dataSet).pairs.map((pair) => [pair.first.name, pair.second.name]);

describe('near-duplicates, found where the pixels are decoded', () => {
  it('pairs nothing among different images, however alike their shapes and colours', async () => {
    await writeShapes();
    const found = findNearDuplicates(await importFolder(root));
    expect(found).toEqual({ pairs: [], complete: true });
  });

  it('finds a PNG re-encoded as a JPEG, resized smaller or larger, or recompressed, within and across splits', async () => {
    await writeShapes();
    const copy = (name: string) => path.join(root, name);
    await shape(0)
      .jpeg({ quality: 60 })
      .toFile(copy(`test/${classOf(0)}/as-jpeg.jpg`));
    await shape(1)
      .resize(51, 51)
      .jpeg({ quality: 75 })
      .toFile(copy(`test/${classOf(1)}/smaller.jpg`));
    await shape(2)
      .resize(96, 96)
      .png()
      .toFile(copy(`train/${classOf(2)}/larger.png`));
    const once = await shape(3).jpeg({ quality: 90 }).toBuffer();
    await sharp(once)
      .jpeg({ quality: 40 })
      .toFile(copy(`test/${classOf(3)}/twice.jpg`));

    const dataSet = await importFolder(root);
    expect(pairsOf(dataSet).sort()).toEqual(
      [
        [`train/${classOf(0)}/0.png`, `test/${classOf(0)}/as-jpeg.jpg`],
        [`train/${classOf(1)}/1.png`, `test/${classOf(1)}/smaller.jpg`],
        [`train/${classOf(2)}/2.png`, `train/${classOf(2)}/larger.png`].sort(),
        [`train/${classOf(3)}/3.png`, `test/${classOf(3)}/twice.jpg`],
      ].sort(),
    );
    const { pairs } = findNearDuplicates(dataSet);
    expect(pairs.every((pair) => pair.difference > 0 && pair.difference <= NEAR)).toBe(true);
    // closest first, and the training image first when a pair spans two splits
    expect(pairs.map((pair) => pair.difference)).toEqual(
      pairs.map((pair) => pair.difference).sort((a, b) => a - b),
    );
    expect(
      pairs.filter((pair) => pair.second.split === 'test').every((pair) => pair.first.split === 'train'),
    ).toBe(true);
  });

  it('leaves identical pixels to the exact duplicate check', async () => {
    await writeShapes();
    await shape(0)
      .png()
      .toFile(path.join(root, 'test', classOf(0), 'same.png'));
    expect(pairsOf(await importFolder(root))).toEqual([]);
  });

  it(`says when it stopped early: at most ${MAX_PAIRS} pairs are reported`, () => {
    // 50 copies of one image, each with its own faint noise: 1,225 pairs
    const random = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) % 3) - 1;
    const count = 50;
    const pixels = new Uint8Array(count * 48);
    for (let i = 0; i < count; i++) {
      const noise = random(i + 1);
      for (let p = 0; p < 48; p++) pixels[i * 48 + p] = 100 + noise();
    }
    const dataSet: DataSet = {
      classes: ['grey'],
      width: 4,
      height: 4,
      train: {
        pixels,
        labels: new Uint16Array(count),
        files: Array.from({ length: count }, (_, i) => `${i}`),
      },
      validation: null,
      test: null,
      splitBy: 'folders',
      skipped: [],
    };
    const found = findNearDuplicates(dataSet);
    expect(found.complete).toBe(false);
    expect(found.pairs).toHaveLength(MAX_PAIRS);
  });
});
