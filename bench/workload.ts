/** The benchmark's workload: the course's 4-layer network on the cat training set. */
import type { Architecture } from '../src/core/architecture.ts';
import { Batch, type Examples } from '../src/core/examples.ts';
import { referenceKernel } from '../src/core/kernels/kernel.ts';
import { preset } from '../src/core/presets.ts';
import { architectureFor, trainingConfigFor } from '../src/core/runSetup.ts';
import type { TrainingConfig } from '../src/core/training.ts';

/** The app's "Course: 4-layer" preset, as every peer runs it. */
const COURSE = preset('Course: 4-layer');
export const HIDDEN = COURSE.hidden.map((layer) => layer.units);
export const MINI_BATCH = 64;
export const WARMUP_ITERATIONS = 20;
/** Timed rounds per figure; the median is reported. */
export const ROUNDS = 3;

export function courseArchitecture(inputSize: number): Architecture {
  return architectureFor(COURSE, { inputSize, classCount: 2 });
}

export function courseConfig(epochs: number, batchSize: number): TrainingConfig {
  return trainingConfigFor({ ...COURSE, epochs, batchSize });
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

/** What each peer reports. */
export interface PeerResult {
  readonly name: string;
  readonly fullBatchMs: number;
  readonly miniBatchEpochMs: number | null;
  readonly predictUs: number | null;
  readonly cost: number;
  readonly note?: string;
}
