import { describe, expect, it } from 'vitest';
import { Batch } from '../../src/core/examples.ts';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { splitImages, toExamples, type DataSet, type Images } from '../../src/data/dataSet.ts';
import { runSplits } from '../../src/data/runSplits.ts';

const SIDE = 2;
const IMAGE_BYTES = SIDE * SIDE * 3;

/** `count` images whose every byte is their own index, labelled by index mod `classes`. */
function numberedImages(count: number, classes: number): Images {
  const pixels = new Uint8Array(count * IMAGE_BYTES);
  for (let i = 0; i < count; i++) pixels.fill(i, i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES);
  return {
    pixels,
    labels: Uint16Array.from({ length: count }, (_, i) => i % classes),
    files: Array.from({ length: count }, (_, i) => `image ${i}`),
  };
}

/** The number each image of a split carries in its bytes, checked to be its whole image. */
function numbersIn(images: Images): number[] {
  return images.files.map((_, i) => {
    const row = images.rows ? images.rows[i]! : i;
    const bytes = images.pixels.subarray(row * IMAGE_BYTES, (row + 1) * IMAGE_BYTES);
    expect(bytes.every((b) => b === bytes[0])).toBe(true);
    return bytes[0]!;
  });
}

const fileNumbers = (images: Images) => images.files.map((file) => Number(file.split(' ')[1]));

describe('splitting decoded images', () => {
  it('moves each image with its file and label, within the one buffer it was decoded into', () => {
    const images = numberedImages(200, 4);
    const buffer = images.pixels.buffer;
    const { train, validation, test } = splitImages(images, 4, IMAGE_BYTES, {
      testFraction: 0.2,
      validationFraction: 0.1,
      seed: 5,
    });
    const splits = [train, validation!, test!];
    expect(splits.map((s) => s.labels.length)).toEqual([140, 20, 40]);
    for (const split of splits) {
      expect(split.pixels.buffer).toBe(buffer);
      expect(numbersIn(split)).toEqual(fileNumbers(split));
      expect(Array.from(split.labels)).toEqual(fileNumbers(split).map((n) => n % 4));
      // each split keeps the images' own order
      expect(fileNumbers(split)).toEqual([...fileNumbers(split)].sort((a, b) => a - b));
    }
    // training, validation and test one after another: the whole buffer, each image once
    expect(splits.map((s) => s.pixels.byteOffset / IMAGE_BYTES)).toEqual([0, 140, 160]);
    expect(splits.flatMap(fileNumbers).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 200 }, (_, i) => i),
    );
  });
});

describe("a run's validation hold-out", () => {
  it("shares its data set's pixels, and its batches hold the right images", () => {
    const images = numberedImages(100, 2);
    const dataSet: DataSet = {
      classes: ['a', 'b'],
      width: SIDE,
      height: SIDE,
      train: images,
      validation: null,
      test: null,
      splitBy: 'folders',
      skipped: [],
    };
    const splits = runSplits(dataSet, { classOrder: null, validationFraction: 0.2, splitSeed: 3 });
    expect([splits.train.labels.length, splits.validation!.labels.length]).toEqual([80, 20]);
    expect(splits.train.pixels).toBe(images.pixels);
    expect(splits.validation!.pixels).toBe(images.pixels);
    expect(numbersIn(splits.validation!)).toEqual(fileNumbers(splits.validation!));
    expect(numbersIn(splits.train)).toEqual(fileNumbers(splits.train));

    const examples = toExamples(splits.validation!, SIDE, SIDE);
    const batch = new Batch(examples.inputSize, 1, 3, referenceKernel());
    batch.gather(examples, [4, 0, 19], 0, 3);
    const expected = [4, 0, 19].map((i) => fileNumbers(splits.validation!)[i]! / 255);
    for (let r = 0; r < 3; r++) {
      expect(batch.x[r * IMAGE_BYTES]).toBeCloseTo(expected[r]!, 6);
      expect(batch.labels[r]).toBe(splits.validation!.labels[[4, 0, 19][r]!]);
    }
  });
});
