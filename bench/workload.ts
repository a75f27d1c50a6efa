/**
 * The benchmark's workloads, on the cat training set: the course's 4-layer network
 * [12288, 20, 7, 5, 1] (W1 full batch, W2 mini-batches of 64, W4 one prediction) and
 * a 6-class network [12288, 25, 12, 6] in mini-batches of 32 (W6, with Adam and with
 * momentum), its classes the examples' indices mod 6: only the shapes matter for time.
 */
import type { Architecture } from '../src/core/architecture.ts';
import { Batch, type Examples } from '../src/core/examples.ts';
import { referenceKernel } from '../src/core/kernels/kernel.ts';
import { DEFAULT_OPTIMIZERS } from '../src/core/optimizers.ts';
import type { TrainingConfig } from '../src/core/training.ts';

export const HIDDEN = [20, 7, 5] as const;
export const MINI_BATCH = 64;
export const W6_HIDDEN = [25, 12] as const;
export const W6_CLASSES = 6;
export const W6_BATCH = 32;
/** Adam's learning rate in W6 (momentum's is the course's 0.0075) */
export const ADAM_RATE = 0.0001;
export const WARMUP_ITERATIONS = 20;
/** Rounds of every peer, one after another; each figure is the median of its rounds. */
export const ROUNDS = 3;

export function courseArchitecture(inputSize: number): Architecture {
  return {
    inputSize,
    layers: [
      ...HIDDEN.map((units) => ({ units, activation: 'relu' as const })),
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binaryCrossEntropy',
  };
}

export function w6Architecture(inputSize: number): Architecture {
  return {
    inputSize,
    layers: [
      ...W6_HIDDEN.map((units) => ({ units, activation: 'relu' as const })),
      { units: W6_CLASSES, activation: 'softmax' },
    ],
    loss: 'softmaxCrossEntropy',
  };
}

/** The same examples in W6's classes */
export function w6Examples(examples: Examples): Examples {
  return { ...examples, labels: Uint8Array.from({ length: examples.count }, (_, i) => i % W6_CLASSES) };
}

export function w6Config(epochs: number, optimizer: 'adam' | 'momentum'): TrainingConfig {
  return {
    ...courseConfig(epochs, W6_BATCH),
    optimizer: DEFAULT_OPTIMIZERS[optimizer],
    learningRate: optimizer === 'adam' ? ADAM_RATE : courseConfig(1, 0).learningRate,
  };
}

export function courseConfig(epochs: number, batchSize: number): TrainingConfig {
  return {
    epochs,
    batchSize,
    learningRate: 0.0075,
    learningRateDecay: 0,
    optimizer: DEFAULT_OPTIMIZERS.gradientDescent,
    l2: 0,
    initializer: 'lecun',
    seed: 1,
    validateEvery: epochs,
  };
}

/**
 * Floating-point operations of one pass over m examples: the forward product,
 * dW for every layer and dA below the first (the input needs no gradient).
 */
export function flopsPerPass(architecture: Architecture, m: number): number {
  let flops = 0;
  let fanIn = architecture.inputSize;
  architecture.layers.forEach((layer, l) => {
    flops += 2 * m * layer.units * fanIn * (l === 0 ? 2 : 3);
    fanIn = layer.units;
  });
  return flops;
}

/** The whole set as the network sees it: x [m, n_0] = pixels/255 and y [m]. */
export function asMatrices(examples: Examples): { x: Float32Array; y: Float32Array } {
  const m = examples.count;
  const batch = new Batch(examples.inputSize, 1, m, referenceKernel(), false);
  batch.gather(
    examples,
    Int32Array.from({ length: m }, (_, i) => i),
    0,
    m,
  );
  return { x: batch.x as Float32Array, y: batch.y };
}

/** The figures: W1 ms per iteration, W2 and W6 ms per epoch, W4 µs per prediction. */
export const WORKLOADS = [
  'fullBatchMs',
  'miniBatchEpochMs',
  'predictUs',
  'adamEpochMs',
  'momentumEpochMs',
] as const;
export type Workload = (typeof WORKLOADS)[number];

/** What each peer reports: a figure per workload (null where it was not run). */
export type PeerResult = Readonly<Record<Workload, number | null>> & {
  readonly name: string;
  /** the threads each figure ran on */
  readonly threads: Readonly<Record<Workload, number>> | number;
  readonly cost: number;
  /** on an unoptimised BLAS: shown, never compared with */
  readonly reference?: boolean;
  readonly note?: string;
};
