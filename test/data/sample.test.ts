import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/metrics.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import { createSeededNetwork, train } from '../../src/core/training.ts';
import { toExamples } from '../../src/data/dataSet.ts';
import { generateSampleData, SAMPLE_CLASSES } from '../../src/data/sample.ts';

describe('the built-in sample data', () => {
  it('draws three classes of shapes, split for training and testing', async () => {
    const dataSet = await generateSampleData({ perClass: 20 });
    expect(dataSet.classes).toEqual([...SAMPLE_CLASSES]);
    expect(dataSet.train.labels.length + dataSet.test!.labels.length).toBe(60);
    expect(dataSet.test!.labels.filter((l) => l === 2)).toHaveLength(4);
    expect(dataSet.train.pixels).toHaveLength(dataSet.train.labels.length * 64 * 64 * 3);
  });

  it('is the same for the same seed, and different for another', async () => {
    const a = await generateSampleData({ perClass: 5, seed: 3 });
    const b = await generateSampleData({ perClass: 5, seed: 3 });
    const c = await generateSampleData({ perClass: 5, seed: 4 });
    expect(Buffer.from(a.train.pixels).equals(Buffer.from(b.train.pixels))).toBe(true);
    expect(Buffer.from(a.train.pixels).equals(Buffer.from(c.train.pixels))).toBe(false);
  });

  it('is learnable: a small network tells the shapes apart within seconds', async () => {
    const dataSet = await generateSampleData({ perClass: 100, width: 32, height: 32 });
    const architecture = {
      inputSize: 32 * 32 * 3,
      layers: [
        { units: 32, activation: 'relu' as const },
        { units: 3, activation: 'softmax' as const },
      ],
      loss: 'softmaxCrossEntropy' as const,
    };
    const config = {
      epochs: 40,
      batchSize: 32,
      learningRate: 0.002,
      learningRateDecay: 0,
      optimizer: DEFAULT_OPTIMIZERS.adam,
      l2: 0,
      initializer: 'he' as const,
      seed: 1,
      validateEvery: 40,
    };
    const { network, random } = createSeededNetwork(architecture, config);
    const examples = toExamples(dataSet.train, 32, 32);
    for (const event of train(network, random, { train: examples, validation: null, classCount: 3 }, config))
      void event;
    const test = evaluate(network, toExamples(dataSet.test!, 32, 32), 3);
    network.dispose();
    expect(test.accuracy).toBeGreaterThan(0.9);
  }, 60_000);
});
