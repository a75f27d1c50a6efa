/**
 * A kernel is where the network's numbers live and the one product it needs
 * is computed: C[m, n] (+)= A[m, k]·B[n, k]ᵀ (see matrix.ts). Fast kernels
 * need their operands in their own memory, so every buffer the network and
 * its batches use comes from the kernel that will multiply it.
 */
import { multiplyTransposed, type FloatArray, type FloatArrayConstructor } from '../matrix.ts';

export interface Kernel {
  readonly name: string;
  /** A zero-filled array in the kernel's memory. */
  allocate(length: number): FloatArray;
  /** Gives back an array from allocate(); it must not be used afterwards. */
  release(array: FloatArray): void;
  multiplyTransposed(
    a: FloatArray,
    b: FloatArray,
    c: FloatArray,
    m: number,
    n: number,
    k: number,
    accumulate?: boolean,
  ): void;
}

/** The plain TypeScript kernel over ordinary typed arrays: the reference every fast kernel is tested against. */
export function referenceKernel(Float: FloatArrayConstructor = Float32Array): Kernel {
  return {
    name: Float === Float64Array ? 'TypeScript float64' : 'TypeScript float32',
    allocate: (length) => new Float(length),
    release: () => {},
    multiplyTransposed,
  };
}
