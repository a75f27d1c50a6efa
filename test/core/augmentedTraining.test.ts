import { describe, expect, it } from 'vitest';
import type { Architecture, TensorShape } from '../../src/core/architecture.ts';
import { NO_AUGMENTATION, type AugmentationSetup } from '../../src/core/augmentation.ts';
import type { Examples } from '../../src/core/examples.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import { Random } from '../../src/core/random.ts';
import {
  createSeededNetwork,
  train,
  type EpochPoint,
  type TrainingConfig,
  type TrainingEvent,
} from '../../src/core/training.ts';

/** 4×4 RGB images stored as bytes, as the app holds pixels: class 1 is lighter on the right. */
const shape: TensorShape = { height: 4, width: 4, channels: 3 };
const inputSize = 48;

function pictures(count: number, seed: number): Examples {
  const random = new Random(seed);
  const inputs = new Uint8Array(count * inputSize);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    for (let p = 0; p < inputSize; p++) {
      const right = Math.floor(p / 3) % 4 >= 2;
      const base = labels[i] === 1 && right ? 180 : 70;
      inputs[i * inputSize + p] = base + random.below(60);
    }
  }
  return { inputs, labels, count, inputSize, scale: 1 / 255 };
}

const architecture: Architecture = {
  inputSize,
  layers: [
    { units: 6, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  loss: 'binaryCrossEntropy',
};

const config: TrainingConfig = {
  epochs: 4,
  batchSize: 10,
  learningRate: 0.05,
  learningRateDecay: 0,
  optimizer: DEFAULT_OPTIMIZERS.gradientDescent,
  l2: 0,
  initializer: 'he',
  seed: 3,
};

const data = { train: pictures(40, 1), validation: pictures(20, 2), classCount: 2 };
const STRONG: AugmentationSetup = {
  ...NO_AUGMENTATION,
  flip: 0.5,
  rotation: 20,
  brightness: 0.2,
  noise: 0.05,
};

function run(overrides: Partial<TrainingConfig> = {}) {
  const settings = { ...config, ...overrides };
  const { network, random } = createSeededNetwork(architecture, settings);
  const events: TrainingEvent[] = [...train(network, random, data, settings, () => 0)];
  const params = network.params.slice();
  network.dispose();
  const epochs = events.filter((e): e is EpochPoint => e.type === 'epoch');
  return { losses: events.flatMap((e) => (e.type === 'batch' ? [e.loss] : [])), epochs, params, random };
}

const augmented = (setup: AugmentationSetup) => ({ augmentation: { setup, shape } });

describe('training with augmentation', () => {
  it('off (every strength zero), trains bit for bit as without it', () => {
    const plain = run();
    const off = run(augmented(NO_AUGMENTATION));
    expect(off.losses).toEqual(plain.losses);
    expect(off.params).toEqual(plain.params);
  });

  it('on, is reproducible bit for bit for the same seed, and trains on other pictures than without it', () => {
    const [a, b] = [run(augmented(STRONG)), run(augmented(STRONG))];
    expect(a.losses).toEqual(b.losses);
    expect(a.params).toEqual(b.params);
    expect(a.losses).not.toEqual(run().losses);
  });

  it('draws from its own generator: the order of examples is shuffled as without it', () => {
    // the shuffling generator is where a run without augmentation leaves it
    const next = run().random.uniform();
    expect(run(augmented(STRONG)).random.uniform()).toBe(next);
  });

  it('changes training batches only: the validation split is evaluated as it is', () => {
    // a rate of zero leaves the weights as initialised, whatever the batches
    const still = { learningRate: 0, epochs: 2 };
    const plain = run(still);
    const on = run({ ...still, ...augmented(STRONG) });
    expect(on.params).toEqual(plain.params);
    expect(on.epochs.map((e) => e.validationLoss)).toEqual(plain.epochs.map((e) => e.validationLoss));
    expect(on.epochs.map((e) => e.trainLoss)).not.toEqual(plain.epochs.map((e) => e.trainLoss));
  });

  it('gives a full batch new changes every epoch, where without it the batch is gathered once', () => {
    const still = { learningRate: 0, epochs: 3, batchSize: 0 };
    const plain = run(still).losses;
    expect(new Set(plain).size).toBe(1);
    const on = run({ ...still, ...augmented(STRONG) }).losses;
    expect(new Set(on).size).toBe(3);
  });

  it('refuses settings made for images of another size, before training', () => {
    const wrong = { augmentation: { setup: STRONG, shape: { height: 8, width: 8, channels: 3 } } };
    expect(() => run(wrong)).toThrow(/set for 8×8×3 images, the inputs have 48 values/);
  });
});
