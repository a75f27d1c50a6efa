/**
 * Labelled examples as the network sees them, and batches gathered from them.
 *
 * Inputs stay in their compact stored form (pixels as bytes); a batch turns
 * the chosen rows into network inputs x = stored·scale (pixels/255 for images)
 * and targets y: the label itself for a single sigmoid output, one-hot otherwise.
 */
import type { Kernel } from './kernels/kernel.ts';
import type { FloatArray } from './matrix.ts';

/** The most images one data set holds: an .h5 file's limit (a folder gives at most 200,000). */
export const MAX_IMAGES = 1_000_000;

export interface Examples {
  /** [count, inputSize], row-major; with `rows`, the examples are those rows of it */
  readonly inputs: Uint8Array | FloatArray;
  /** class index per example */
  readonly labels: Uint16Array | Uint8Array | Int32Array;
  readonly count: number;
  readonly inputSize: number;
  /** multiplies every stored input value (1/255 for pixels) */
  readonly scale: number;
  /** which rows of `inputs` the examples are, in order (a subset shares its set's inputs); absent: all */
  readonly rows?: Int32Array;
}

export function assertExamples(examples: Examples, classCount: number, what = 'examples'): void {
  const { inputs, labels, count, inputSize, rows } = examples;
  if (!Number.isInteger(count) || count < 1) throw new Error(`${what}: no examples`);
  if (rows === undefined ? inputs.length !== count * inputSize : inputs.length % inputSize !== 0) {
    throw new Error(`${what}: ${inputs.length} input values are not ${count} examples of ${inputSize}`);
  }
  if (rows !== undefined) {
    if (rows.length !== count) throw new Error(`${what}: ${rows.length} rows for ${count} examples`);
    const stored = inputs.length / inputSize;
    for (let i = 0; i < count; i++) {
      if (!(rows[i]! >= 0 && rows[i]! < stored))
        throw new Error(`${what}: example ${i} is row ${rows[i]} of ${stored}`);
    }
  }
  if (labels.length !== count) throw new Error(`${what}: ${labels.length} labels for ${count} examples`);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= classCount)
      throw new Error(`${what}: label ${labels[i]} of example ${i} is not one of ${classCount} classes`);
  }
}

/** Reusable buffers for batches of up to `capacity` examples. */
export class Batch {
  readonly capacity: number;
  /** [m, n_0] */
  readonly x: FloatArray;
  /** [m, outputs] */
  readonly y: Float32Array;
  readonly labels: Int32Array;
  size = 0;

  /** the chosen examples' stored bytes, [m, n_0], when the inputs are bytes */
  private bytes: Uint8Array | null = null;

  constructor(
    readonly inputSize: number,
    readonly outputs: number,
    capacity: number,
    private readonly kernel: Kernel,
  ) {
    this.capacity = capacity;
    this.x = kernel.allocate(capacity * inputSize);
    this.y = new Float32Array(capacity * outputs);
    this.labels = new Int32Array(capacity);
  }

  /** Gives the kernel back its buffers; the batch must not be used afterwards. */
  dispose(): void {
    for (const buffer of [this.x, this.bytes]) if (buffer !== null) this.kernel.release(buffer);
  }

  /** Fills the batch with examples order[start .. start + m). */
  gather(examples: Examples, order: ArrayLike<number>, start: number, m: number): void {
    if (m > this.capacity) throw new RangeError(`batch of ${m} exceeds capacity ${this.capacity}`);
    const { inputs, inputSize: n, scale, rows } = examples;
    const { x, y, outputs } = this;
    const row = (r: number) => (rows ? rows[order[start + r]] : order[start + r]);
    if (inputs instanceof Uint8Array) {
      // Copy the rows' bytes next to the kernel, then let it scale them all at once.
      this.bytes ??= this.kernel.allocateBytes(this.capacity * n);
      for (let r = 0; r < m; r++) {
        const from = row(r) * n;
        this.bytes.set(inputs.subarray(from, from + n), r * n);
      }
      this.kernel.scaleBytes(this.bytes, x, m * n, scale);
    } else {
      for (let r = 0; r < m; r++) {
        const from = row(r) * n;
        const to = r * n;
        for (let c = 0; c < n; c++) x[to + c] = inputs[from + c] * scale;
      }
    }
    y.fill(0, 0, m * outputs);
    for (let r = 0; r < m; r++) {
      const label = examples.labels[order[start + r]];
      this.labels[r] = label;
      if (outputs === 1) y[r] = label;
      else y[r * outputs + label] = 1;
    }
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
