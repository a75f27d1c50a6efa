/**
 * Dense row-major matrices and the two matrix products the network needs.
 *
 * Examples are rows in memory: a layer's activations for a batch of m
 * examples form an [m, n_l] matrix. With W[l] stored [n_l, n_(l-1)] as in the
 * notes, forward propagation's products are C = A·Bᵀ, whose inner loop walks a
 * row of A and a row of B, both contiguous; dJ/dW[l] is C = Aᵀ·B, whose inner
 * loop walks rows of B and of C.
 */
export type FloatArray = Float32Array | Float64Array;
export type FloatArrayConstructor = Float32ArrayConstructor | Float64ArrayConstructor;

/** A float32 copy in a buffer of its own (Float32Array.from walks the values one by one: 60 times slower). */
export function float32Copy(values: FloatArray): Float32Array {
  return values instanceof Float32Array ? values.slice() : new Float32Array(values);
}

/** Depth of one pass over k, chosen so a block of B rows stays in the L2 cache. */
const K_BLOCK = 1024;

export function assertProductSizes(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  n: number,
  k: number,
): void {
  if (a.length < m * k || b.length < n * k || c.length < m * n) {
    throw new RangeError(`multiplyTransposed: buffers too small for [${m}x${k}]·[${n}x${k}]ᵀ`);
  }
}

/**
 * C[m, n] (+)= A[m, k] · B[n, k]ᵀ.
 * With `accumulate` false C is overwritten, otherwise added to.
 */
export function multiplyTransposed(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  n: number,
  k: number,
  accumulate = false,
): void {
  assertProductSizes(a, b, c, m, n, k);
  if (!accumulate) c.fill(0, 0, m * n);
  for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
    const p1 = Math.min(k, p0 + K_BLOCK);
    let i = 0;
    for (; i + 1 < m; i += 2) {
      const a0 = i * k;
      const a1 = a0 + k;
      let j = 0;
      for (; j + 3 < n; j += 4) {
        const b0 = j * k;
        const b1 = b0 + k;
        const b2 = b1 + k;
        const b3 = b2 + k;
        let s00 = 0,
          s01 = 0,
          s02 = 0,
          s03 = 0;
        let s10 = 0,
          s11 = 0,
          s12 = 0,
          s13 = 0;
        for (let p = p0; p < p1; p++) {
          const x0 = a[a0 + p];
          const x1 = a[a1 + p];
          const y0 = b[b0 + p];
          const y1 = b[b1 + p];
          const y2 = b[b2 + p];
          const y3 = b[b3 + p];
          s00 += x0 * y0;
          s01 += x0 * y1;
          s02 += x0 * y2;
          s03 += x0 * y3;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s12 += x1 * y2;
          s13 += x1 * y3;
        }
        const c0 = i * n + j;
        const c1 = c0 + n;
        c[c0] += s00;
        c[c0 + 1] += s01;
        c[c0 + 2] += s02;
        c[c0 + 3] += s03;
        c[c1] += s10;
        c[c1 + 1] += s11;
        c[c1 + 2] += s12;
        c[c1 + 3] += s13;
      }
      for (; j < n; j++) {
        const b0 = j * k;
        let s0 = 0,
          s1 = 0;
        for (let p = p0; p < p1; p++) {
          const y = b[b0 + p];
          s0 += a[a0 + p] * y;
          s1 += a[a1 + p] * y;
        }
        c[i * n + j] += s0;
        c[(i + 1) * n + j] += s1;
      }
    }
    if (i < m) {
      // the last row when m is odd: four columns at a time, still independent sums
      const a0 = i * k;
      let j = 0;
      for (; j + 3 < n; j += 4) {
        const b0 = j * k;
        const b1 = b0 + k;
        const b2 = b1 + k;
        const b3 = b2 + k;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let p = p0; p < p1; p++) {
          const x = a[a0 + p];
          s0 += x * b[b0 + p];
          s1 += x * b[b1 + p];
          s2 += x * b[b2 + p];
          s3 += x * b[b3 + p];
        }
        const c0 = i * n + j;
        c[c0] += s0;
        c[c0 + 1] += s1;
        c[c0 + 2] += s2;
        c[c0 + 3] += s3;
      }
      for (; j < n; j++) {
        const b0 = j * k;
        let s = 0;
        for (let p = p0; p < p1; p++) s += a[a0 + p] * b[b0 + p];
        c[i * n + j] += s;
      }
    }
  }
}

/**
 * C[m, n] (+)= A[k, m]ᵀ · B[k, n]: with A = dJ/dZ[l] and B = A[l−1], both [m, ·] with
 * examples as rows, this is dJ/dW[l] without transposing either. Each row of C is
 * summed in float64 over p in order, B's rows read as they lie.
 */
export function multiplyTransposedLeft(
  a: FloatArray,
  b: FloatArray,
  c: FloatArray,
  m: number,
  n: number,
  k: number,
  accumulate = false,
): void {
  if (a.length < k * m || b.length < k * n || c.length < m * n) {
    throw new RangeError(`multiplyTransposedLeft: buffers too small for [${k}x${m}]ᵀ·[${k}x${n}]`);
  }
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    for (let p = 0; p < k; p++) {
      const x = a[p * m + i];
      const o = p * n;
      for (let j = 0; j < n; j++) row[j] += x * b[o + j];
    }
    const o = i * n;
    for (let j = 0; j < n; j++) c[o + j] = (accumulate ? c[o + j] : 0) + row[j];
  }
}

/** out[cols, rows] = in[rows, cols]ᵀ, in tiles so both sides stay in cache. */
export function transpose(input: FloatArray, out: FloatArray, rows: number, cols: number): void {
  const TILE = 32;
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) out[c * rows + r] = input[r * cols + c];
      }
    }
  }
}
