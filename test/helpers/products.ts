import type { Kernel } from '../../src/core/kernels/kernel.ts';
import { multiplyTransposed, multiplyTransposedLeft } from '../../src/core/matrix.ts';
import { Random } from '../../src/core/random.ts';

/** The two products: 'transposed' is C = A[m, k]·B[n, k]ᵀ, 'left' is C = A[k, m]ᵀ·B[k, n]. */
export type Product = 'transposed' | 'left';

/**
 * Runs the product (plus an existing C when accumulating) on `kernel` and on the
 * float64 reference, and returns the largest error relative to Σ|a||b| for that
 * element, the scale float32 rounding is measured against.
 */
export function productError(
  kernel: Kernel,
  m: number,
  n: number,
  k: number,
  accumulate: boolean,
  seed = 1,
  product: Product = 'transposed',
): number {
  const random = new Random(seed);
  const a = kernel.allocate(m * k);
  const b = kernel.allocate(n * k);
  const c = kernel.allocate(m * n);
  // element (i, p) of A and (p, j) of B·ᵀ, in either layout
  const left = product === 'left';
  const at = (i: number, p: number) => a[left ? p * m + i : i * k + p]!;
  const bt = (p: number, j: number) => b[left ? p * n + j : j * k + p]!;
  try {
    a.forEach((_, i) => (a[i] = random.normal()));
    b.forEach((_, i) => (b[i] = random.normal()));
    c.forEach((_, i) => (c[i] = random.normal()));
    const expected = new Float64Array(m * n);
    expected.set(c);
    const reference = left ? multiplyTransposedLeft : multiplyTransposed;
    reference(Float64Array.from(a), Float64Array.from(b), expected, m, n, k, accumulate);
    (left ? kernel.multiplyTransposedLeft : kernel.multiplyTransposed).call(
      kernel,
      a,
      b,
      c,
      m,
      n,
      k,
      accumulate,
    );
    let worst = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let scale = accumulate ? Math.abs(expected[i * n + j]!) : 0;
        for (let p = 0; p < k; p++) scale += Math.abs(at(i, p) * bt(p, j));
        worst = Math.max(worst, Math.abs(c[i * n + j]! - expected[i * n + j]!) / (scale || 1));
      }
    }
    return worst;
  } finally {
    kernel.release(a);
    kernel.release(b);
    kernel.release(c);
  }
}

/** Shapes around every block edge of A·Bᵀ: register blocks of 4 and 2, vectors of 4, k blocks of 4096. */
export const ODD_SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [1, 1, 3],
  [2, 3, 5],
  [3, 2, 7],
  [4, 2, 4],
  [5, 3, 9],
  [7, 1, 13],
  [9, 6, 33],
  [13, 5, 17],
  [6, 13, 31],
  [3, 29, 11],
  [17, 40, 209],
  [40, 17, 209],
  [5, 7, 4101],
  [21, 9, 8195],
  [7, 301, 63],
];

/** Shapes around every block edge of Aᵀ·B: pairs of rows, panels of 16 columns, 256 rows of B per panel. */
export const ODD_SHAPES_LEFT: [number, number, number][] = [
  [1, 1, 1],
  [2, 16, 3],
  [3, 17, 5],
  [1, 15, 2],
  [4, 31, 1],
  [5, 33, 256],
  [7, 47, 257],
  [20, 100, 209],
  [25, 64, 32],
  [2, 1, 513],
  [9, 257, 17],
];
