import { describe, expect, it } from 'vitest';
import {
  parameterCount,
  shapeSize,
  type Architecture,
  type LayerSpec,
  type TensorShape,
} from '../../src/core/architecture.ts';
import type { Examples } from '../../src/core/examples.ts';
import { gradientCheck } from '../../src/core/gradientCheck.ts';
import { INITIALIZERS } from '../../src/core/initializers.ts';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { simdKernel } from '../../src/core/kernels/simd.ts';
import { evaluate } from '../../src/core/metrics.ts';
import { firstLayerImages, inspectNetwork } from '../../src/core/inspection.ts';
import { Network } from '../../src/core/network.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import { Random } from '../../src/core/random.ts';
import { createSeededNetwork, train } from '../../src/core/training.ts';

const conv = (filters: number, kernel: number, stride: number, padding: 'same' | 'valid'): LayerSpec => ({
  type: 'conv2d',
  filters,
  kernel,
  stride,
  padding,
  activation: 'tanh',
});

function architecture(inputShape: TensorShape, hidden: LayerSpec[], outputs = 1): Architecture {
  return {
    inputSize: shapeSize(inputShape),
    inputShape,
    layers: [
      ...hidden,
      outputs === 1 ? { units: 1, activation: 'sigmoid' } : { units: outputs, activation: 'softmax' },
    ],
    loss: outputs === 1 ? 'binaryCrossEntropy' : 'softmaxCrossEntropy',
  };
}

/** Random parameters, inputs and one-hot (or 0/1) targets for m examples. */
function problem(arch: Architecture, m: number, seed = 7) {
  const random = new Random(seed);
  const params = Array.from({ length: parameterCount(arch) }, () => random.normal() * 0.5);
  const outputs = (arch.layers.at(-1) as { units: number }).units;
  const x = Array.from({ length: m * arch.inputSize }, () => random.normal());
  const y = Array.from({ length: m * outputs }, (_, i) =>
    outputs === 1 ? i % 2 : Number(i % outputs === Math.floor(i / outputs) % outputs),
  );
  return { params, x, y, random };
}

describe('a convolutional network, checked against central differences in float64', () => {
  it.each<[string, TensorShape, LayerSpec[], number]>([
    [
      "'same' 3×3 convolution, max pool, flatten, dense",
      { height: 5, width: 7, channels: 2 },
      [
        conv(3, 3, 1, 'same'),
        { type: 'maxPool', size: 2, stride: 2 },
        { type: 'flatten' },
        { units: 4, activation: 'tanh' },
      ],
      1,
    ],
    [
      "'valid' stride-2 convolution, overlapping average pool, softmax",
      { height: 9, width: 7, channels: 3 },
      [conv(4, 3, 2, 'valid'), { type: 'averagePool', size: 2, stride: 1 }, { type: 'flatten' }],
      3,
    ],
    [
      "'same' stride-2 convolution of an even side, batch norm after it and after a dense layer, dropout",
      { height: 6, width: 5, channels: 2 },
      [
        conv(3, 2, 2, 'same'),
        { type: 'batchNorm' },
        { type: 'dropout', rate: 0.3 },
        { type: 'flatten' },
        { units: 5, activation: 'tanh' },
        { type: 'batchNorm' },
      ],
      1,
    ],
    [
      'two convolutions with a 1×1 one, pooling of odd sides',
      { height: 7, width: 7, channels: 1 },
      [conv(2, 3, 1, 'same'), { type: 'maxPool', size: 3, stride: 2 }, conv(3, 1, 1, 'valid')],
      2,
    ],
  ])('%s', (_name, inputShape, hidden, outputs) => {
    const arch = architecture(inputShape, hidden, outputs);
    const m = 4;
    const { params, x, y, random } = problem(arch, m);
    const checks = gradientCheck(arch, params, x, y, m, random, { l2: 0.3 });
    expect(checks.length).toBe(
      hidden.filter((l) => ['conv2d', 'batchNorm', undefined, 'dense'].includes(l.type)).length + 1,
    );
    for (const check of checks) expect(check.relativeError).toBeLessThan(1e-7);
  });
});

describe('a convolutional network in training and at evaluation', () => {
  const arch = architecture({ height: 6, width: 6, channels: 2 }, [
    conv(4, 3, 1, 'same'),
    { type: 'batchNorm' },
    { type: 'maxPool', size: 2, stride: 2 },
    { type: 'dropout', rate: 0.5 },
    { type: 'flatten' },
  ]);

  it('drops nothing and uses the running statistics at evaluation, so two evaluations agree', () => {
    const network = new Network(arch, referenceKernel(Float64Array));
    network.initialize(INITIALIZERS.he, new Random(1));
    const { x } = problem(arch, 3);
    const input = Float64Array.from(x);
    const first = network.forward(input, 3).slice();
    network.forward(input, 3, 'train');
    const trained = network.forward(input, 3, 'train').slice();
    // training moved the running statistics from (0, 1) towards the batch's
    expect(Array.from(network.layers[1]!.runningMean).some((v) => v !== 0)).toBe(true);
    const again = network.forward(input, 3).slice();
    const onceMore = network.forward(input, 3);
    expect(Array.from(onceMore)).toEqual(Array.from(again));
    expect(Array.from(again)).not.toEqual(Array.from(first));
    expect(Array.from(trained)).not.toEqual(Array.from(again));
  });

  const simd = simdKernel();
  it.skipIf(simd === null)(
    'computes on the WebAssembly kernel what the float64 reference computes, to float32 rounding',
    () => {
      const { x, y } = problem(arch, 5, 3);
      const results = [referenceKernel(Float64Array), simd!].map((kernel) => {
        const network = new Network(arch, kernel);
        network.initialize(INITIALIZERS.he, new Random(4));
        // the same draws give both networks the same dropout masks
        network.useForMasks(new Random(9));
        const input = kernel.allocate(x.length);
        input.set(x);
        const targets = kernel.allocate(y.length);
        targets.set(y);
        const trained = Array.from(network.forward(input, 5, 'train'));
        network.backward(input, targets, 5);
        const evaluated = Array.from(network.forward(input, 5, 'evaluate'));
        return { outputs: [...trained, ...evaluated], grads: Array.from(network.grads) };
      });
      const [reference, fast] = results as [(typeof results)[0], (typeof results)[0]];
      fast.outputs.forEach((v, i) => expect(v).toBeCloseTo(reference.outputs[i]!, 5));
      const scale = Math.max(...reference.grads.map(Math.abs));
      expect(scale).toBeGreaterThan(0);
      fast.grads.forEach((g, i) => expect(Math.abs(g - reference.grads[i]!)).toBeLessThan(1e-5 * scale));
    },
  );
});

