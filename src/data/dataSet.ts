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
  /** [count, height, width, 3] RGB bytes, HWC */
  readonly pixels: Uint8Array;
  readonly labels: Uint16Array;
  /** where each image came from: a path, or a name inside a file for .h5 and sample data */
  readonly files: readonly string[];
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
  images: Pick<Images, 'pixels' | 'labels'>,
  width: number,
  height: number,
): Examples {
  return {
    inputs: images.pixels,
    labels: images.labels,
    count: images.labels.length,
    inputSize: width * height * 3,
    scale: 1 / 255,
  };
}

/** A new Images holding the chosen images, in the order given. */
export function selectImages(images: Images, indices: readonly number[], imageBytes: number): Images {
  const pixels = new Uint8Array(indices.length * imageBytes);
  const labels = new Uint16Array(indices.length);
  indices.forEach((from, to) => {
    pixels.set(images.pixels.subarray(from * imageBytes, (from + 1) * imageBytes), to * imageBytes);
    labels[to] = images.labels[from]!;
  });
  return { pixels, labels, files: indices.map((i) => images.files[i]!) };
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

/**
 * Stratified random split: each class is shuffled with the seed and divided
 * by the fractions, so every split keeps the classes' proportions. A class
 * always keeps at least one training image.
 */
export function splitImages(
  images: Images,
  classCount: number,
  imageBytes: number,
  { testFraction, validationFraction, seed }: SplitOptions,
): { train: Images; validation: Images | null; test: Images | null } {
  const random = new Random(seed);
  const chosen: Record<SplitName, number[]> = { train: [], validation: [], test: [] };
  for (let label = 0; label < classCount; label++) {
    const members: number[] = [];
    images.labels.forEach((l, i) => l === label && members.push(i));
    random.shuffle(members);
    const test = heldOutOfClass(members.length, testFraction);
    const validation = heldOutOfClass(members.length, validationFraction, test);
    chosen.test.push(...members.slice(0, test));
    chosen.validation.push(...members.slice(test, test + validation));
    chosen.train.push(...members.slice(test + validation));
  }
  const make = (name: SplitName) => {
    const indices = chosen[name].sort((a, b) => a - b);
    return indices.length === 0 && name !== 'train' ? null : selectImages(images, indices, imageBytes);
  };
  return { train: make('train')!, validation: make('validation'), test: make('test') };
}
