import { describe, expect, it } from 'vitest';
import type { TensorShape } from '../../src/core/architecture.ts';
import {
  addNoise,
  adjustBrightness,
  adjustContrast,
  adjustSaturation,
  AUGMENTATION_NAMES,
  AUGMENTATIONS,
  augmentationProblems,
  augmentationRandom,
  augmentBatch,
  describeAugmentation,
  flipHorizontally,
  isAugmenting,
  NO_AUGMENTATION,
  rotate,
  shiftImage,
  type AugmentationSetup,
} from '../../src/core/augmentation.ts';
import { preset, PRESETS } from '../../src/core/presets.ts';
import { Random } from '../../src/core/random.ts';
import { setupProblems, trainingConfigFor } from '../../src/core/runSetup.ts';

/** 3 rows × 4 columns of RGB, NHWC */
const shape: TensorShape = { height: 3, width: 4, channels: 3 };
const n = shape.height * shape.width * shape.channels;

/** Images of random values in [0, 1], one after another. */
function images(count: number, seed = 5, size = n): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: count * size }, () => random.uniform());
}

/** The value of channel c at row y, column x of an image of `shape`. */
const at = (image: ArrayLike<number>, y: number, x: number, c: number, s = shape) =>
  image[(y * s.width + x) * s.channels + c]!;

/** These strengths, the others zero. */
const only = (strengths: Partial<AugmentationSetup>): AugmentationSetup => ({
  ...NO_AUGMENTATION,
  ...strengths,
});

const EVERYTHING = only({
  flip: 0.5,
  shift: 2,
  rotation: 30,
  brightness: 0.3,
  contrast: 0.5,
  saturation: 0.8,
  noise: 0.1,
});

const mean = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0) / values.length;