/** 8×8 grey images of one horizontal or one vertical bar: a task a convolution learns at once. */
function bars(count: number, seed: number): Examples {
  const random = new Random(seed);
  const side = 8;
  const inputs = new Float32Array(count * side * side);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const vertical = n % 2;
    const at = 1 + Math.floor(random.uniform() * (side - 2));
    labels[n] = vertical;
    for (let i = 0; i < side; i++) {
      for (let j = 0; j < side; j++) {
        const on = vertical ? j === at : i === at;
        inputs[n * side * side + i * side + j] = (on ? 0.9 : 0.1) + random.normal() * 0.05;
      }
    }
  }
  return { inputs, labels, count, inputSize: side * side, scale: 1 };
}

describe('training a convolutional network', () => {
  it('learns to tell horizontal from vertical bars in a few epochs, on the default kernel', () => {
    const arch: Architecture = {
      inputSize: 64,
      inputShape: { height: 8, width: 8, channels: 1 },
      layers: [
        { type: 'conv2d', filters: 4, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
        { type: 'maxPool', size: 2, stride: 2 },
        { type: 'flatten' },
        { type: 'dropout', rate: 0.1 },
        { units: 1, activation: 'sigmoid' },
      ],
      loss: 'binaryCrossEntropy',
    };
    const data = { train: bars(64, 1), validation: bars(32, 2), classCount: 2 };
    const config = {
      epochs: 30,
      batchSize: 16,
      learningRate: 0.01,
      learningRateDecay: 0,
      optimizer: DEFAULT_OPTIMIZERS.adam,
      l2: 0,
      initializer: 'he' as const,
      seed: 5,
    };
    const { network, random } = createSeededNetwork(arch, config);
    const events = [...train(network, random, data, config)];
    const last = events.filter((e) => e.type === 'epoch').at(-1)!;
    expect(last.type === 'epoch' && last.gradientNorms.length).toBe(2);
    expect(evaluate(network, data.validation, 2).accuracy).toBe(1);
  });
});

describe('looking inside a convolutional network', () => {
  const arch = architecture({ height: 6, width: 6, channels: 3 }, [
    { type: 'conv2d', filters: 5, kernel: 3, stride: 1, padding: 'same', activation: 'relu' },
    { type: 'maxPool', size: 2, stride: 2 },
    { type: 'flatten' },
    { units: 4, activation: 'relu' },
  ]);

  it('reports the layers with weights, a convolution’s units being its filters', () => {
    const network = new Network(arch, referenceKernel(Float64Array));
    network.initialize(INITIALIZERS.he, new Random(2));
    // filter 0 can never fire: a large negative bias on inputs in [0, 1)
    network.layers[0]!.bias[0] = -100;
    const { y } = problem(arch, 4);
    const random = new Random(3);
    const x = Float64Array.from({ length: 4 * arch.inputSize }, () => random.uniform());
    const layers = inspectNetwork(network, x, Float64Array.from(y), 4);
    expect(layers.map((l) => l.layer)).toEqual([1, 4, 5]);
    expect(layers[0]!.deadFraction).toBe(1 / 5);
    expect(layers[0]!.identicalUnits).toBe(false);
  });

  it('draws the first convolution’s filters as k×k pictures', () => {
    const network = new Network(arch, referenceKernel(Float64Array));
    network.initialize(INITIALIZERS.he, new Random(2));
    const pictures = firstLayerImages(network, 3);
    expect([pictures.units, pictures.width, pictures.height, pictures.pixels.length]).toEqual([
      3,
      3,
      3,
      3 * 27,
    ]);
  });
});

describe('batch normalisation after a dense layer', () => {
  it('refuses, before training, batches that would leave one example alone', () => {
    const arch = architecture({ height: 1, width: 1, channels: 4 }, [
      { units: 3, activation: 'tanh' },
      { type: 'batchNorm' },
    ]);
    const train5 = {
      inputs: new Float32Array(20),
      labels: new Uint8Array(5),
      count: 5,
      inputSize: 4,
      scale: 1,
    };
    const config = {
      epochs: 1,
      batchSize: 2,
      learningRate: 0.1,
      learningRateDecay: 0,
      optimizer: DEFAULT_OPTIMIZERS.gradientDescent,
      l2: 0,
      initializer: 'he' as const,
      seed: 1,
    };
    const { network, random } = createSeededNetwork(arch, config);
    const run = train(network, random, { train: train5, validation: null, classCount: 2 }, config);
    expect(() => run.next()).toThrow(
      'Batch normalisation (layer 2) needs at least 2 examples in every batch: 5 training examples in batches of 2 leave one alone; choose another batch size.',
    );
  });
});
