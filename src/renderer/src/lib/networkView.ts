/**
 * What the network sees of an image during training: copies of its pixels
 * changed by the run's augmentation, with the core's one augmentBatch and a
 * generator as the run draws them.
 */
import { augmentBatch, type AugmentationSetup } from '../../../core/augmentation.ts';
import type { Random } from '../../../core/random.ts';

/**
 * `count` augmented copies of an image given as a canvas's RGBA bytes [H, W, 4]: each
 * copy turned into the network's inputs [H, W, 3] (bytes/255), augmented, and back to RGBA.
 */
export function augmentedCopies(
  rgba: Uint8ClampedArray,
  width: number,
  height: number,
  setup: AugmentationSetup,
  random: Random,
  count: number,
): Uint8ClampedArray[] {
  const pixels = width * height;
  if (rgba.length !== pixels * 4)
    throw new RangeError(`${rgba.length} bytes are not ${width}×${height} RGBA`);
  const n = pixels * 3;
  const batch = new Float32Array(count * n);
  for (let p = 0; p < pixels; p++) for (let c = 0; c < 3; c++) batch[p * 3 + c] = rgba[p * 4 + c]! / 255;
  for (let i = 1; i < count; i++) batch.copyWithin(i * n, 0, n);
  augmentBatch(batch, count, { height, width, channels: 3 }, setup, random);
  return Array.from({ length: count }, (_, i) => {
    const copy = new Uint8ClampedArray(pixels * 4);
    for (let p = 0; p < pixels; p++) {
      for (let c = 0; c < 3; c++) copy[p * 4 + c] = Math.round(batch[i * n + p * 3 + c]! * 255);
      copy[p * 4 + 3] = 255;
    }
    return copy;
  });
}
