/**
 * The training path, pinned: the first ten batch losses of a fixed small run
 * on the generated sample data, which every machine can draw. A change
 * anywhere between the pixels and the update rule moves these numbers.
 */
import { describe, expect, it } from 'vitest';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { defaultKernel } from '../../src/core/kernels/defaultKernel.ts';
import type { Kernel } from '../../src/core/kernels/kernel.ts';
import { preset } from '../../src/core/presets.ts';
import { architectureFor, trainingConfigFor, type RunSetup } from '../../src/core/runSetup.ts';
import { createSeededNetwork, train } from '../../src/core/training.ts';
import { toExamples } from '../../src/data/dataSet.ts';
import { runSplits } from '../../src/data/runSplits.ts';
import { generateSampleData } from '../../src/data/sample.ts';

const setup: RunSetup = {
  ...preset('Quick: one hidden layer, Adam'),
  hidden: [{ units: 8, activation: 'relu' }],
  batchSize: 16,
  epochs: 4,
  input: { width: 16, height: 16, fit: 'stretch' },
};

/** Measured once with the plain TypeScript kernel; every kernel must give them to float32 rounding. */
const FIRST_TEN = [
  1.502318, 1.0871731, 1.2370075, 1.1340369, 1.1826224, 1.0049084, 1.0539165, 1.1184618, 1.1458598, 1.0630462,
];

async function firstBatchLosses(kernel: Kernel): Promise<number[]> {
  const dataSet = await generateSampleData({ seed: 1, perClass: 20, width: 16, height: 16 });
  const splits = runSplits(dataSet, setup);
  const config = trainingConfigFor(setup);
  const shape = { inputSize: 16 * 16 * 3, classCount: splits.classes.length };
  const { network, random } = createSeededNetwork(architectureFor(setup, shape), config, kernel);
  const data = { train: toExamples(splits.train, 16, 16), validation: null, classCount: shape.classCount };
  const losses: number[] = [];
  for (const event of train(network, random, data, config)) {
    if (event.type === 'batch') losses.push(event.loss);
    if (losses.length === 10) break;
  }
  network.dispose();
  return losses;
}

describe('the golden run on the sample data', () => {
  it.each([
    ['the plain TypeScript kernel', referenceKernel],
    ['the default kernel', defaultKernel],
  ])('gives the pinned first ten batch losses with %s', async (_name, kernel) => {
    const losses = await firstBatchLosses(kernel());
    expect(losses).toHaveLength(10);
    losses.forEach((loss, i) => expect(loss).toBeCloseTo(FIRST_TEN[i]!, 5));
  });
});
