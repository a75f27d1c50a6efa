import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.ts';
import { bestEpochOf, NEEDS_VALIDATION, type KeptEpoch } from '../../src/core/bestEpoch.ts';
import type { Examples } from '../../src/core/examples.ts';
import { evaluate } from '../../src/core/metrics.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import {
  createSeededNetwork,
  train,
  type EpochPoint,
  type TrainingConfig,
  type TrainingEvent,
} from '../../src/core/training.ts';
import { blobs } from '../helpers/blobs.ts';

// Few noisy examples and a wide network: it learns the training set by heart, and its validation
// loss falls for a while, then rises.
const architecture: Architecture = {
  inputSize: 6,
  layers: [
    { units: 128, activation: 'relu' },
    { units: 3, activation: 'softmax' },
  ],
  loss: 'softmaxCrossEntropy',
};

function slice(examples: Examples, from: number, to: number): Examples {
  const { inputSize } = examples;
  return {
    ...examples,
    inputs: examples.inputs.subarray(from * inputSize, to * inputSize),
    labels: examples.labels.subarray(from, to),
    count: to - from,
  };
}

const all = blobs(24 + 90, 6, 3, 2, 1.5);
const data = { train: slice(all, 0, 24), validation: slice(all, 24, 114), classCount: 3 };

const config: TrainingConfig = {
  epochs: 300,
  batchSize: 0,
  learningRate: 0.01,
  learningRateDecay: 0,
  optimizer: DEFAULT_OPTIMIZERS.adam,
  l2: 0,
  initializer: 'he',
  seed: 5,
};

function run(overrides: Partial<TrainingConfig> = {}) {
  const settings = { ...config, ...overrides };
  const { network, random } = createSeededNetwork(architecture, settings);
  const events: TrainingEvent[] = [];
  const generator = train(network, random, data, settings, () => 0);
  let step = generator.next();
  while (!step.done) {
    events.push(step.value);
    step = generator.next();
  }
  const points = events.filter((e): e is EpochPoint => e.type === 'epoch');
  const kept = events.filter((e): e is KeptEpoch => e.type === 'keptEpoch');
  const validationLoss = () => evaluate(network, data.validation, 3).loss;
  return { network, events, points, kept, result: step.value, validationLoss };
}

const bytes = (params: Float32Array | Float64Array) =>
  Buffer.from(params.buffer, params.byteOffset, params.byteLength);

