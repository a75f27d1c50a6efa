/**
 * A kernel is where the network's numbers live and where the heavy loops run:
 * the two products the network needs, C[m, n] (+)= A[m, k]·B[n, k]ᵀ and
 * C[m, n] (+)= A[k, m]ᵀ·B[k, n] (see matrix.ts), the moves that bring a batch
 * into the network's layout, and the optimisers' updates. Fast kernels need
 * their operands in their own memory, so every buffer the network, its batches
 * and its optimiser use comes from the kernel that will work on it.
 */
import {
  multiplyTransposed,
  multiplyTransposedLeft,
  transpose,
  type FloatArray,
  type FloatArrayConstructor,
} from '../matrix.ts';
import { col2imAdd, im2col, type PatchGeometry } from '../patches.ts';

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
  /** C[m, n] (+)= A[k, m]ᵀ · B[k, n]: dJ/dW[l] = dJ/dZ[l]ᵀ·A[l−1] from the batch's rows as they are */
  multiplyTransposedLeft(
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
  /** P [m·H_o·W_o, k·k·C] = the convolution windows of A_prev [m, H, W, C] (see patches.ts) */
  im2col(patches: FloatArray, aPrev: FloatArray, m: number, g: PatchGeometry): void;
  /** dA_prev [m, H, W, C] = col2im(dP), im2col's adjoint: zeroed, then each patch added back */
  col2imAdd(dAPrev: FloatArray, dPatches: FloatArray, m: number, g: PatchGeometry): void;
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
  /**
   * Momentum over params[from..to), velocity beside them (same indices, zeros at first):
   * v := β·v + (1 − β)·dθ;  θ := θ − α·v, in float32 arithmetic, measuring as descend() does.
   */
  momentum(
    params: FloatArray,
    grads: FloatArray,
    velocity: FloatArray,
    from: number,
    to: number,
    learningRate: number,
    beta: number,
    squares: Float64Array,
  ): void;
  /**
   * Adam step t over params[from..to), moments beside them (zeros at first), in float32
   * arithmetic, measuring as descend() does (see adamScalars for the formula).
   */
  adam(
    params: FloatArray,
    grads: FloatArray,
    moment1: FloatArray,
    moment2: FloatArray,
    from: number,
    to: number,
    learningRate: number,
    step: AdamStep,
    squares: Float64Array,
  ): void;
}

export interface AdamStep {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** the step's number, from 1 */
  readonly t: number;
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

export function momentum(
  params: FloatArray,
  grads: FloatArray,
  velocity: FloatArray,
  from: number,
  to: number,
  learningRate: number,
  beta: number,
  squares: Float64Array,
): void {
  const f = Math.fround;
  const [alpha, b, ob] = [f(learningRate), f(beta), f(1 - beta)];
  let gradients = 0;
  let weights = 0;
  for (let i = from; i < to; i++) {
    const g = grads[i];
    const v = f(f(b * velocity[i]) + f(ob * g));
    velocity[i] = v;
    const w = f(params[i] - f(alpha * v));
    params[i] = w;
    gradients += g * g;
    weights += w * w;
  }
  squares[0] += gradients;
  squares[1] += weights;
}

/**
 * Adam's constants for step t, rounded to float32 as every kernel uses them.
 * Kingma & Ba 2015 with PyTorch's arrangement of the bias corrections c = 1 − βᵗ:
 *   m := β1·m + (1−β1)·dθ;  v := β2·v + (1−β2)·dθ²;  θ := θ − (α/c1)·m / (√v/√c2 + ε)
 */
export function adamScalars(learningRate: number, { beta1, beta2, epsilon, t }: AdamStep) {
  const f = Math.fround;
  return {
    step: f(learningRate / (1 - beta1 ** t)),
    beta1: f(beta1),
    oneMinusBeta1: f(1 - beta1),
    beta2: f(beta2),
    oneMinusBeta2: f(1 - beta2),
    sqrtC2: f(Math.sqrt(1 - beta2 ** t)),
    epsilon: f(epsilon),
  };
}

export function adam(
  params: FloatArray,
  grads: FloatArray,
  moment1: FloatArray,
  moment2: FloatArray,
  from: number,
  to: number,
  learningRate: number,
  adamStep: AdamStep,
  squares: Float64Array,
): void {
  // Every operation rounded to float32, as the WebAssembly kernel computes it: an
  // operation on float32 values done in float64 and rounded once is float32's own.
  const f = Math.fround;
  const { step, beta1, oneMinusBeta1, beta2, oneMinusBeta2, sqrtC2, epsilon } = adamScalars(
    learningRate,
    adamStep,
  );
  let gradients = 0;
  let weights = 0;
  for (let i = from; i < to; i++) {
    const g = grads[i];
    const m = f(f(beta1 * moment1[i]) + f(oneMinusBeta1 * g));
    const v = f(f(beta2 * moment2[i]) + f(oneMinusBeta2 * f(g * g)));
    moment1[i] = m;
    moment2[i] = v;
    const d = f(f(f(Math.sqrt(v)) / sqrtC2) + epsilon);
    const w = f(params[i] - f(step * f(m / d)));
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
    multiplyTransposedLeft,
    scaleBytes,
    transpose,
    im2col,
    col2imAdd,
    descend,
    momentum,
    adam,
  };
}
