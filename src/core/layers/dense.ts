/**
 * The dense (fully connected) layer, z[l] = W[l]·a[l−1] + b[l] for each
 * example; for a batch of m examples as rows:
 *
 *   A_prev  [m, n_(l−1)]    W  [n_l, n_(l−1)]    b  [n_l]    Z, dZ  [m, n_l]
 *
 * forward   Z = A_prev·Wᵀ + b
 * backward  dW = dZᵀ·A_prev        (dJ/dW[l], [n_l, n_(l−1)])
 *           db = Σ_rows dZ         (dJ/db[l], [n_l])
 *           dA_prev = dZ·W         (dJ/dA[l−1], [m, n_(l−1)]; not needed below the first layer)
 * (for a batch taken in parts, each part's dW and db are added to the parts' before it)
 */
import type { FloatArray } from '../matrix.ts';
import type { Products } from '../products.ts';

export interface DenseShape {
  /** n_(l−1) */
  readonly fanIn: number;
  /** n_l */
  readonly units: number;
}

export function denseForward(
  products: Products,
  z: FloatArray,
  aPrev: FloatArray,
  w: FloatArray,
  b: FloatArray,
  m: number,
  { fanIn, units }: DenseShape,
): void {
  products.abT(z, aPrev, w, m, units, fanIn);
  addToRows(z, b, m, units);
}

export function denseBackward(
  products: Products,
  dW: FloatArray,
  db: FloatArray,
  dAPrev: FloatArray | null,
  dZ: FloatArray,
  aPrev: FloatArray,
  w: FloatArray,
  m: number,
  { fanIn, units }: DenseShape,
  accumulate = false,
): void {
  products.aTb(dW, dZ, aPrev, m, units, fanIn, accumulate);
  sumRows(dZ, db, m, units, accumulate);
  if (dAPrev !== null) products.ab(dAPrev, dZ, w, m, units, fanIn);
}

/** out[r, c] += v[c] for every row */
function addToRows(out: FloatArray, v: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[o + c] += v[c];
  }
}

/** out[c] (+)= Σ_r values[r, c] */
function sumRows(values: FloatArray, out: FloatArray, rows: number, cols: number, accumulate: boolean): void {
  if (!accumulate) out.fill(0);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) out[c] += values[o + c];
  }
}
