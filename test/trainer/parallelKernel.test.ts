import { afterAll, describe, expect, it } from 'vitest';
import type { Architecture } from '../../src/core/architecture.ts';
import { simdKernel } from '../../src/core/kernels/simd.ts';
import { DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';
import { createSeededNetwork, train, type TrainingEvent } from '../../src/core/training.ts';
import { createParallelKernel } from '../../src/trainer/parallelKernel.ts';
import { blobs } from '../helpers/blobs.ts';
import { ODD_SHAPES, ODD_SHAPES_LEFT, productError } from '../helpers/products.ts';

const kernel = createParallelKernel(3)!;
afterAll(() => kernel.close());

describe('the parallel SIMD kernel', () => {
  it('runs on three threads here, with the fastest build', () => {
    expect(kernel.threads).toBe(3);
    expect(kernel.name).toBe(`${simdKernel()!.name}, 3 threads`);
  });

  it.each([[209, 20, 12288], [20, 1229, 209], [67, 67, 67], [101, 3, 4099], [3, 997, 95], ...ODD_SHAPES])(
    'agrees with the reference for [%i×%i]·[·×%i]ᵀ, split by rows or columns',
    (m, n, k) => {
      expect(productError(kernel, m, n, k, false)).toBeLessThan(1e-5);
      expect(productError(kernel, m, n, k, true, 5)).toBeLessThan(1e-5);
    },
  );

  it.each([[20, 12288, 209], [25, 4099, 32], [7, 3000, 300], ...ODD_SHAPES_LEFT])(
    'agrees with the reference for [%i×·]ᵀ·[·×%i] over %i rows, split by columns',
    (m, n, k) => {
      expect(productError(kernel, m, n, k, false, 1, 'left')).toBeLessThan(1e-5);
      expect(productError(kernel, m, n, k, true, 5, 'left')).toBeLessThan(1e-5);
    },
  );

  it('scales bytes exactly as one thread does', () => {
    const count = 64 * 12288 + 7;
    const bytes = kernel.allocateBytes(count);
    bytes.forEach((_, i) => (bytes[i] = (i * 7919) % 256));
    const [many, one] = [kernel.allocate(count), simdKernel()!.allocate(count)];
    const oneBytes = simdKernel()!.allocateBytes(count);
    oneBytes.set(bytes);
    kernel.scaleBytes(bytes, many, count, 1 / 255);
    simdKernel()!.scaleBytes(oneBytes, one, count, 1 / 255);
    expect(many).toEqual(one);
    [bytes, many].forEach((array) => kernel.release(array));
    [one, oneBytes].forEach((array) => simdKernel()!.release(array));
  });

  it.each(Object.values(DEFAULT_OPTIMIZERS))(
    'trains with $kind bit for bit like the one-thread kernel, norms included',
    (optimizer) => {
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
        learningRate: optimizer.kind === 'adam' ? 0.001 : 0.01,
        learningRateDecay: 0,
        optimizer,
        l2: 0,
        initializer: 'he' as const,
        seed: 9,
        validateEvery: 1,
      };
      const runs = [simdKernel()!, kernel].map((k) => {
        const { network, random } = createSeededNetwork(architecture, config, k);
        const epochs: TrainingEvent[] = [];
        for (const event of train(network, random, data, config, () => 0))
          if (event.type === 'epoch') epochs.push(event);
        const params = network.params.slice();
        network.dispose();
        return { params, epochs };
      });
      expect(runs[1]!.params).toEqual(runs[0]!.params);
      expect(runs[1]!.epochs).toEqual(runs[0]!.epochs);
    },
  );
});
