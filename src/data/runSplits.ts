/**
 * What one run trains, validates and tests on: the data set's splits in the
 * run's class order, with a validation split from the data set's own val/
 * folder, or else held out of the training split as the run's setup says
 * (stratified, from the split seed). The test split is never validation.
 */
import { labelMap } from '../core/classOrder.ts';
import type { RunData } from '../core/finishRun.ts';
import type { RunSetup } from '../core/runSetup.ts';
import { selectImages, splitIndices, toExamples, type DataSet, type Images } from './dataSet.ts';

export interface RunSplits {
  /** the class names in the run's label order */
  readonly classes: readonly string[];
  readonly train: Images;
  readonly validation: Images | null;
  readonly test: Images | null;
  /** where the validation split came from */
  readonly validationFrom: 'folder' | 'training split' | null;
}

export function runSplits(
  dataSet: DataSet,
  setup: Pick<RunSetup, 'classOrder' | 'validationFraction' | 'splitSeed'>,
): RunSplits {
  const classes = setup.classOrder ?? dataSet.classes;
  const map = labelMap(dataSet.classes, classes);
  const relabel = (images: Images | null): Images | null =>
    images && { ...images, labels: images.labels.map((label) => map[label]!) };
  const train = relabel(dataSet.train)!;
  const test = relabel(dataSet.test);
  if (dataSet.validation !== null) {
    return { classes, train, validation: relabel(dataSet.validation), test, validationFrom: 'folder' };
  }
  if (setup.validationFraction <= 0) return { classes, train, validation: null, test, validationFrom: null };
  // Views of the data set's own pixels: a run holds no copy of them.
  const held = splitIndices(train.labels, classes.length, {
    testFraction: 0,
    validationFraction: setup.validationFraction,
    seed: setup.splitSeed,
  });
  return {
    classes,
    train: selectImages(train, held.train),
    validation: held.validation.length > 0 ? selectImages(train, held.validation) : null,
    test,
    validationFrom: 'training split',
  };
}

/** The splits as the network's examples, for core's training loop and finishRun(). */
export function runData(splits: RunSplits, width: number, height: number): RunData {
  const examples = (images: Images | null) => images && toExamples(images, width, height);
  return {
    train: examples(splits.train)!,
    validation: examples(splits.validation),
    test: examples(splits.test),
    classes: splits.classes,
  };
}
