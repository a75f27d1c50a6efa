/**
 * What the current model says about images: every image of a data set's
 * split (the Results view), one of them (the large image view), or photos
 * from outside the data set (Classify); and the data set's images listed by
 * split, class and file name (the Images view).
 */
import path from 'node:path';
import type { Prediction, Replies } from '../api/contract.ts';
import { evaluate } from '../core/metrics.ts';
import { networkFromModel } from '../core/model.ts';
import type { Model } from '../core/modelFile.ts';
import { toExamples, type DataSet, type SplitName } from '../data/dataSet.ts';
import type { DecodeOptions } from '../data/decode.ts';
import { FileError } from '../data/fileError.ts';

export function listImages(
  dataSet: DataSet,
  {
    split,
    offset,
    limit,
    classIndex,
    search,
  }: {
    split: SplitName;
    offset: number;
    limit: number;
    classIndex: number | null;
    search: string;
  },
): Replies['listImages'] {
  const images = dataSet[split];
  const needle = search.toLowerCase();
  const matches: { index: number; file: string; label: number }[] = [];
  images?.files.forEach((file, index) => {
    const label = images.labels[index]!;
    if (classIndex !== null && label !== classIndex) return;
    if (needle && !path.basename(file).toLowerCase().includes(needle)) return;
    matches.push({ index, file, label });
  });
  return { total: matches.length, items: matches.slice(offset, offset + limit) };
}

/** The model's probabilities for the images of a split, all of them or only `index`. */
function splitProbabilities(dataSet: DataSet, model: Model, split: SplitName, index?: number): Float32Array {
  const images = dataSet[split];
  if (images === null) throw new Error(`the data set has no ${split} split`);
  if (index !== undefined && index >= images.labels.length)
    throw new Error(`the ${split} split has no image ${index}`);
  const { width, height } = model.info.input;
  if (
    width !== dataSet.width ||
    height !== dataSet.height ||
    model.info.classes.join('\n') !== dataSet.classes.join('\n')
  ) {
    throw new Error("the model was made for other images or classes than the open data set's");
  }
  const examples = toExamples(images, width, height);
  const network = networkFromModel(model);
  try {
    if (index === undefined) return evaluate(network, examples, dataSet.classes.length).probabilities;
    const size = examples.inputSize;
    const one = {
      ...examples,
      inputs: examples.inputs.subarray(index * size, (index + 1) * size),
      labels: examples.labels.subarray(index, index + 1),
      count: 1,
    };
    return evaluate(network, one, dataSet.classes.length).probabilities;
  } finally {
    network.dispose();
  }
}

export function splitResults(dataSet: DataSet, model: Model, split: SplitName): Replies['results'] {
  const probabilities = splitProbabilities(dataSet, model, split);
  const images = dataSet[split]!;
  const classes = dataSet.classes.length;
  return {
    classes: [...dataSet.classes],
    items: images.files.map((file, index) => ({
      index,
      file,
      label: images.labels[index]!,
      probabilities: Array.from(probabilities.subarray(index * classes, (index + 1) * classes)),
    })),
  };
}

export function imagePrediction(
  dataSet: DataSet,
  model: Model,
  split: SplitName,
  index: number,
): Replies['predictImage'] {
  return { probabilities: Array.from(splitProbabilities(dataSet, model, split, index)) };
}

/** Photos decoded as the model's inputs were; the ones that cannot be read say why. */
export async function classifyImages(
  model: Model,
  images: readonly { file: string; read: (size: DecodeOptions) => Promise<Uint8Array> }[],
): Promise<{ predictions: Prediction[] }> {
  const { width, height, scale } = model.info.input;
  const network = networkFromModel(model);
  const classes = model.info.classes.length;
  try {
    const predictions: Prediction[] = [];
    for (const { file, read } of images) {
      try {
        const pixels = await read({ width, height, fit: 'stretch' });
        const { probabilities } = evaluate(
          network,
          { inputs: pixels, labels: new Uint16Array(1), count: 1, inputSize: width * height * 3, scale },
          classes,
        );
        predictions.push({ file, probabilities: Array.from(probabilities), error: null });
      } catch (error) {
        predictions.push({
          file,
          probabilities: null,
          error: error instanceof FileError ? error.reason : (error as Error).message,
        });
      }
    }
    return { predictions };
  } finally {
    network.dispose();
  }
}
