import { describe, expect, it } from 'vitest';
import { augmentationRandom, augmentBatch, NO_AUGMENTATION } from '../../src/core/augmentation.ts';
import { Random } from '../../src/core/random.ts';
import { augmentedCopies } from '../../src/renderer/src/lib/networkView.ts';

/** A 3×2 RGBA image of random colours, opaque. */
function picture(): Uint8ClampedArray {
  const random = new Random(4);
  const rgba = new Uint8ClampedArray(3 * 2 * 4);
  for (let p = 0; p < 6; p++) {
    for (let c = 0; c < 3; c++) rgba[p * 4 + c] = random.below(256);
    rgba[p * 4 + 3] = 255;
  }
  return rgba;
}

describe('what the network sees of an image', () => {
  it('is the image itself, as many times as asked, when augmentation is off', () => {
    const copies = augmentedCopies(picture(), 3, 2, NO_AUGMENTATION, new Random(1), 8);
    expect(copies).toHaveLength(8);
    for (const copy of copies) expect(copy).toEqual(picture());
  });

  it("is the image changed as core's augmentBatch changes a training batch, with the run's generator", () => {
    const setup = { ...NO_AUGMENTATION, rotation: 30, brightness: 0.2 };
    const copies = augmentedCopies(picture(), 3, 2, setup, augmentationRandom(1), 2);
    // the inputs the network would get: the bytes / 255 of two copies, changed by the same draws
    const inputs = new Float32Array(2 * 18);
    const rgba = picture();
    for (let i = 0; i < 2; i++)
      for (let p = 0; p < 6; p++)
        for (let c = 0; c < 3; c++) inputs[i * 18 + p * 3 + c] = rgba[p * 4 + c]! / 255;
    augmentBatch(inputs, 2, { height: 2, width: 3, channels: 3 }, setup, augmentationRandom(1));
    copies.forEach((copy, i) => {
      for (let p = 0; p < 6; p++) {
        for (let c = 0; c < 3; c++)
          expect(copy[p * 4 + c]).toBe(Math.round(inputs[i * 18 + p * 3 + c]! * 255));
        expect(copy[p * 4 + 3]).toBe(255);
      }
    });
    expect(copies[0]).not.toEqual(copies[1]);
  });

  it('refuses bytes that are not an RGBA image of the size given', () => {
    expect(() => augmentedCopies(new Uint8ClampedArray(10), 3, 2, NO_AUGMENTATION, new Random(1), 1)).toThrow(
      /10 bytes are not 3×2 RGBA/,
    );
  });
});
