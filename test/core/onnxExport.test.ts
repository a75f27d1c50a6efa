import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { placeLayers, type Architecture } from '../../src/core/architecture.ts';
import { evaluate } from '../../src/core/metrics.ts';
import { networkFromModel } from '../../src/core/model.ts';
import type { Model } from '../../src/core/modelFile.ts';
import { exportOnnx } from '../../src/core/onnxExport.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import { createSeededNetwork, train } from '../../src/core/training.ts';
import { toExamples, type Images } from '../../src/data/dataSet.ts';
import type { Examples } from '../../src/core/examples.ts';
import { catvnoncatAvailable, loadCatvnoncat } from '../helpers/catvnoncat.ts';

const info = (classes: string[], width: number, height: number): Model['info'] => ({
  input: { width, height, channels: 3, layout: 'HWC', scale: 1 / 255, fit: 'stretch' },
  classes,
  setup: null,
  metrics: null,
  datasetHash: null,
  createdAt: '2026-11-25T00:00:00.000Z',
});

/** The largest difference between onnxruntime's probabilities and Whisker's for the same images. */
async function largestDifference(
  model: Model,
  images: Images,
  width: number,
  height: number,
): Promise<number> {
  const session = await ort.InferenceSession.create(exportOnnx(model));
  const count = images.labels.length;
  const inputSize = width * height * 3;
  const output = await session.run({
    pixels: new ort.Tensor('float32', Float32Array.from(images.pixels), [count, inputSize]),
  });
  const onnx = output['probabilities']!.data as Float32Array;
  const network = networkFromModel(model);
  const whisker = evaluate(
    network,
    toExamples(images, width, height),
    model.info.classes.length,
  ).probabilities;
  network.dispose();
  expect(onnx).toHaveLength(whisker.length);
  return Math.max(...onnx.map((p, i) => Math.abs(p - whisker[i]!)));
}

