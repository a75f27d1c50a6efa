/**
 * What a data set tells the user before training: how many images each class
 * has in each split, and what deserves a warning (strong imbalance, the same
 * image twice, or a re-encoded copy of one, a test set too small to measure
 * accuracy finely), naming the files.
 */
import { createHash } from 'node:crypto';
import { imageCount, SPLIT_NAMES, type DataSet, type Images, type SplitName } from './dataSet.ts';
import { imageLibrary } from './imageLibrary.ts';
import { findNearDuplicates, imageRef, type ImageRef, type NearDuplicate } from './nearDuplicates.ts';

/** Largest over smallest class in training above which a warning is shown. */
export const IMBALANCE_RATIO = 3;

export interface ClassCount {
  readonly name: string;
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

export interface Duplicate {
  /** every copy of one decoded image: split, place in the split, class and file */
  readonly copies: readonly ImageRef[];
}

export interface DataSetReport {
  readonly counts: readonly ClassCount[];
  /** images whose decoded pixels are identical */
  readonly duplicates: readonly Duplicate[];
  /** pairs of images that are the same picture re-encoded, resized or recoloured */
  readonly nearDuplicates: readonly NearDuplicate[];
  readonly warnings: readonly string[];
}

/** At most this many files are named in one warning. */
const NAMED = 3;
const SPLIT_WORDS = { train: 'training', validation: 'validation', test: 'test' } as const;
const plural = (count: number, one: string, many: string) =>
  `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

function countLabels(images: Images | null, classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  if (images !== null) for (const label of images.labels) counts[label]!++;
  return counts;
}

export function describeDataSet(dataSet: DataSet): DataSetReport {
  const { classes } = dataSet;
  const perSplit = Object.fromEntries(
    SPLIT_NAMES.map((split) => [split, countLabels(dataSet[split], classes.length)]),
  ) as Record<SplitName, number[]>;
  const counts = classes.map((name, c) => ({
    name,
    train: perSplit.train[c]!,
    validation: perSplit.validation[c]!,
    test: perSplit.test[c]!,
  }));

  const warnings: string[] = [];
  const byTrain = [...counts].sort((a, b) => a.train - b.train);
  const [smallest, largest] = [byTrain[0]!, byTrain.at(-1)!];
  if (largest.train >= IMBALANCE_RATIO * smallest.train) {
    warnings.push(
      `Strong class imbalance: "${largest.name}" has ${largest.train} training images, "${smallest.name}" only ` +
        `${smallest.train} (${(largest.train / smallest.train).toFixed(1)}×). A network can score well by mostly ` +
        `answering "${largest.name}"; look at per-class recall, or add images of "${smallest.name}".`,
    );
  }
  const testSize = imageCount(dataSet.test);
  if (testSize > 0 && testSize < 100) {
    warnings.push(
      `Small test set: ${testSize} images, so one image moves test accuracy by ${(100 / testSize).toFixed(1)} ` +
        'percentage points. Differences of a few points between runs may be chance.',
    );
  }

  const duplicates = findDuplicates(dataSet);
  const near = findNearDuplicates(dataSet);
  warnings.push(...duplicateWarnings(duplicates), ...nearDuplicateWarnings(near));
  return { counts, duplicates, nearDuplicates: near.pairs, warnings };
}

/** A file as the user knows it: its path inside the data set's folder. */
const named = (image: ImageRef) => `"${image.name}"`;

/** "a; b; c", or "a; b; c; and 4 more" */
function listed(items: readonly string[]): string {
  const shown = items.slice(0, NAMED);
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}

function duplicateWarnings(duplicates: readonly Duplicate[]): string[] {
  const warnings: string[] = [];
  const group = (d: Duplicate) => d.copies.map((c) => named(c)).join(' = ');
  const across = duplicates.filter((d) => new Set(d.copies.map((c) => c.split)).size > 1);
  if (across.length > 0)
    warnings.push(
      `${plural(across.length, 'image appears', 'images appear')} in more than one split (the same decoded pixels): ` +
        `${listed(across.map(group))}. Test accuracy is flattered when the network has seen a test image in training.`,
    );
  const conflicting = duplicates.filter((d) => new Set(d.copies.map((c) => c.className)).size > 1);
  if (conflicting.length > 0)
    warnings.push(
      `${plural(conflicting.length, 'image appears', 'images appear')} in more than one class: ${listed(conflicting.map(group))}. ` +
        'Their labels contradict each other.',
    );
  const within = duplicates.filter((d) => !across.includes(d));
  if (within.length > 0)
    warnings.push(
      `${plural(within.length, 'image appears', 'images appear')} more than once within a split: ${listed(within.map(group))}.`,
    );
  return warnings;
}

function nearDuplicateWarnings(near: ReturnType<typeof findNearDuplicates>): string[] {
  const pair = (p: NearDuplicate) => `${named(p.second)} and ${named(p.first)}`;
  const across = near.pairs.filter((p) => p.first.split !== p.second.split);
  const within = near.pairs.filter((p) => p.first.split === p.second.split);
  const warnings: string[] = [];
  if (across.length > 0)
    warnings.push(
      `${plural(across.length, 'pair of images looks', 'pairs of images look')} like the same picture re-encoded or resized, ` +
        `in two splits: ${listed(across.map((p) => `${pair(p)} (${SPLIT_WORDS[p.second.split]} and ${SPLIT_WORDS[p.first.split]})`))}. ` +
        'A copy of a training image in the test split flatters test accuracy.',
    );
  if (within.length > 0)
    warnings.push(
      `${plural(within.length, 'pair of images looks', 'pairs of images look')} like the same picture re-encoded or resized, ` +
        `within a split: ${listed(within.map(pair))}.`,
    );
  if (!near.complete)
    warnings.push(
      `The check for re-encoded or resized copies stopped after ${near.pairs.length.toLocaleString('en')} pairs ` +
        'or too many comparisons: there may be more.',
    );
  return warnings;
}

/** Groups of images whose decoded pixels are identical. */
export function findDuplicates(dataSet: DataSet): Duplicate[] {
  const imageBytes = dataSet.width * dataSet.height * 3;
  const groups = new Map<string, ImageRef[]>();
  for (const split of SPLIT_NAMES) {
    const images = dataSet[split];
    if (images === null) continue;
    images.labels.forEach((_, i) => {
      const hash = createHash('sha256')
        .update(images.pixels.subarray(i * imageBytes, (i + 1) * imageBytes))
        .digest('base64');
      const copy = imageRef(dataSet, split, i);
      const group = groups.get(hash);
      if (group) group.push(copy);
      else groups.set(hash, [copy]);
    });
  }
  return [...groups.values()].filter((copies) => copies.length > 1).map((copies) => ({ copies }));
}

/** A hash of every training image and label, in order: names the data a model was trained on. */
export function trainingSetHash(dataSet: DataSet): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ classes: dataSet.classes, width: dataSet.width, height: dataSet.height }));
  hash.update(dataSet.train.pixels);
  hash.update(
    new Uint8Array(
      dataSet.train.labels.buffer,
      dataSet.train.labels.byteOffset,
      dataSet.train.labels.byteLength,
    ),
  );
  return hash.digest('hex');
}

/** A small PNG of one image, for browsing. */
export async function thumbnail(
  dataSet: DataSet,
  split: SplitName,
  index: number,
  size = 64,
): Promise<Buffer> {
  const images = dataSet[split];
  if (images === null || !Number.isInteger(index) || index < 0 || index >= images.labels.length) {
    throw new RangeError(`no image ${index} in the ${split} split`);
  }
  const imageBytes = dataSet.width * dataSet.height * 3;
  return imageLibrary()(images.pixels.subarray(index * imageBytes, (index + 1) * imageBytes), {
    raw: { width: dataSet.width, height: dataSet.height, channels: 3 },
  })
    .resize(size, size, { fit: 'inside' })
    .png()
    .toBuffer();
}