describe('the augmentation of a batch', () => {
  it('changes nothing, bit for bit, and draws nothing when every strength is zero', () => {
    const x = images(4);
    const before = x.slice();
    const random = new Random(1);
    augmentBatch(x, 4, shape, NO_AUGMENTATION, random);
    expect(x).toEqual(before);
    expect(random.uniform()).toBe(new Random(1).uniform());
  });

  it('gives the same batch for the same seed, and another for another seed', () => {
    const [a, b, c] = [images(6), images(6), images(6)];
    augmentBatch(a, 6, shape, EVERYTHING, new Random(9));
    augmentBatch(b, 6, shape, EVERYTHING, new Random(9));
    augmentBatch(c, 6, shape, EVERYTHING, new Random(10));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('changes each image of the batch by its own draws', () => {
    const one = images(1);
    const x = new Float32Array(3 * n);
    for (let i = 0; i < 3; i++) x.set(one, i * n);
    augmentBatch(x, 3, shape, only({ rotation: 30, brightness: 0.2 }), new Random(2));
    const copies = [0, 1, 2].map((i) => Array.from(x.subarray(i * n, (i + 1) * n)));
    expect(copies[0]).not.toEqual(copies[1]);
    expect(copies[1]).not.toEqual(copies[2]);
  });

  it('keeps every value in [0, 1], whatever the strengths', () => {
    const strongest = Object.fromEntries(
      AUGMENTATION_NAMES.map((name) => [name, AUGMENTATIONS[name].max]),
    ) as AugmentationSetup;
    for (const setup of [EVERYTHING, strongest]) {
      const x = images(20);
      augmentBatch(x, 20, shape, setup, new Random(4));
      expect(x.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });

  it('leaves the examples after the first m alone', () => {
    const x = images(3);
    const rest = x.slice(n);
    augmentBatch(x, 1, shape, EVERYTHING, new Random(3));
    expect(x.subarray(n)).toEqual(rest);
  });

  it('changes float64 batches as it changes float32 ones, to float32 rounding', () => {
    const x = Float64Array.from(images(2));
    augmentBatch(x, 2, shape, EVERYTHING, new Random(3));
    const y = images(2);
    augmentBatch(y, 2, shape, EVERYTHING, new Random(3));
    for (let i = 0; i < 2 * n; i++) expect(x[i]).toBeCloseTo(y[i]!, 5);
  });

  it('refuses settings out of bounds, images that are not RGB and a batch too short for m images', () => {
    expect(() => augmentBatch(images(1), 1, shape, only({ rotation: 90 }), new Random(1))).toThrow(
      /rotation must be from 0 to 45°/,
    );
    expect(() =>
      augmentBatch(images(1), 1, { ...shape, channels: 1 }, only({ flip: 1 }), new Random(1)),
    ).toThrow(/RGB/);
    expect(() => augmentBatch(images(1), 2, shape, only({ flip: 1 }), new Random(1))).toThrow(
      /does not hold 2 images of 36/,
    );
  });
});

describe('each transform', () => {
  it('flips left to right: twice is the image again', () => {
    const image = images(1);
    const flipped = image.slice();
    flipHorizontally(flipped, shape);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 4; x++)
        for (let c = 0; c < 3; c++) expect(at(flipped, y, x, c)).toBe(at(image, y, 3 - x, c));
    flipHorizontally(flipped, shape);
    expect(flipped).toEqual(image);
  });

  it('flips an image of odd width about its middle column', () => {
    const odd = { height: 1, width: 3, channels: 3 };
    const image = Float32Array.from([0.1, 0.1, 0.1, 0.5, 0.5, 0.5, 0.9, 0.9, 0.9]);
    flipHorizontally(image, odd);
    expect(Array.from(image)).toEqual(
      Array.from(Float32Array.from([0.9, 0.9, 0.9, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1])),
    );
  });

  it('shifts by (0, 0) to the image itself', () => {
    const image = images(1);
    const shifted = image.slice();
    shiftImage(shifted, shape, 0, 0, new Float64Array(n));
    expect(shifted).toEqual(image);
  });

  it('shifts by (dx, dy): pixel (x, y) shows (x + dx, y + dy), the edge repeated beyond the border', () => {
    const image = images(1);
    const shifted = image.slice();
    shiftImage(shifted, shape, 1, -2, new Float64Array(n));
    const clamp = (i: number, size: number) => Math.min(size - 1, Math.max(0, i));
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 4; x++)
        for (let c = 0; c < 3; c++)
          expect(at(shifted, y, x, c)).toBe(at(image, clamp(y - 2, 3), clamp(x + 1, 4), c));
  });

  it('rotates by 0° to the image itself, bit for bit', () => {
    const image = images(1);
    const rotated = image.slice();
    rotate(rotated, shape, 0, new Float64Array(n));
    expect(rotated).toEqual(image);
  });

  it('rotates a square image by a quarter turn anticlockwise: the right edge becomes the top', () => {
    const square = { height: 4, width: 4, channels: 3 };
    const image = images(1, 7, 48);
    const rotated = image.slice();
    rotate(rotated, square, 90, new Float64Array(48));
    // the top row, left to right, is the right column, top to bottom
    for (let x = 0; x < 4; x++)
      for (let c = 0; c < 3; c++)
        expect(at(rotated, 0, x, c, square)).toBeCloseTo(at(image, x, 3, c, square), 6);
    // and four quarter turns are the image again
    for (let turn = 1; turn < 4; turn++) rotate(rotated, square, 90, new Float64Array(48));
    for (let i = 0; i < 48; i++) expect(rotated[i]).toBeCloseTo(image[i]!, 6);
  });

  it('rotates by sampling bilinearly: half a pixel to the side is the mean of two neighbours', () => {
    // a 1×3 row turned about its centre by a small angle samples between rows, which clamp to the one row
    const row = { height: 1, width: 3, channels: 3 };
    const image = Float32Array.from([0, 0, 0, 0.5, 0.5, 0.5, 1, 1, 1]);
    const turned = image.slice();
    rotate(turned, row, 30, new Float64Array(9));
    // pixel 0 reads at sx = 1 + cos 30°·(−1) ≈ 0.134: between pixels 0 and 1
    const expected = 0.5 * (1 - Math.cos(Math.PI / 6));
    expect(turned[0]).toBeCloseTo(expected, 6);
    expect(turned[3]).toBe(0.5);
  });

  it('adds the brightness to every value, clamped to [0, 1]', () => {
    const grey = new Float32Array(n).fill(0.5);
    adjustBrightness(grey, 0.2);
    expect(mean(grey)).toBeCloseTo(0.7, 6);
    const light = new Float32Array(n).fill(0.9);
    adjustBrightness(light, 0.2);
    expect(light.every((v) => v === 1)).toBe(true);
  });

  it('scales the distance from the mean grey by the contrast: 0 leaves only the mean, 1 the image', () => {
    const image = images(1);
    const same = image.slice();
    adjustContrast(same, 1);
    for (let i = 0; i < n; i++) expect(same[i]).toBeCloseTo(image[i]!, 6);
    const flat = image.slice();
    adjustContrast(flat, 0);
    let luma = 0;
    for (let p = 0; p < n; p += 3) luma += 0.299 * image[p]! + 0.587 * image[p + 1]! + 0.114 * image[p + 2]!;
    for (const v of flat) expect(v).toBeCloseTo(luma / (n / 3), 6);
  });

  it("scales each colour's distance from its pixel's grey by the saturation: 0 is grey, greys stay grey", () => {
    const image = images(1);
    const grey = image.slice();
    adjustSaturation(grey, 0);
    for (let p = 0; p < n; p += 3) {
      const y = 0.299 * image[p]! + 0.587 * image[p + 1]! + 0.114 * image[p + 2]!;
      for (let c = 0; c < 3; c++) expect(grey[p + c]).toBeCloseTo(y, 6);
    }
    const alreadyGrey = new Float32Array(n).fill(0.25);
    adjustSaturation(alreadyGrey, 1.8);
    for (const v of alreadyGrey) expect(v).toBeCloseTo(0.25, 6);
  });

  it('adds Gaussian noise of the standard deviation asked', () => {
    const values = new Float64Array(20_000).fill(0.5);
    addNoise(values, 0.05, new Random(8));
    const m = mean(values);
    const sd = Math.sqrt(mean(values.map((v) => (v - m) ** 2)));
    expect(m).toBeCloseTo(0.5, 2);
    expect(sd).toBeCloseTo(0.05, 2);
  });
});

describe('the draws', () => {
  it('shift the mean by the drawn brightness, uniform in [−strength, strength)', () => {
    const x = new Float32Array(n).fill(0.5);
    augmentBatch(x, 1, shape, only({ brightness: 0.3 }), new Random(11));
    const drawn = (2 * new Random(11).uniform() - 1) * 0.3;
    expect(mean(x) - 0.5).toBeCloseTo(drawn, 6);
  });

  it('flip about as many images as the chance says', () => {
    const count = 2000;
    const x = new Float32Array(count * n);
    // an image that is dark on the left and light on the right
    for (let i = 0; i < count; i++)
      for (let y = 0; y < 3; y++)
        for (let col = 0; col < 4; col++)
          for (let c = 0; c < 3; c++) x[i * n + (y * 4 + col) * 3 + c] = col < 2 ? 0 : 1;
    augmentBatch(x, count, shape, only({ flip: 0.3 }), new Random(12));
    let flipped = 0;
    for (let i = 0; i < count; i++) if (x[i * n] === 1) flipped++;
    expect(flipped / count).toBeCloseTo(0.3, 1);
  });

  it('shift by whole pixels, at most the strength each way', () => {
    const wide = { height: 1, width: 21, channels: 3 };
    const count = 300;
    const x = new Float32Array(count * 63);
    for (let i = 0; i < count; i++)
      for (let col = 0; col < 21; col++) x.fill(col / 20, i * 63 + col * 3, i * 63 + col * 3 + 3);
    augmentBatch(x, count, wide, only({ shift: 3 }), new Random(13));
    const shifts = new Set<number>();
    for (let i = 0; i < count; i++) shifts.add(Math.round(x[i * 63 + 10 * 3]! * 20) - 10);
    expect([...shifts].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
  });

  it("come from a generator of augmentation's own, seeded from the training seed", () => {
    expect(augmentationRandom(1).uniform()).toBe(augmentationRandom(1).uniform());
    expect(augmentationRandom(1).uniform()).not.toBe(new Random(1).uniform());
    expect(augmentationRandom(1).uniform()).not.toBe(augmentationRandom(2).uniform());
  });
});

describe('the augmentation settings', () => {
  it('are off in every preset but the one named for it', () => {
    for (const { name, setup } of PRESETS)
      expect(isAugmenting(setup.augmentation)).toBe(name === 'Small CNN + augmentation');
    expect(isAugmenting(NO_AUGMENTATION)).toBe(false);
    expect(isAugmenting(only({ noise: 0.01 }))).toBe(true);
  });

  it('say in words what is wrong with them', () => {
    expect(augmentationProblems(EVERYTHING)).toEqual([]);
    expect(augmentationProblems(only({ flip: 1.5, shift: 2.5, noise: -0.1 }))).toEqual([
      'augmentation: horizontal flip must be from 0 to 1',
      'augmentation: shift must be a whole number from 0 to 32 pixels',
      'augmentation: noise must be from 0 to 0.5',
    ]);
    expect(augmentationProblems(undefined)).toEqual(['the augmentation settings are missing']);
    expect(augmentationProblems({ ...NO_AUGMENTATION, rotation: Number.NaN })).toEqual([
      'augmentation: rotation must be from 0 to 45°',
    ]);
  });

  it('are described by the strengths that are on', () => {
    expect(describeAugmentation(NO_AUGMENTATION)).toBe('off');
    expect(describeAugmentation(only({ flip: 0.5, shift: 4, rotation: 10 }))).toBe(
      'horizontal flip 0.5, shift 4 pixels, rotation 10°',
    );
  });

  it("are part of a run's setup, checked with it, and given to the training loop with the input's shape", () => {
    const setup = { ...preset('Quick: one hidden layer, Adam'), augmentation: only({ rotation: 50 }) };
    expect(setupProblems(setup)).toEqual(['augmentation: rotation must be from 0 to 45°']);
    const good = {
      ...preset('Quick: one hidden layer, Adam'),
      input: { width: 32, height: 24, fit: 'stretch' as const },
      augmentation: only({ flip: 0.5 }),
    };
    expect(setupProblems(good)).toEqual([]);
    expect(trainingConfigFor(good).augmentation).toEqual({
      setup: good.augmentation,
      shape: { height: 24, width: 32, channels: 3 },
    });
  });
});
