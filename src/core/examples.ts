/**
 * Labelled examples as the network sees them, and batches gathered from them.
 *
 * Inputs stay in their compact stored form (pixels as bytes); a batch turns
 * the chosen rows into network inputs x = stored·scale (pixels/255 for images)
 * and targets y: the label itself for a single sigmoid output, one-hot otherwise.
 */
import type { Kernel } from './kernels/kernel.ts';
import { transpose, type FloatArray } from './matrix.ts';

export interface Examples {
  /** [count, inputSize], row-major */
  readonly inputs: Uint8Array | FloatArray;
  /** class index per example */
  readonly labels: Uint16Array | Uint8Array | Int32Array;
  readonly count: number;
  readonly inputSize: number;
  /** multiplies every stored input value (1/255 for pixels) */
  readonly scale: number;
}

export function assertExamples(examples: Examples, classCount: number, what = 'examples'): void {
  const { inputs, labels, count, inputSize } = examples;
  if (!Number.isInteger(count) || count < 1) throw new Error(`${what}: no examples`);
  if (inputs.length !== count * inputSize) {
    throw new Error(`${what}: ${inputs.length} input values are not ${count} examples of ${inputSize}`);
  }
  if (labels.length !== count) throw new Error(`${what}: ${labels.length} labels for ${count} examples`);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= classCount)
      throw new Error(`${what}: label ${labels[i]} of example ${i} is not one of ${classCount} classes`);
  }
}

/** The output width a network needs for k classes: one sigmoid unit for two, else k. */
export function outputUnitsFor(classCount: number): number {
  return classCount === 2 ? 1 : classCount;
}

/** Reusable buffers for batches of up to `capacity` examples. */
export class Batch {
  readonly capacity: number;
  /** [m, n_0] */
  readonly x: FloatArray;
  /** [n_0, m], the transpose backward needs for dJ/dW[1] */
  readonly xT: FloatArray;
  /** [m, outputs] */
  readonly y: FloatArray;
  readonly labels: Int32Array;
  size = 0;

  constructor(
    readonly inputSize: number,
    readonly outputs: number,
    capacity: number,
    private readonly kernel: Kernel,
  ) {
    this.capacity = capacity;
    this.x = kernel.allocate(capacity * inputSize);
    this.xT = kernel.allocate(capacity * inputSize);
    this.y = new Float32Array(capacity * outputs);
    this.labels = new Int32Array(capacity);
  }

  /** Gives the kernel back x and xᵀ; the batch must not be used afterwards. */
  dispose(): void {
    this.kernel.release(this.x);
    this.kernel.release(this.xT);
  }

  /** Fills the batch with examples order[start .. start + m). */
  gather(examples: Examples, order: ArrayLike<number>, start: number, m: number): void {
    if (m > this.capacity) throw new RangeError(`batch of ${m} exceeds capacity ${this.capacity}`);
    const { inputs, inputSize: n, scale } = examples;
    const { x, xT, y, outputs } = this;
    y.fill(0, 0, m * outputs);
    for (let r = 0; r < m; r++) {
      const e = order[start + r];
      const from = e * n;
      const to = r * n;
      for (let c = 0; c < n; c++) x[to + c] = inputs[from + c] * scale;
      const label = examples.labels[e];
      this.labels[r] = label;
      if (outputs === 1) y[r] = label;
      else y[r * outputs + label] = 1;
    }
    transpose(x, xT, m, n);
    this.size = m;
  }
}

/** Class index with the highest output: output ≥ 0.5 for a single sigmoid unit. */
export function predictedClass(output: FloatArray, row: number, outputs: number): number {
  if (outputs === 1) return output[row] >= 0.5 ? 1 : 0;
  const o = row * outputs;
  let best = 0;
  for (let c = 1; c < outputs; c++) if (output[o + c] > output[o + best]) best = c;
  return best;
}
