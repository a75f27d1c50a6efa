import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.ts';
import { evaluate } from '../../src/core/metrics.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import { Batch } from '../../src/core/examples.ts';
import { Random } from '../../src/core/random.ts';
import {
  createSeededNetwork,
  rowsPerPart,
  train,
  type TrainingConfig,
  type TrainingEvent,
  type BatchPoint,
} from '../../src/core/training.ts';
import { blobs } from '../helpers/blobs.ts';

const architecture: Architecture = {
  inputSize: 6,
  layers: [
    { units: 8, activation: 'relu' },
    { units: 3, activation: 'softmax' },
  ],
  loss: 'softmaxCrossEntropy',
};

const config: TrainingConfig = {
  epochs: 30,
  batchSize: 16,
  learningRate: 0.1,
  learningRateDecay: 0,
  optimizer: DEFAULT_OPTIMIZERS.gradientDescent,
  l2: 0,
  initializer: 'he',
  seed: 3,
};

const data = { train: blobs(120, 6, 3, 1), validation: blobs(60, 6, 3, 1, 0.6), classCount: 3 };

function run(overrides: Partial<TrainingConfig> = {}, arch = architecture) {
  const settings = { ...config, ...overrides };
  const { network, random } = createSeededNetwork(arch, settings);
  const events: TrainingEvent[] = [];
  const generator = train(network, random, data, settings, () => 0);
  let step = generator.next();
  while (!step.done) {
    events.push(step.value);
    step = generator.next();
  }
  return { network, events, result: step.value };
}

const epochs = (events: TrainingEvent[]) =>
  events.filter((e): e is Extract<TrainingEvent, { type: 'epoch' }> => e.type === 'epoch');

describe('training loop', () => {
  it('learns an easy problem with mini-batch gradient descent', () => {
    const { network, events, result } = run();
    expect(result).toEqual({ completedEpochs: 30, stoppedBy: 'completed' });
    const [first, last] = [epochs(events)[0]!, epochs(events).at(-1)!];
    expect(last.trainLoss).toBeLessThan(first.trainLoss / 4);
    expect(last.validationAccuracy).toBeGreaterThan(0.95);
    expect(evaluate(network, data.validation, 3).accuracy).toBe(last.validationAccuracy);
  });

  it('yields every batch (8 per epoch for 120 examples in 16s), then the epoch with its diagnostics', () => {
    const { events } = run({ epochs: 2 });
    expect(events.map((e) => e.type)).toEqual([
      ...Array(8).fill('batch'),
      'epoch',
      ...Array(8).fill('batch'),
      'epoch',
    ]);
    const epoch = epochs(events)[0]!;
    expect(epoch.gradientNorms).toHaveLength(2);
    expect(epoch.weightNorms).toHaveLength(2);
    for (const norm of [...epoch.gradientNorms, ...epoch.gradientRms, ...epoch.weightNorms]) {
      expect(norm).toBeGreaterThan(0);
    }
    // per parameter: ‖dJ/dθ[l]‖/√(size of θ[l]), with W[1] 6×8 + b 8 and W[2] 8×3 + b 3
    expect(epoch.gradientRms[0]).toBeCloseTo(epoch.gradientNorms[0]! / Math.sqrt(56), 12);
    expect(epoch.gradientRms[1]).toBeCloseTo(epoch.gradientNorms[1]! / Math.sqrt(27), 12);
    expect(epoch.batchesPerEpoch).toBe(8);
  });

  it('keeps every batch’s loss in its epoch’s point, in order: the saw-tooth, no tooth dropped', () => {
    const { events } = run({ epochs: 2, batchSize: 4 });
    for (const [e, point] of epochs(events).entries()) {
      const batches = events.filter((x) => x.type === 'batch' && x.epoch === e + 1);
      expect(point.batchLosses).toEqual(batches.map((b) => (b as BatchPoint).loss));
      expect(point.batchLosses).toHaveLength(point.batchesPerEpoch);
    }
  });

  it('is reproducible bit for bit for the same seed, and differs for another seed', () => {
    const a = run({ epochs: 5 });
    const b = run({ epochs: 5 });
    const c = run({ epochs: 5, seed: 4 });
    const bytes = (params: Float32Array | Float64Array) =>
      Buffer.from(params.buffer, params.byteOffset, params.byteLength);
    expect(bytes(a.network.params).equals(bytes(b.network.params))).toBe(true);
    expect(bytes(a.network.params).equals(bytes(c.network.params))).toBe(false);
  });

  it('trains with momentum, Adam, L2 and learning-rate decay', () => {
    for (const optimizer of [DEFAULT_OPTIMIZERS.momentum, DEFAULT_OPTIMIZERS.adam]) {
      const { events } = run({ optimizer, learningRate: optimizer.kind === 'adam' ? 0.01 : 0.1 });
      expect(epochs(events).at(-1)!.validationAccuracy).toBeGreaterThan(0.95);
    }
    const decayed = run({ epochs: 3, learningRateDecay: 1 });
    expect(epochs(decayed.events).map((e) => e.learningRate)).toEqual([0.1, 0.05, 0.1 / 3]);
    const plain = run({ epochs: 10 });
    const penalised = run({ epochs: 10, l2: 5 });
    expect(epochs(penalised.events).at(-1)!.weightNorms[0]).toBeLessThan(
      epochs(plain.events).at(-1)!.weightNorms[0]!,
    );
  });

  it('can be paused and resumed between batches without changing the result', () => {
    const { network: straight } = run({ epochs: 3 });
    const { network, random } = createSeededNetwork(architecture, config);
    const generator = train(network, random, data, { ...config, epochs: 3 }, () => 0);
    for (let i = 0; i < 5; i++) generator.next();
    while (!generator.next().done);
    expect(network.params).toEqual(straight.params);
  });

  it('stops between batches when asked, leaving the weights of the last batch run', () => {
    const { network, random } = createSeededNetwork(architecture, config);
    const generator = train(network, random, data, config, () => 0);
    generator.next();
    generator.next();
    const stopped = generator.return({ completedEpochs: 0, stoppedBy: 'completed' });
    expect(stopped.done).toBe(true);
    expect(generator.next().done).toBe(true);
  });

  it('stops with an explanation when the loss or weights become NaN or infinite, keeping the last good weights', () => {
    const { network, events, result } = run({ learningRate: 1e30, epochs: 50 });
    expect(result.stoppedBy).toBe('diverged');
    const diverged = events.at(-1)!;
    expect(diverged.type).toBe('diverged');
    if (diverged.type !== 'diverged') return;
    expect(diverged.explanation).toMatch(/became (NaN|infinite) in epoch \d+, batch \d+/);
    // the account is the fact; the diagnosis names the cause
    expect(diverged.explanation).toMatch(/the weights from the end of epoch \d+ were kept\.$/);
    expect(network.params.every(Number.isFinite)).toBe(true);
  });

  it('refuses examples whose labels are not among the classes, before training', () => {
    const { network, random } = createSeededNetwork(architecture, config);
    const bad = {
      ...data,
      train: { ...data.train, labels: Uint16Array.from(data.train.labels, (l) => l + 1) },
    };
    expect(() => train(network, random, bad, config).next()).toThrow(
      /training set: label 3 of example 2 is not one of 3 classes/,
    );
  });

  it('counts full-batch gradient descent as one batch per epoch', () => {
    const { events } = run({ epochs: 2, batchSize: 0 });
    expect(events.map((e) => e.type)).toEqual(['batch', 'epoch', 'batch', 'epoch']);
  });

  it('reports examples per second over its own work, not the pauses between batches', () => {
    const { network, random } = createSeededNetwork(architecture, config);
    let t = 0;
    // Each reading of this clock moves it 125 ms, so each batch takes 125 ms; the caller then waits 10 s.
    const generator = train(network, random, data, { ...config, epochs: 1 }, () => (t += 125));
    const events: TrainingEvent[] = [];
    for (const event of generator) {
      events.push(event);
      t += 10_000;
    }
    const epoch = epochs(events)[0]!;
    expect(epoch.examplesPerSecond).toBeCloseTo(120 / (8 * 0.125), 6);
  });
});