describe('ONNX export', () => {
  it.skipIf(!catvnoncatAvailable)(
    'runs in onnxruntime (its WebAssembly build) with the same probabilities as Whisker on the course test images (within 1e-5)',
    async () => {
      const dataSet = await loadCatvnoncat();
      const architecture: Architecture = {
        inputSize: 12288,
        layers: [
          { units: 20, activation: 'relu' },
          { units: 7, activation: 'relu' },
          { units: 5, activation: 'relu' },
          { units: 1, activation: 'sigmoid' },
        ],
        loss: 'binaryCrossEntropy',
      };
      const config = {
        epochs: 300,
        batchSize: 0,
        learningRate: 0.0075,
        learningRateDecay: 0,
        optimizer: DEFAULT_OPTIMIZERS.gradientDescent,
        l2: 0,
        initializer: 'lecun' as const,
        seed: 1,
        validateEvery: 300,
      };
      const { network, random } = createSeededNetwork(architecture, config);
      const examples = toExamples(dataSet.train, 64, 64);
      for (const event of train(
        network,
        random,
        { train: examples, validation: null, classCount: 2 },
        config,
      ))
        void event;
      const model = {
        architecture,
        params: Float32Array.from(network.params),
        info: info(['non-cat', 'cat'], 64, 64),
      };
      network.dispose();
      expect(await largestDifference(model, dataSet.test!, 64, 64)).toBeLessThan(1e-5);
    },
    60_000,
  );

  it('exports every activation and a softmax output, as a graph from pixels to probabilities', async () => {
    const architecture: Architecture = {
      inputSize: 12,
      layers: [
        { units: 6, activation: 'leakyRelu' },
        { units: 5, activation: 'tanh' },
        { units: 4, activation: 'sigmoid' },
        { units: 4, activation: 'linear' },
        { units: 3, activation: 'relu' },
        { units: 3, activation: 'softmax' },
      ],
      loss: 'softmaxCrossEntropy',
    };
    const { network } = createSeededNetwork(architecture, { initializer: 'he', seed: 5 });
    const model = {
      architecture,
      params: Float32Array.from(network.params),
      info: info(['a', 'b', 'c'], 2, 2),
    };
    network.dispose();
    const images: Images = {
      pixels: Uint8Array.from({ length: 7 * 12 }, (_, i) => (i * 53) % 256),
      labels: new Uint16Array(7),
      files: [],
    };
    expect(await largestDifference(model, images, 2, 2)).toBeLessThan(1e-5);
    const session = await ort.InferenceSession.create(exportOnnx(model));
    expect(session.inputNames).toEqual(['pixels']);
    expect(session.outputNames).toEqual(['probabilities']);
  });

  /** A network of every layer type trained for `epochs` on `examples`, so batch norm's running statistics have moved. */
  function trainedModel(
    architecture: Architecture,
    examples: Examples,
    classes: string[],
    epochs: number,
    side: number,
  ) {
    const config = {
      epochs,
      batchSize: 8,
      learningRate: 0.01,
      learningRateDecay: 0,
      optimizer: DEFAULT_OPTIMIZERS.adam,
      l2: 0,
      initializer: 'he' as const,
      seed: 3,
    };
    const { network, random } = createSeededNetwork(architecture, config);
    for (const event of train(
      network,
      random,
      { train: examples, validation: null, classCount: classes.length },
      config,
    ))
      void event;
    const model = {
      architecture,
      params: Float32Array.from(network.params),
      info: info(classes, side, side),
    };
    network.dispose();
    return model;
  }

  it('exports convolutions (same and valid, stride 1 and 2), both poolings, batch norm, dropout and flatten', async () => {
    const side = 9;
    const architecture: Architecture = {
      inputSize: side * side * 3,
      inputShape: { height: side, width: side, channels: 3 },
      layers: [
        { type: 'conv2d', filters: 4, kernel: 3, stride: 2, padding: 'same', activation: 'relu' },
        { type: 'batchNorm' },
        { type: 'conv2d', filters: 5, kernel: 2, stride: 1, padding: 'valid', activation: 'tanh' },
        { type: 'maxPool', size: 2, stride: 1 },
        { type: 'averagePool', size: 2, stride: 2 },
        { type: 'dropout', rate: 0.2 },
        { type: 'flatten' },
        { units: 6, activation: 'leakyRelu' },
        { type: 'batchNorm' },
        { units: 3, activation: 'softmax' },
      ],
      loss: 'softmaxCrossEntropy',
    };
    const count = 12;
    const images: Images = {
      pixels: Uint8Array.from(
        { length: count * architecture.inputSize },
        (_, i) => (i * 97 + (i >> 5)) % 256,
      ),
      labels: Uint16Array.from({ length: count }, (_, i) => i % 3),
      files: [],
    };
    const model = trainedModel(architecture, toExamples(images, side, side), ['a', 'b', 'c'], 3, side);
    // the first batch norm's running mean [4] sits after the convolution's values and its γ and β
    const runningMean = placeLayers(architecture)[0]!.stored + 2 * 4;
    expect(Array.from(model.params.subarray(runningMean, runningMean + 4)).some((v) => v !== 0)).toBe(true);
    expect(await largestDifference(model, images, side, side)).toBeLessThan(1e-5);
  });

  it.skipIf(!catvnoncatAvailable)(
    'runs a small CNN trained on the cat images in onnxruntime with the same probabilities on the test images (within 1e-5)',
    async () => {
      const dataSet = await loadCatvnoncat();
      const architecture: Architecture = {
        inputSize: 12288,
        inputShape: { height: 64, width: 64, channels: 3 },
        layers: [
          { type: 'conv2d', filters: 8, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
          { type: 'maxPool', size: 2, stride: 2 },
          { type: 'batchNorm' },
          { type: 'conv2d', filters: 8, kernel: 3, stride: 2, padding: 'same', activation: 'relu' },
          { type: 'maxPool', size: 2, stride: 2 },
          { type: 'flatten' },
          { units: 16, activation: 'relu' },
          { units: 1, activation: 'sigmoid' },
        ],
        loss: 'binaryCrossEntropy',
      };
      const model = trainedModel(architecture, toExamples(dataSet.train, 64, 64), ['non-cat', 'cat'], 1, 64);
      expect(await largestDifference(model, dataSet.test!, 64, 64)).toBeLessThan(1e-5);
    },
    120_000,
  );
});
