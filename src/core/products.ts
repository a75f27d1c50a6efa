/**
 * The three matrix products of forward and backward propagation, in the
 * notes' notation, on the kernel's two products C = A·Bᵀ and C = Aᵀ·B:
 *   C = A·Bᵀ   as it is
 *   C = Aᵀ·B   as it is: dJ/dW[l] from the batch's rows, neither operand transposed
 *   C = A·B    = A·(Bᵀ)ᵀ:    B transposed first
 * The one transpose goes through a scratch buffer in the kernel's memory, grown
 * as needed, so the layers' code holds only the maths.
 */
import type { Kernel } from './kernels/kernel.ts';
import type { FloatArray } from './matrix.ts';

export class Products {
  private scratch: FloatArray | null = null;

  constructor(readonly kernel: Kernel) {}

  /** C[m, n] = A[m, k] · B[n, k]ᵀ */
  abT(c: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number): void {
    this.kernel.multiplyTransposed(a, b, c, m, n, k);
  }

  /** C[n, k] (+)= A[m, n]ᵀ · B[m, k] */
  aTb(
    c: FloatArray,
    a: FloatArray,
    b: FloatArray,
    m: number,
    n: number,
    k: number,
    accumulate = false,
  ): void {
    this.kernel.multiplyTransposedLeft(a, b, c, n, k, m, accumulate);
  }

  /** C[m, k] = A[m, n] · B[n, k] */
  ab(c: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number): void {
    this.kernel.multiplyTransposed(a, this.transposed(b, n, k), c, m, k, n);
  }

  dispose(): void {
    if (this.scratch !== null) this.kernel.release(this.scratch);
    this.scratch = null;
  }

  /** matrix[rows, cols]ᵀ in the scratch buffer */
  private transposed(matrix: FloatArray, rows: number, cols: number): FloatArray {
    if (this.scratch === null || this.scratch.length < rows * cols) {
      if (this.scratch !== null) this.kernel.release(this.scratch);
      this.scratch = this.kernel.allocate(rows * cols);
    }
    this.kernel.transpose(matrix, this.scratch, rows, cols);
    return this.scratch;
  }
}
