/**
 * What a network makes of one image of the open data set: the image as the
 * network reads it (its pixels / 255), through the network once, drawn as
 * core/featureMaps.ts draws it.
 */
import { Batch } from '../core/examples.ts';
import { featureMaps, type FeatureMaps } from '../core/featureMaps.ts';
import type { Network } from '../core/network.ts';
import { toExamples, type DataSet, type SplitName } from '../data/dataSet.ts';

export function imageMaps(
  network: Network,
  dataSet: DataSet,
  split: SplitName,
  index: number,
): FeatureMaps<Uint8Array> {
  const images = dataSet[split];
  if (images === null) throw new Error(`the data set has no ${split} split`);
  const { width, height } = dataSet;
  const shape = network.architecture.inputShape;
  const fits =
    network.inputSize === width * height * 3 &&
    (shape === undefined || (shape.width === width && shape.height === height));
  if (!fits)
    throw new Error(
      `the network takes ${shape ? `${shape.width}×${shape.height} images` : `${network.inputSize} values`}; the open data set was read at ${width}×${height}`,
    );
  const examples = toExamples(images, width, height);
  if (index >= examples.count) throw new Error(`the ${split} split has no image ${index}`);
  const batch = new Batch(examples.inputSize, network.outputSize, 1, network.kernel);
  try {
    batch.gather(examples, [index], 0, 1);
    return featureMaps(network, batch.x);
  } finally {
    batch.dispose();
  }
}
