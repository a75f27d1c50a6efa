// AssemblyScript: C[m, n] (+)= A[m, k] · B[n, k]ᵀ in float32 with 128-bit SIMD,
// for C's rows [i0, i1) and columns [j0, j1), so that threads can share one product.
// Pointers are byte offsets into the shared memory; rows are contiguous.
// Register blocks: 4 rows of A × 2 rows of B (8 accumulators), with 4×1, 1×4 and
// 1×1 blocks for the edges. Larger blocks do not pay: V8 loads every operand of
// an iteration before its first multiply-add, and 8 accumulators with 6 operands
// already fill 14 of the 15 vector registers it allocates: 3×4 and 2×5 blocks
// spill, and 3×3 fits only with fused multiply-add and was no faster.
// The larger operand is streamed once while the smaller stays in cache (for
// Z[1] = X·W[1]ᵀ the m rows of X, not the 20 of W[1]); k is walked in blocks of
// K_BLOCK so that a block of rows stays in cache. Every block sums an element the
// same way (lanes by multiply-add, then the same horizontal sum, then the tail),
// so a product splits into slabs anywhere without changing a bit.
import { mad } from './fma';

const K_BLOCK: i32 = 4096;

/** The first byte not used by the module itself; the host allocates above it. */
export function heapBase(): usize {
  return __heap_base;
}

@inline
function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

@inline
function addTo(c: usize, value: f32): void {
  store<f32>(c, load<f32>(c) + value);
}

export function multiplyTransposed(
  a: usize, b: usize, c: usize,
  m: i32, n: i32, k: i32,
  i0: i32, i1: i32, j0: i32, j1: i32,
  accumulate: bool,
): void {
  const rowA = <usize>k << 2;
  const rowC = <usize>n << 2;
  if (!accumulate) {
    for (let i = i0; i < i1; i++) memory.fill(c + <usize>i * rowC + (<usize>j0 << 2), 0, <usize>(j1 - j0) << 2);
  }
  for (let kb = 0; kb < k; kb += K_BLOCK) {
    const ke = min(k, kb + K_BLOCK);
    const kv = kb + ((ke - kb) & ~3);
    if (i1 - i0 >= j1 - j0) {
      // A is the larger operand: stream its rows once, four at a time, past every row of B.
      let i = i0;
      for (; i + 4 <= i1; i += 4) {
        const pa = a + <usize>i * rowA;
        const pc = c + <usize>i * rowC;
        let j = j0;
        for (; j + 2 <= j1; j += 2) block4x2(pa, b + <usize>j * rowA, pc + (<usize>j << 2), rowA, rowC, kb, kv, ke);
        if (j < j1) block4x1(pa, b + <usize>j * rowA, pc + (<usize>j << 2), rowA, rowC, kb, kv, ke);
      }
      for (; i < i1; i++) row(a + <usize>i * rowA, b, c + <usize>i * rowC, rowA, j0, j1, kb, kv, ke);
    } else {
      // B is the larger operand: stream its rows once, four at a time, past every row of A.
      let j = j0;
      for (; j + 4 <= j1; j += 4) {
        const pb = b + <usize>j * rowA;
        let i = i0;
        for (; i + 4 <= i1; i += 4) {
          const pa = a + <usize>i * rowA;
          const pc = c + <usize>i * rowC + (<usize>j << 2);
          block4x2(pa, pb, pc, rowA, rowC, kb, kv, ke);
          block4x2(pa, pb + 2 * rowA, pc + 8, rowA, rowC, kb, kv, ke);
        }
        for (; i < i1; i++) block1x4(a + <usize>i * rowA, pb, c + <usize>i * rowC + (<usize>j << 2), rowA, kb, kv, ke);
      }
      for (; j < j1; j++) {
        const pb = b + <usize>j * rowA;
        let i = i0;
        for (; i + 4 <= i1; i += 4) block4x1(a + <usize>i * rowA, pb, c + <usize>i * rowC + (<usize>j << 2), rowA, rowC, kb, kv, ke);
        for (; i < i1; i++) block1x1(a + <usize>i * rowA, pb, c + <usize>i * rowC + (<usize>j << 2), kb, kv, ke);
      }
    }
  }
}

/** One row of C, columns [j0, j1): four at a time, then one by one. */
@inline
function row(pa: usize, b: usize, pc: usize, rowA: usize, j0: i32, j1: i32, kb: i32, kv: i32, ke: i32): void {
  let j = j0;
  for (; j + 4 <= j1; j += 4) block1x4(pa, b + <usize>j * rowA, pc + (<usize>j << 2), rowA, kb, kv, ke);
  for (; j < j1; j++) block1x1(pa, b + <usize>j * rowA, pc + (<usize>j << 2), kb, kv, ke);
}