describe('a batch too large to hold as float32 at once', () => {
  it('goes through the network in parts, to the loss and the step the whole batch gives, within float32 rounding', () => {
    // 2^19 inputs a row: 16 rows a part, so 40 examples take three parts (16, 16, 8)
    const inputSize = 2 ** 19;
    expect(rowsPerPart(inputSize)).toBe(16);
    const m = 40;
    const random = new Random(4);
    const inputs = Uint8Array.from({ length: m * inputSize }, () => random.below(256));
    const labels = Uint8Array.from({ length: m }, (_, i) => (inputs[i * inputSize]! + i) % 2);
    const examples = { inputs, labels, count: m, inputSize, scale: 1 / 255 };
    const big: Architecture = {
      inputSize,
      layers: [
        { units: 3, activation: 'relu' },
        { units: 1, activation: 'sigmoid' },
      ],
      loss: 'binaryCrossEntropy',
    };
    const settings = { ...config, epochs: 1, batchSize: 0, initializer: 'lecun' as const, l2: 0.5 };

    // the whole batch at once, by hand: forward, cost, backward, θ := θ − α·dθ
    const whole = createSeededNetwork(big, settings);
    const batch = new Batch(inputSize, 1, m, whole.network.kernel);
    batch.gather(
      examples,
      Int32Array.from({ length: m }, (_, i) => i),
      0,
      m,
    );
    whole.network.forward(batch.x, m);
    const loss = whole.network.cost(batch.y, m, settings.l2);
    whole.network.backward(batch.x, batch.y, m, settings.l2);
    const stepped = whole.network.params.map((w, i) => w - settings.learningRate * whole.network.grads[i]!);

    const parts = createSeededNetwork(big, settings);
    const events = [
      ...train(parts.network, parts.random, { train: examples, validation: null, classCount: 2 }, settings),
    ];
    expect(events[0]).toMatchObject({ type: 'batch', batch: 1, batchesPerEpoch: 1 });
    expect((events[0] as { loss: number }).loss).toBeCloseTo(loss, 6);
    let largest = 0;
    stepped.forEach((w, i) => (largest = Math.max(largest, Math.abs(parts.network.params[i]! - w))));
    expect(largest).toBeLessThan(1e-6);
  });
});
