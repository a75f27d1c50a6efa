/**
 * A data set as Whisker keeps it: decoded images as bytes, a label each, and
 * where each came from, in up to three splits.
 */
import type { Examples } from '../core/examples.ts';
import { Random } from '../core/random.ts';
import { heldOutOfClass } from '../core/runSetup.ts';
import type { Skipped } from './walk.ts';

export type SplitName = 'train' | 'validation' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'validation', 'test'];

export interface Images {
  /** [count, height, width, 3] RGB bytes, HWC; with `rows`, the images are those rows of it */
  readonly pixels: Uint8Array;
  readonly labels: Uint16Array;
  /** where each image came from: a path, or a name inside a file for .h5 and sample data */
  readonly files: readonly string[];
  /**
   * which images of `pixels` these are, in order: a run's hold-out shares its data set's pixels
   * rather than copying them. A data set's own splits never have it.
   */
  readonly rows?: Int32Array;
}

export interface DataSet {
  readonly classes: readonly string[];
  readonly width: number;
  readonly height: number;
  readonly train: Images;
  readonly validation: Images | null;
  readonly test: Images | null;
  /** how the splits were made */
  readonly splitBy: 'folders' | 'random' | 'file';
  readonly skipped: readonly Skipped[];
  /** the real path of the folder the images were read from, when they were (not for .h5 or sample data) */
  readonly folder?: string;
}

export function imageCount(images: Images | null): number {
  return images === null ? 0 : images.labels.length;
}

/** The images as the network's examples: pixels / 255, flattened in HWC order. */
export function toExamples(
  images: Pick<Images, 'pixels' | 'labels' | 'rows'>,
  width: number,
  height: number,
): Examples {
  return {
    inputs: images.pixels,
    labels: images.labels,
    count: images.labels.length,
    inputSize: width * height * 3,
    scale: 1 / 255,
    ...(images.rows ? { rows: images.rows } : {}),
  };
}

/** The chosen images, in the order given, on the same pixels (no copy). */
export function selectImages(
  images: Pick<Images, 'pixels' | 'labels' | 'files' | 'rows'>,
  indices: readonly number[],
): Images {
  return {
    pixels: images.pixels,
    labels: Uint16Array.from(indices, (i) => images.labels[i]!),
    files: indices.map((i) => images.files[i]!),
    rows: Int32Array.from(indices, (i) => (images.rows ? images.rows[i]! : i)),
  };
}

export interface SplitOptions {
  /** fraction of each class held out for testing, 0 to 0.9 */
  readonly testFraction: number;
  /** fraction of each class held out for validation, 0 to 0.9 */
  readonly validationFraction: number;
  readonly seed: number;
}

export const DEFAULT_SPLIT: SplitOptions = { testFraction: 0.2, validationFraction: 0, seed: 1 };

export function splitProblem({ testFraction, validationFraction, seed }: SplitOptions): string | null {
  const fraction = (v: number) => Number.isFinite(v) && v >= 0 && v <= 0.9;
  if (!fraction(testFraction) || !fraction(validationFraction) || testFraction + validationFraction > 0.9) {
    return 'test and validation fractions must each be from 0 to 0.9, and together at most 0.9';
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff)
    return 'the seed must be an integer from 0 to 2^32 − 1';
  return null;
}

type Chosen = Record<SplitName, number[]>;

/**
 * Stratified random split: each class is shuffled with the seed and divided
 * by the fractions, so every split keeps the classes' proportions. A class
 * always keeps at least one training image. Each split's indices ascend.
 */
export function splitIndices(
  labels: ArrayLike<number>,
  classCount: number,
  { testFraction, validationFraction, seed }: SplitOptions,
): Chosen {
  const random = new Random(seed);
  const chosen: Chosen = { train: [], validation: [], test: [] };
  for (let label = 0; label < classCount; label++) {
    const members: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) members.push(i);
    random.shuffle(members);
    const test = heldOutOfClass(members.length, testFraction);
    const validation = heldOutOfClass(members.length, validationFraction, test);
    chosen.test.push(...members.slice(0, test));
    chosen.validation.push(...members.slice(test, test + validation));
    chosen.train.push(...members.slice(test + validation));
  }
  for (const name of SPLIT_NAMES) chosen[name].sort((a, b) => a - b);
  return chosen;
}

/**
 * Splits freshly decoded images (see splitIndices) without a second copy of their
 * pixels: the images are moved within their own buffer, training images first, then
 * validation, then test, each split a contiguous part of it. No one else may hold
 * views of `images.pixels` meanwhile.
 */
export function splitImages(
  images: Images,
  classCount: number,
  imageBytes: number,
  options: SplitOptions,
): { train: Images; validation: Images | null; test: Images | null } {
  const chosen = splitIndices(images.labels, classCount, options);
  const order = [...chosen.train, ...chosen.validation, ...chosen.test];
  reorderImages(images.pixels, order, imageBytes);
  let start = 0;
  const part = (name: SplitName): Images | null => {
    const indices = chosen[name];
    const from = start;
    start += indices.length;
    if (indices.length === 0 && name !== 'train') return null;
    return {
      pixels: images.pixels.subarray(from * imageBytes, start * imageBytes),
      labels: Uint16Array.from(indices, (i) => images.labels[i]!),
      files: indices.map((i) => images.files[i]!),
    };
  };
  return { train: part('train')!, validation: part('validation'), test: part('test') };
}

/** Puts image order[p] at place p, for every p, moving each image once along the permutation's cycles. */
function reorderImages(pixels: Uint8Array, order: readonly number[], imageBytes: number): void {
  const image = (i: number) => pixels.subarray(i * imageBytes, (i + 1) * imageBytes);
  const placed = new Uint8Array(order.length);
  const held = new Uint8Array(imageBytes);
  for (let cycle = 0; cycle < order.length; cycle++) {
    if (placed[cycle] || order[cycle] === cycle) continue;
    held.set(image(cycle));
    let place = cycle;
    for (;;) {
      placed[place] = 1;
      const from = order[place]!;
      if (from === cycle) {
        pixels.set(held, place * imageBytes);
        break;
      }
      pixels.copyWithin(place * imageBytes, from * imageBytes, (from + 1) * imageBytes);
      place = from;
    }
  }
}
