/**
 * The three matrix products of forward and backward propagation, in the
 * notes' notation, on top of the kernel's one product C = A·Bᵀ:
 *   C = A·Bᵀ   as it is
 *   C = Aᵀ·B   = (Aᵀ)·(Bᵀ)ᵀ: both operands transposed first
 *   C = A·B    = A·(Bᵀ)ᵀ:    B transposed first
 * The transposes go through two scratch buffers in the kernel's memory, grown
 * as needed, so the layers' code holds only the maths.
 */
import type { Kernel } from './kernels/kernel.ts';
import type { FloatArray } from './matrix.ts';

export class Products {
  private scratch: [FloatArray | null, FloatArray | null] = [null, null];
  /** a matrix whose transpose the caller already holds (the batch's Xᵀ): used instead of transposing it */
  private known: { matrix: FloatArray; transposed: FloatArray } | null = null;

  constructor(readonly kernel: Kernel) {}

  /** C[m, n] = A[m, k] · B[n, k]ᵀ */
  abT(c: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number): void {
    this.kernel.multiplyTransposed(a, b, c, m, n, k);
  }

  /** C[n, k] = A[m, n]ᵀ · B[m, k] */
  aTb(c: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number): void {
    const aT = this.transposed(0, a, m, n);
    const bT = this.transposed(1, b, m, k);
    this.kernel.multiplyTransposed(aT, bT, c, n, k, m);
  }

  /** C[m, k] = A[m, n] · B[n, k] */
  ab(c: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number): void {
    const bT = this.transposed(1, b, n, k);
    this.kernel.multiplyTransposed(a, bT, c, m, k, n);
  }

  /** Until the next call, `matrix` stands for the [cols, rows] `transposed` the caller keeps up to date. */
  knowTranspose(matrix: FloatArray, transposed: FloatArray | null): void {
    this.known = transposed === null ? null : { matrix, transposed };
  }

  dispose(): void {
    for (const buffer of this.scratch) if (buffer !== null) this.kernel.release(buffer);
    this.scratch = [null, null];
    this.known = null;
  }

  /** matrix[rows, cols]ᵀ in scratch buffer `slot`, or the caller's own copy of it. */
  private transposed(slot: 0 | 1, matrix: FloatArray, rows: number, cols: number): FloatArray {
    if (this.known?.matrix === matrix) return this.known.transposed;
    let buffer = this.scratch[slot];
    if (buffer === null || buffer.length < rows * cols) {
      if (buffer !== null) this.kernel.release(buffer);
      buffer = this.scratch[slot] = this.kernel.allocate(rows * cols);
    }
    this.kernel.transpose(matrix, buffer, rows, cols);
    return buffer;
  }
}