describe('early stopping in the training loop', () => {
  it('stops once the validation loss has not improved for `patience` epochs, with the best epoch’s weights', () => {
    const { points, kept, events, result, validationLoss } = run({ earlyStopping: 10 });
    expect(result.stoppedBy).toBe('early');
    expect(kept).toHaveLength(1);
    expect(events.at(-1)).toBe(kept[0]);
    const { keptEpoch, epoch } = kept[0]!;
    expect(keptEpoch).toBe(bestEpochOf(points));
    expect(epoch).toBe(keptEpoch + 10);
    expect(points).toHaveLength(epoch);
    expect(result.completedEpochs).toBe(epoch);
    expect(epoch).toBeLessThan(config.epochs);
    // it did overfit: the last epoch's validation loss is above the best
    const best = points[keptEpoch - 1]!.validationLoss!;
    expect(points.at(-1)!.validationLoss!).toBeGreaterThan(best);
    expect(Math.min(...points.map((p) => p.validationLoss!))).toBe(best);
    // the weights left in the network are that epoch's: their validation loss is the one it reported
    expect(validationLoss()).toBe(best);
    expect(kept[0]!.validationLoss).toBe(best);
  });

  it('trains exactly as without it up to where it stops', () => {
    const early = run({ earlyStopping: 10 });
    const full = run({ epochs: early.points.length });
    expect(early.points.map((p) => [p.trainLoss, p.validationLoss])).toEqual(
      full.points.map((p) => [p.trainLoss, p.validationLoss]),
    );
  });

  it('keeps the best epoch’s weights in a run that trains every epoch too', () => {
    const { points, kept, result, validationLoss } = run({ epochs: 120, earlyStopping: 1000 });
    expect(result).toEqual({ completedEpochs: 120, stoppedBy: 'completed' });
    expect(points).toHaveLength(120);
    expect(kept).toEqual([
      expect.objectContaining({ type: 'keptEpoch', epoch: 120, stoppedEarly: false, patience: 1000 }),
    ]);
    const keptEpoch = kept[0]!.keptEpoch;
    expect(keptEpoch).toBe(bestEpochOf(points));
    expect(keptEpoch).toBeLessThan(120);
    expect(validationLoss()).toBe(points[keptEpoch - 1]!.validationLoss);
  });

  it('puts back batch normalisation’s running statistics with the weights, in a network with dropout', () => {
    const normalised: Architecture = {
      inputSize: 6,
      layers: [
        { units: 128, activation: 'linear' },
        { type: 'batchNorm' },
        { units: 128, activation: 'relu' },
        { type: 'dropout', rate: 0.2 },
        { units: 3, activation: 'softmax' },
      ],
      loss: 'softmaxCrossEntropy',
    };
    const settings = { ...config, batchSize: 8, earlyStopping: 5 };
    const { network, random } = createSeededNetwork(normalised, settings);
    const points: EpochPoint[] = [];
    let kept: KeptEpoch | null = null;
    for (const event of train(network, random, data, settings, () => 0)) {
      if (event.type === 'epoch') points.push(event);
      if (event.type === 'keptEpoch') kept = event;
    }
    expect(kept?.stoppedEarly).toBe(true);
    expect(kept!.keptEpoch).toBeLessThan(points.length);
    expect(evaluate(network, data.validation, 3).loss).toBe(points[kept!.keptEpoch - 1]!.validationLoss);
  });

  it('is off at patience 0: every epoch trains and the last epoch’s weights stay', () => {
    const off = run({ epochs: 60, earlyStopping: 0 });
    const without = run({ epochs: 60 });
    expect(off.result).toEqual({ completedEpochs: 60, stoppedBy: 'completed' });
    expect(off.kept).toEqual([]);
    expect(bytes(off.network.params).equals(bytes(without.network.params))).toBe(true);
    expect(off.validationLoss()).toBe(off.points.at(-1)!.validationLoss);
  });

  it('leaves the best weights so far in a run stopped from outside between batches', () => {
    const { network, random } = createSeededNetwork(architecture, config);
    const generator = train(network, random, data, { ...config, earlyStopping: 1000 }, () => 0);
    const points: EpochPoint[] = [];
    while (points.length < 100) {
      const step = generator.next();
      if (!step.done && step.value.type === 'epoch') points.push(step.value);
    }
    generator.next();
    generator.return({ completedEpochs: 100, stoppedBy: 'completed' });
    const best = bestEpochOf(points)!;
    expect(best).toBeLessThan(100);
    expect(evaluate(network, data.validation, 3).loss).toBe(points[best - 1]!.validationLoss);
  });

  it('keeps the last good weights of a run that diverges, as without it', () => {
    // α/(1 + decay·(epoch − 1)) with a negative decay (which no setup allows) grows, and is infinite
    // at epoch 151: long after the best epoch, so the last good weights are not the best ones
    const diverging = { epochs: 200, learningRateDecay: -1 / 150 };
    const early = run({ ...diverging, earlyStopping: 1000 });
    const without = run(diverging);
    expect(early.result).toEqual({ completedEpochs: 150, stoppedBy: 'diverged' });
    expect(early.kept).toEqual([]);
    expect(bestEpochOf(early.points)).toBeLessThan(150);
    expect(bytes(early.network.params).equals(bytes(without.network.params))).toBe(true);
  });

  it('refuses to start without a validation split: it never watches another', () => {
    const { network, random } = createSeededNetwork(architecture, config);
    const steps = train(network, random, { ...data, validation: null }, { ...config, earlyStopping: 5 });
    expect(() => steps.next()).toThrow(NEEDS_VALIDATION);
  });
});
