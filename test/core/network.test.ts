import { describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.ts';
import { INITIALIZERS } from '../../src/core/initializers.ts';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { Network } from '../../src/core/network.ts';
import { Random } from '../../src/core/random.ts';

const tiny: Architecture = {
  inputSize: 2,
  layers: [
    { units: 2, activation: 'relu' },
    { units: 1, activation: 'sigmoid' },
  ],
  loss: 'binaryCrossEntropy',
};

describe('Network', () => {
  it('keeps W[l] as [n_l, n_(l−1)] and b[l] as [n_l] views into one flat parameter buffer', () => {
    const network = new Network(tiny);
    expect(network.params).toHaveLength(2 * 2 + 2 + 1 * 2 + 1);
    expect(network.layers.map((l) => [l.weight.length, l.bias.length])).toEqual([
      [4, 2],
      [2, 1],
    ]);
    network.layers[1]!.bias[0] = 5;
    expect(network.params[8]).toBe(5);
  });

  it('forward propagates z = W·a + b, a = g(z) for each example (hand-computed)', () => {
    const network = new Network(tiny, referenceKernel(Float64Array));
    network.params.set([1, -1, 0.5, 2, 0, -1, 1, -2, 0.5]);
    // example (3, 1): z1 = (3−1+0, 1.5+2−1) = (2, 2.5); a1 = (2, 2.5); z2 = 2 − 5 + 0.5 = −2.5
    // example (0, 0): z1 = (0, −1); a1 = (0, 0); z2 = 0.5
    const a = network.forward(Float64Array.from([3, 1, 0, 0]), 2);
    expect(a[0]).toBeCloseTo(1 / (1 + Math.exp(2.5)), 14);
    expect(a[1]).toBeCloseTo(1 / (1 + Math.exp(-0.5)), 14);
    expect([...network.cached(0, 2).z]).toEqual([2, 2.5, 0, -1]);
    expect([...network.cached(0, 2).a]).toEqual([2, 2.5, 0, 0]);
  });

  it('backward gives dJ/dW[l] = dJ/dZ[l]ᵀ·A[l−1] and dJ/db[l] = Σ dJ/dZ[l] (hand-computed, one example)', () => {
    const network = new Network(tiny, referenceKernel(Float64Array));
    network.params.set([1, -1, 0.5, 2, 0, -1, 1, -2, 0.5]);
    const x = Float64Array.from([3, 1]);
    const y = Float64Array.from([1]);
    const [a2] = network.forward(x, 1);
    network.backward(x, y, 1);
    const dz2 = a2! - 1;
    const [w2, b2, w1, b1] = [
      network.layers[1]!.weightGrad,
      network.layers[1]!.biasGrad,
      network.layers[0]!.weightGrad,
      network.layers[0]!.biasGrad,
    ];
    expect([...w2]).toEqual([dz2 * 2, dz2 * 2.5]);
    expect([...b2]).toEqual([dz2]);
    // dJ/dz1 = W2ᵀ·dz2 ⊙ relu'(z1) = (1·dz2, −2·dz2), both units active
    expect([...w1]).toEqual([dz2 * 3, dz2 * 1, -2 * dz2 * 3, -2 * dz2 * 1]);
    expect([...b1]).toEqual([dz2, -2 * dz2]);
  });

  it('gives the same outputs in float32 as in float64, to float32 precision', () => {
    const arch: Architecture = {
      inputSize: 300,
      layers: [
        { units: 9, activation: 'tanh' },
        { units: 3, activation: 'softmax' },
      ],
      loss: 'softmaxCrossEntropy',
    };
    const n32 = new Network(arch);
    const n64 = new Network(arch, referenceKernel(Float64Array));
    n32.initialize(INITIALIZERS.xavierNormal, new Random(4));
    n64.params.set(n32.params);
    const random = new Random(9);
    const x = Float64Array.from({ length: 7 * 300 }, () => random.uniform());
    const a32 = n32.forward(Float32Array.from(x), 7);
    const a64 = n64.forward(x, 7);
    a32.forEach((v, i) => expect(v).toBeCloseTo(a64[i]!, 5));
  });

  it('initialises every layer from the generator in order and zeroes biases', () => {
    const network = new Network(tiny);
    network.params.fill(9);
    network.initialize(INITIALIZERS.lecun, new Random(1));
    expect(network.layers[0]!.weight[0]).toBeCloseTo(1.6243453636632417 / Math.SQRT2, 6);
    expect([...network.layers[0]!.bias, ...network.layers[1]!.bias]).toEqual([0, 0, 0]);
  });

  it('refuses an architecture whose loss does not match its output', () => {
    expect(
      () =>
        new Network({ inputSize: 2, layers: [{ units: 1, activation: 'relu' }], loss: 'binaryCrossEntropy' }),
    ).toThrow(/binaryCrossEntropy needs a sigmoid output layer/);
  });

  it('defines L2 once as (λ/2M)·Σ‖W‖², M the training examples: the same λ weighs the same in a batch of 2 as in the whole set', () => {
    const network = new Network(tiny, referenceKernel(Float64Array));
    network.params.set([1, -1, 0.5, 2, 0, -1, 1, -2, 0.5]);
    const x = Float64Array.from([3, 1, 0, 0]);
    const y = Float64Array.from([1, 0]);
    network.forward(x, 2);
    const plain = network.cost(y, 2);
    // Σ‖W‖² = 1 + 1 + 0.25 + 4 + 1 + 4 = 11.25 (biases are not penalised); λ = 0.4, M = 100
    expect(network.cost(y, 2, 0.4, 100) - plain).toBeCloseTo((0.4 / 200) * 11.25, 14);
    network.backward(x, y, 2);
    const grads = Float64Array.from(network.grads);
    network.backward(x, y, 2, 0.4, 100);
    const w = [1, -1, 0.5, 2];
    w.forEach((value, i) => expect(network.grads[i]! - grads[i]!).toBeCloseTo((0.4 / 100) * value, 14));
    expect(network.grads[4]! - grads[4]!).toBe(0);
  });
});
