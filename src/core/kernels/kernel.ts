/**
 * A kernel is where the network's numbers live and where the heavy loops run:
 * the one product the network needs, C[m, n] (+)= A[m, k]·B[n, k]ᵀ (see
 * matrix.ts), and the two moves that bring a batch into that layout. Fast
 * kernels need their operands in their own memory, so every buffer the
 * network and its batches use comes from the kernel that will work on it.
 */
import { multiplyTransposed, transpose, type FloatArray, type FloatArrayConstructor } from '../matrix.ts';

export interface Kernel {
  readonly name: string;
  /** A zero-filled array in the kernel's memory. */
  allocate(length: number): FloatArray;
  /** Zero-filled bytes in the kernel's memory. */
  allocateBytes(length: number): Uint8Array;
  /** Gives back an array from allocate() or allocateBytes(); it must not be used afterwards. */
  release(array: FloatArray | Uint8Array): void;
  multiplyTransposed(
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
    m: number,
    n: number,
    k: number,
    accumulate?: boolean,
  ): void;
  /** out[i] = bytes[i]·scale for i < count, in float32 arithmetic (scale rounded to float32 first) */
  scaleBytes(bytes: Uint8Array, out: FloatArray, count: number, scale: number): void;
  /** out[cols, rows] = input[rows, cols]ᵀ */
  transpose(input: FloatArray, out: FloatArray, rows: number, cols: number): void;
  /**
   * Gradient descent over params[from..to): θ := θ − α·dθ in float32 arithmetic,
   * adding Σ dθ² and Σ θ² (after the update) to squares[0] and squares[1].
   */
  descend(
    params: FloatArray,
    grads: FloatArray,
    from: number,
    to: number,
    learningRate: number,
    squares: Float64Array,
  ): void;
}

export function scaleBytes(bytes: Uint8Array, out: FloatArray, count: number, scale: number): void {
  // A byte times a float32 is exact in float64, so one rounding gives float32's product.
  const scale32 = Math.fround(scale);
  for (let i = 0; i < count; i++) out[i] = Math.fround(bytes[i] * scale32);
}

export function descend(
  params: FloatArray,
  grads: FloatArray,
  from: number,
  to: number,
  learningRate: number,
  squares: Float64Array,
): void {
  const alpha = Math.fround(learningRate);
  let gradients = 0;
  let weights = 0;
  for (let i = from; i < to; i++) {
    const g = grads[i];
    const w = Math.fround(params[i] - Math.fround(alpha * g));
    params[i] = w;
    gradients += g * g;
    weights += w * w;
  }
  squares[0] += gradients;
  squares[1] += weights;
}

/** The plain TypeScript kernel over ordinary typed arrays: the reference every fast kernel is tested against. */
export function referenceKernel(Float: FloatArrayConstructor = Float32Array): Kernel {
  return {
    name: Float === Float64Array ? 'TypeScript float64' : 'TypeScript float32',
    allocate: (length) => new Float(length),
    allocateBytes: (length) => new Uint8Array(length),
    release: () => {},
    multiplyTransposed,
    scaleBytes,
    transpose,
    descend,
  };
}