@inline
function block4x2(pa: usize, pb: usize, pc: usize, rowA: usize, rowC: usize, kb: i32, kv: i32, ke: i32): void {
  let s00 = f32x4.splat(0), s01 = f32x4.splat(0);
  let s10 = f32x4.splat(0), s11 = f32x4.splat(0);
  let s20 = f32x4.splat(0), s21 = f32x4.splat(0);
  let s30 = f32x4.splat(0), s31 = f32x4.splat(0);
  for (let p = kb; p < kv; p += 4) {
    const o = <usize>p << 2;
    const b0 = v128.load(pb + o);
    const b1 = v128.load(pb + rowA + o);
    const a0 = v128.load(pa + o);
    s00 = mad(a0, b0, s00);
    s01 = mad(a0, b1, s01);
    const a1 = v128.load(pa + rowA + o);
    s10 = mad(a1, b0, s10);
    s11 = mad(a1, b1, s11);
    const a2 = v128.load(pa + 2 * rowA + o);
    s20 = mad(a2, b0, s20);
    s21 = mad(a2, b1, s21);
    const a3 = v128.load(pa + 3 * rowA + o);
    s30 = mad(a3, b0, s30);
    s31 = mad(a3, b1, s31);
  }
  let t00 = hsum(s00), t01 = hsum(s01), t10 = hsum(s10), t11 = hsum(s11);
  let t20 = hsum(s20), t21 = hsum(s21), t30 = hsum(s30), t31 = hsum(s31);
  for (let p = kv; p < ke; p++) {
    const o = <usize>p << 2;
    const b0 = load<f32>(pb + o);
    const b1 = load<f32>(pb + rowA + o);
    const a0 = load<f32>(pa + o);
    const a1 = load<f32>(pa + rowA + o);
    const a2 = load<f32>(pa + 2 * rowA + o);
    const a3 = load<f32>(pa + 3 * rowA + o);
    t00 += a0 * b0; t01 += a0 * b1;
    t10 += a1 * b0; t11 += a1 * b1;
    t20 += a2 * b0; t21 += a2 * b1;
    t30 += a3 * b0; t31 += a3 * b1;
  }
  addTo(pc, t00); addTo(pc + 4, t01);
  addTo(pc + rowC, t10); addTo(pc + rowC + 4, t11);
  addTo(pc + 2 * rowC, t20); addTo(pc + 2 * rowC + 4, t21);
  addTo(pc + 3 * rowC, t30); addTo(pc + 3 * rowC + 4, t31);
}

@inline
function block4x1(pa: usize, pb: usize, pc: usize, rowA: usize, rowC: usize, kb: i32, kv: i32, ke: i32): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  for (let p = kb; p < kv; p += 4) {
    const o = <usize>p << 2;
    const b0 = v128.load(pb + o);
    s0 = mad(v128.load(pa + o), b0, s0);
    s1 = mad(v128.load(pa + rowA + o), b0, s1);
    s2 = mad(v128.load(pa + 2 * rowA + o), b0, s2);
    s3 = mad(v128.load(pa + 3 * rowA + o), b0, s3);
  }
  let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
  for (let p = kv; p < ke; p++) {
    const o = <usize>p << 2;
    const b0 = load<f32>(pb + o);
    t0 += load<f32>(pa + o) * b0;
    t1 += load<f32>(pa + rowA + o) * b0;
    t2 += load<f32>(pa + 2 * rowA + o) * b0;
    t3 += load<f32>(pa + 3 * rowA + o) * b0;
  }
  addTo(pc, t0);
  addTo(pc + rowC, t1);
  addTo(pc + 2 * rowC, t2);
  addTo(pc + 3 * rowC, t3);
}

@inline
function block1x4(pa: usize, pb: usize, pc: usize, rowA: usize, kb: i32, kv: i32, ke: i32): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  for (let p = kb; p < kv; p += 4) {
    const o = <usize>p << 2;
    const a0 = v128.load(pa + o);
    s0 = mad(a0, v128.load(pb + o), s0);
    s1 = mad(a0, v128.load(pb + rowA + o), s1);
    s2 = mad(a0, v128.load(pb + 2 * rowA + o), s2);
    s3 = mad(a0, v128.load(pb + 3 * rowA + o), s3);
  }
  let t0 = hsum(s0), t1 = hsum(s1), t2 = hsum(s2), t3 = hsum(s3);
  for (let p = kv; p < ke; p++) {
    const o = <usize>p << 2;
    const a0 = load<f32>(pa + o);
    t0 += a0 * load<f32>(pb + o);
    t1 += a0 * load<f32>(pb + rowA + o);
    t2 += a0 * load<f32>(pb + 2 * rowA + o);
    t3 += a0 * load<f32>(pb + 3 * rowA + o);
  }
  addTo(pc, t0);
  addTo(pc + 4, t1);
  addTo(pc + 8, t2);
  addTo(pc + 12, t3);
}

@inline
function block1x1(pa: usize, pb: usize, pc: usize, kb: i32, kv: i32, ke: i32): void {
  let s = f32x4.splat(0);
  for (let p = kb; p < kv; p += 4) {
    const o = <usize>p << 2;
    s = mad(v128.load(pa + o), v128.load(pb + o), s);
  }
  let t = hsum(s);
  for (let p = kv; p < ke; p++) {
    const o = <usize>p << 2;
    t += load<f32>(pa + o) * load<f32>(pb + o);
  }
  addTo(pc, t);
}
