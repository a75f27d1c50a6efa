/**
 * The benchmark's workloads, on the cat training set: the course's 4-layer network
 * [12288, 20, 7, 5, 1] (W1 full batch, W2 mini-batches of 64, W4 one prediction),
 * a 6-class network [12288, 25, 12, 6] in mini-batches of 32 (W6, with Adam and with
 * momentum), its classes the examples' indices mod 6: only the shapes matter for time,
 * and a small convolutional network on the 64×64×3 images in mini-batches of 32 (W5).
 */
import {
  inputShapeOf,
  placeLayers,
  type Architecture,
  type DenseSpec,
  type TensorShape,
} from '../src/core/architecture.ts';
import { Batch, type Examples } from '../src/core/examples.ts';
import { referenceKernel } from '../src/core/kernels/kernel.ts';
import { preset } from '../src/core/presets.ts';
import { architectureFor, trainingConfigFor, type RunSetup } from '../src/core/runSetup.ts';
import type { TrainingConfig } from '../src/core/training.ts';

/** The app's "Course: 4-layer" preset, as every peer runs it. */
const COURSE = preset('Course: 4-layer');
export const HIDDEN = COURSE.hidden.map((layer) => (layer as DenseSpec).units);
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
  return architectureFor(COURSE, { inputSize, classCount: 2 });
}

/** W6's network and its training, as a setup in the app would hold them */
function w6Setup(epochs: number, optimizer: 'adam' | 'momentum'): RunSetup {
  return {
    ...COURSE,
    hidden: W6_HIDDEN.map((units) => ({ units, activation: 'relu' as const })),
    optimizer,
    learningRate: optimizer === 'adam' ? ADAM_RATE : COURSE.learningRate,
    batchSize: W6_BATCH,
    epochs,
  };
}

export function w6Architecture(inputSize: number): Architecture {
  return architectureFor(w6Setup(1, 'adam'), { inputSize, classCount: W6_CLASSES });
}

/** The same examples in W6's classes */
export function w6Examples(examples: Examples): Examples {
  return { ...examples, labels: Uint8Array.from({ length: examples.count }, (_, i) => i % W6_CLASSES) };
}

export function w6Config(epochs: number, optimizer: 'adam' | 'momentum'): TrainingConfig {
  return trainingConfigFor(w6Setup(epochs, optimizer));
}

export function courseConfig(epochs: number, batchSize: number): TrainingConfig {
  return trainingConfigFor({ ...COURSE, epochs, batchSize });
}

const conv = (filters: number) =>
  ({ type: 'conv2d', filters, kernel: 3, stride: 1, padding: 'same', activation: 'relu' }) as const;
const pool = { type: 'maxPool', size: 2, stride: 2 } as const;

/**
 * W5's network and its training, as a setup in the app would hold them: three blocks of a
 * 3×3 convolution (16, 32, 64 filters, ReLU) and a 2×2 max pool, dense 64 ReLU, one sigmoid
 * unit; He initialisation, plain mini-batch gradient descent in batches of 32 (7 batches,
 * the last of 17), a new shuffled order each epoch.
 */
const W5_SETUP: RunSetup = {
  ...COURSE,
  hidden: [
    conv(16),
    pool,
    conv(32),
    pool,
    conv(64),
    pool,
    { type: 'flatten' },
    { units: 64, activation: 'relu' },
  ],
  initializer: 'he',
  optimizer: 'gradientDescent',
  learningRate: 0.01,
  batchSize: 32,
  epochs: 1,
};

export function w5Architecture(inputSize: number): Architecture {
  return architectureFor(W5_SETUP, { inputSize, classCount: 2 });
}

export function w5Config(epochs: number): TrainingConfig {
  return trainingConfigFor({ ...W5_SETUP, epochs });
}

/** W5 as the peers build it: the input's shape, core's layers, the rate and the batch size. */
export interface CnnWorkload {
  readonly input: readonly [height: number, width: number, channels: number];
  readonly layers: Architecture['layers'];
  readonly learningRate: number;
  readonly batchSize: number;
}

export function w5Workload(inputSize: number): CnnWorkload {
  const architecture = w5Architecture(inputSize);
  const { height, width, channels }: TensorShape = inputShapeOf(architecture);
  return {
    input: [height, width, channels],
    layers: architecture.layers,
    learningRate: W5_SETUP.learningRate,
    batchSize: W5_SETUP.batchSize,
  };
}

/**
 * Floating-point operations of one pass over m examples: the products of every
 * dense and convolutional layer, forward, dW, and dA below the first (the input
 * needs no gradient); a convolution's product runs once per output position.
 */
export function flopsPerPass(architecture: Architecture, m: number): number {
  return placeLayers(architecture).reduce((flops, layer, l) => {
    if (layer.fanIn === 0) return flops;
    const rows = layer.tensors[0]!.shape[0]!;
    const positions = layer.output.height * layer.output.width;
    return flops + 2 * m * positions * rows * layer.fanIn * (l === 0 ? 2 : 3);
  }, 0);
}

/** The whole set as the network sees it: x [m, n_0] = pixels/255 and y [m]. */
export function asMatrices(examples: Examples): { x: Float32Array; y: Float32Array } {
  const m = examples.count;
  const batch = new Batch(examples.inputSize, 1, m, referenceKernel());
  batch.gather(
    examples,
    Int32Array.from({ length: m }, (_, i) => i),
    0,
    m,
  );
  return { x: batch.x as Float32Array, y: batch.y };
}

/** The figures: W1 ms per iteration, W2, W5 and W6 ms per epoch, W4 µs per prediction. */
export const WORKLOADS = [
  'fullBatchMs',
  'miniBatchEpochMs',
  'predictUs',
  'cnnEpochMs',
  'adamEpochMs',
  'momentumEpochMs',
] as const;
export type Workload = (typeof WORKLOADS)[number];

/** How much of each workload a peer runs in a round; 0 skips a workload (its figure is null). */
export interface Counts {
  /** W1's full-batch iterations */
  readonly iterations: number;
  /** W2's and W6's epochs */
  readonly epochs: number;
  /** W4's predictions */
  readonly predictions: number;
  /** W5's epochs */
  readonly cnnEpochs: number;
}

/** What each peer reports: a figure per workload (null where it was not run). */
export type PeerResult = Readonly<Record<Workload, number | null>> & {
  readonly name: string;
  /** the threads each figure ran on */
  readonly threads: Readonly<Record<Workload, number>> | number;
  /** W1's cost after its iterations (null where W1 was not run) */
  readonly cost: number | null;
  /** on an unoptimised BLAS: shown, never compared with */
  readonly reference?: boolean;
  readonly note?: string;
};
