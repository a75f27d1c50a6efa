/** Small, valid model files written by the tests themselves. */
import type { Architecture } from '../../src/core/architecture.ts';
import type { Model, ModelInfo } from '../../src/core/modelFile.ts';
import { createSeededNetwork } from '../../src/core/training.ts';
import { saveModel } from '../../src/data/modelFiles.ts';

/** A one-hidden-layer network for width×height RGB images and the given classes, seeded. */
export function smallModel(
  classes: readonly string[] = ['cat', 'dog'],
  { width = 4, height = 4, info = {} }: { width?: number; height?: number; info?: Partial<ModelInfo> } = {},
): Model {
  const outputs = classes.length === 2 ? 1 : classes.length;
  const architecture: Architecture = {
    inputSize: width * height * 3,
    layers: [
      { units: 5, activation: 'relu' },
      { units: outputs, activation: outputs === 1 ? 'sigmoid' : 'softmax' },
    ],
    loss: outputs === 1 ? 'binaryCrossEntropy' : 'softmaxCrossEntropy',
  };
  const { network } = createSeededNetwork(architecture, { initializer: 'he', seed: 3 });
  const params = Float32Array.from(network.params);
  network.dispose();
  return {
    architecture,
    params,
    info: {
      input: { width, height, channels: 3, layout: 'HWC', scale: 1 / 255, fit: 'stretch' },
      classes,
      setup: null,
      metrics: null,
      datasetHash: null,
      createdAt: '2026-11-25T12:00:00.000Z',
      ...info,
    },
  };
}

export async function writeSmallModel(file: string, ...args: Parameters<typeof smallModel>): Promise<void> {
  await saveModel(file, smallModel(...args));
}
