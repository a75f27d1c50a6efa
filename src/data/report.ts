/**
 * What a data set tells the user before training: how many images each class
 * has in each split, and what deserves a warning (strong imbalance, the same
 * image twice, a test set too small to measure accuracy finely).
 */
import { createHash } from 'node:crypto';
import { imageCount, SPLIT_NAMES, type DataSet, type Images, type SplitName } from './dataSet.ts';
import { imageLibrary } from './imageLibrary.ts';

/** Largest over smallest class in training above which a warning is shown. */
export const IMBALANCE_RATIO = 3;

export interface ClassCount {
  readonly name: string;
  readonly train: number;
  readonly validation: number;
  readonly test: number;
}

export interface Duplicate {
  /** every copy of one decoded image: split, class and file */
  readonly copies: readonly { split: SplitName; className: string; file: string }[];
}

export interface DataSetReport {
  readonly counts: readonly ClassCount[];
  readonly duplicates: readonly Duplicate[];
  readonly warnings: readonly string[];
}

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
  const across = duplicates.filter((d) => new Set(d.copies.map((c) => c.split)).size > 1);
  const conflicting = duplicates.filter((d) => new Set(d.copies.map((c) => c.className)).size > 1);
  if (across.length > 0) {
    warnings.push(
      `${across.length} image(s) appear in more than one split (the same decoded pixels): test accuracy is ` +
        'flattered when the network has seen a test image in training.',
    );
  }
  if (conflicting.length > 0) {
    warnings.push(
      `${conflicting.length} image(s) appear in more than one class: their labels contradict each other.`,
    );
  }
  const within = duplicates.length - across.length;
  if (within > 0) warnings.push(`${within} image(s) appear more than once within a split.`);
  return { counts, duplicates, warnings };
}

/** Groups of images whose decoded pixels are identical. */
export function findDuplicates(dataSet: DataSet): Duplicate[] {
  const imageBytes = dataSet.width * dataSet.height * 3;
  const groups = new Map<string, Duplicate['copies'][number][]>();
  for (const split of SPLIT_NAMES) {
    const images = dataSet[split];
    if (images === null) continue;
    images.labels.forEach((label, i) => {
      const hash = createHash('sha256')
        .update(images.pixels.subarray(i * imageBytes, (i + 1) * imageBytes))
        .digest('base64');
      const copy = { split, className: dataSet.classes[label]!, file: images.files[i]! };
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
