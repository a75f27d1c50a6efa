import { afterAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.ts';
import { simdKernel } from '../../src/core/kernels/simd.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import { createSeededNetwork, train } from '../../src/core/training.ts';
import { createParallelKernel } from '../../src/trainer/parallelKernel.ts';
import { blobs } from '../helpers/blobs.ts';
import { ODD_SHAPES, productError } from '../helpers/products.ts';

const kernel = createParallelKernel(3)!;
afterAll(() => kernel.close());

describe('the parallel SIMD kernel', () => {
  it('runs on three threads here', () => {
    expect(kernel.threads).toBe(3);
  });

  it.each([[209, 20, 12288], [20, 1229, 209], [67, 67, 67], [101, 3, 4099], [3, 997, 95], ...ODD_SHAPES])(
    'agrees with the reference for [%i×%i]·[·×%i]ᵀ, split by rows or columns',
    (m, n, k) => {
      expect(productError(kernel, m, n, k, false)).toBeLessThan(1e-5);
      expect(productError(kernel, m, n, k, true, 5)).toBeLessThan(1e-5);
    },
  );

  it('trains bit for bit like the one-thread kernel (each element is summed in the same order)', () => {
    const architecture: Architecture = {
      inputSize: 3000,
      layers: [
        { units: 24, activation: 'relu' },
        { units: 1, activation: 'sigmoid' },
      ],
      loss: 'binaryCrossEntropy',
    };
    const data = { train: blobs(150, 3000, 2, 7, 3), validation: null, classCount: 2 };
    const config = {
      epochs: 5,
      batchSize: 64,
      learningRate: 0.01,
      learningRateDecay: 0,
      optimizer: DEFAULT_OPTIMIZERS.gradientDescent,
      l2: 0,
      initializer: 'he' as const,
      seed: 9,
      validateEvery: 1,
    };
    const runs = [simdKernel()!, kernel].map((k) => {
      const { network, random } = createSeededNetwork(architecture, config, k);
      for (const event of train(network, random, data, config, () => 0)) void event;
      const params = network.params.slice();
      network.dispose();
      return params;
    });
    expect(runs[1]).toEqual(runs[0]);
  });
});
