/**
 * Near-duplicates: the same picture twice, re-encoded, resized or slightly
 * recoloured, within a split or across splits (a copy of a training photo in
 * the test split flatters test accuracy). Each image is reduced to its
 * thumbnail, the means of 8×8 blocks of each colour; two images are
 * near-duplicates when their thumbnails differ by at most NEAR on average
 * (the mean absolute difference, in 0–255 levels).
 *
 * Measured on the course's cats and the sample shapes: copies re-encoded as
 * JPEG at quality 40 to 75 and resized by 80% to 170% differ by at most 5.2;
 * distinct images by at least 6.5 (the sample's 720 look-alike shapes) and
 * 15.8 (the cats).
 *
 * Not every pair is compared: a thumbnail's overall mean, and the means of its
 * four quarters, differ between two images by no more than their thumbnails
 * do, so images sorted by brightness are compared only with those within NEAR
 * of it, first by their quarters, then in full.
 */
import path from 'node:path';
import type { DataSet, SplitName } from './dataSet.ts';
import { SPLIT_NAMES } from './dataSet.ts';

/** Thumbnails are THUMBNAIL × THUMBNAIL blocks of each colour. */
export const THUMBNAIL = 8;
/** Thumbnails at most this far apart (mean absolute difference, 0–255) are of the same picture. */
export const NEAR = 5;
/** The pairs of images compared by their quarters before the check gives up (a few seconds). */
export const MAX_COMPARISONS = 2e8;
/** The pairs reported, at most. */
export const MAX_PAIRS = 1000;

/** One image of a data set: its split, its place in the split (as thumbnails address it), its class and file. */
export interface ImageRef {
  readonly split: SplitName;
  readonly index: number;
  readonly className: string;
  /** the file's path inside the data set's folder, with '/' ("test/cat/017.png"); the file itself without a folder */
  readonly name: string;
}

export function imageRef(dataSet: DataSet, split: SplitName, index: number): ImageRef {
  const images = dataSet[split]!;
  const file = images.files[index]!;
  const name = dataSet.folder ? path.relative(dataSet.folder, file).split(path.sep).join('/') : file;
  return { split, index, className: dataSet.classes[images.labels[index]!]!, name };
}

export interface NearDuplicate {
  readonly first: ImageRef;
  readonly second: ImageRef;
  /** the mean absolute difference of their thumbnails, 0–255 */
  readonly difference: number;
}

export interface NearDuplicates {
  readonly pairs: readonly NearDuplicate[];
  /** false when the check stopped at MAX_COMPARISONS or MAX_PAIRS */
  readonly complete: boolean;
}

/** The block means of width × height × 3 bytes: THUMBNAIL² blocks, RGB. */
export function thumbnailOf(pixels: Uint8Array, width: number, height: number): Float32Array {
  const sums = new Float32Array(THUMBNAIL * THUMBNAIL * 3);
  const counts = new Float32Array(THUMBNAIL * THUMBNAIL);
  for (let y = 0; y < height; y++) {
    const row = Math.floor((y * THUMBNAIL) / height) * THUMBNAIL;
    for (let x = 0; x < width; x++) {
      const block = row + Math.floor((x * THUMBNAIL) / width);
      const i = (y * width + x) * 3;
      sums[block * 3] += pixels[i]!;
      sums[block * 3 + 1] += pixels[i + 1]!;
      sums[block * 3 + 2] += pixels[i + 2]!;
      counts[block]! += 1;
    }
  }
  return sums.map((sum, i) => sum / Math.max(1, counts[Math.floor(i / 3)]!));
}

/** The means of a thumbnail's four quarters, RGB: their mean absolute difference bounds the thumbnails'. */
function quartersOf(thumbnail: Float32Array): Float32Array {
  const half = THUMBNAIL / 2;
  const quarters = new Float32Array(12);
  for (let by = 0; by < THUMBNAIL; by++)
    for (let bx = 0; bx < THUMBNAIL; bx++) {
      const q = (by < half ? 0 : 2) + (bx < half ? 0 : 1);
      for (let c = 0; c < 3; c++)
        quarters[q * 3 + c]! += thumbnail[(by * THUMBNAIL + bx) * 3 + c]! / (half * half);
    }
  return quarters;
}

function meanAbsoluteDifference(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

function samePixels(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Every pair of images, within a split or across splits, whose thumbnails are
 * at most NEAR apart and whose pixels are not identical (those are exact
 * duplicates, reported as such): the closest pairs first.
 */
export function findNearDuplicates(dataSet: DataSet, near = NEAR): NearDuplicates {
  const { width, height } = dataSet;
  const imageBytes = width * height * 3;
  const images: {
    ref: ImageRef;
    pixels: Uint8Array;
    thumbnail: Float32Array;
    quarters: Float32Array;
    mean: number;
  }[] = [];
  for (const split of SPLIT_NAMES) {
    const set = dataSet[split];
    if (set === null) continue;
    set.labels.forEach((_, index) => {
      const pixels = set.pixels.subarray(index * imageBytes, (index + 1) * imageBytes);
      const thumbnail = thumbnailOf(pixels, width, height);
      const quarters = quartersOf(thumbnail);
      images.push({
        ref: imageRef(dataSet, split, index),
        pixels,
        thumbnail,
        quarters,
        mean: quarters.reduce((sum, v) => sum + v, 0) / quarters.length,
      });
    });
  }
  images.sort((a, b) => a.mean - b.mean);
  const pairs: NearDuplicate[] = [];
  let comparisons = 0;
  let complete = true;
  search: for (let i = 0; i < images.length; i++) {
    const a = images[i]!;
    for (let j = i + 1; j < images.length && images[j]!.mean - a.mean <= near; j++) {
      if (++comparisons > MAX_COMPARISONS || pairs.length >= MAX_PAIRS) {
        complete = false;
        break search;
      }
      const b = images[j]!;
      if (meanAbsoluteDifference(a.quarters, b.quarters) > near) continue;
      const difference = meanAbsoluteDifference(a.thumbnail, b.thumbnail);
      if (difference > near || (difference === 0 && samePixels(a.pixels, b.pixels))) continue;
      const [first, second] =
        SPLIT_NAMES.indexOf(a.ref.split) <= SPLIT_NAMES.indexOf(b.ref.split) ? [a, b] : [b, a];
      pairs.push({ first: first.ref, second: second.ref, difference });
    }
  }
  return { pairs: pairs.sort((p, q) => p.difference - q.difference), complete };
}
