// AssemblyScript: C[m, n] (+)= A[k, m]ᵀ · B[k, n] in float32 with 128-bit SIMD, for
// C's columns [j0, j1). This is dJ/dW[l] = dZ[l]ᵀ·A[l−1] straight from the batch's
// rows: no transpose of X, and no horizontal sums however few examples a batch has.
//
// B is read in panels of 16 columns (one cache line per row), copied into `scratch`:
// rows of X are 48 KiB apart, a multiple of 4 KiB, so read in place every row of a
// panel would fall into the same L1 set and evict the others. The first pair of C's
// rows makes the copy as it computes, so the panel's misses overlap arithmetic
// (a separate copy first was 8-12% slower).
// Each element of C is one lane summed over p in order, by multiply-add from zero,
// and added to C at the end of each K_PANEL rows: the same in every block, so
// columns split across threads anywhere without changing a bit.
import { mad } from './fma';

/** Rows of B per packed panel: 16 KiB, which stays in L1 beside A's columns. */
const K_PANEL: i32 = 256;
const PANEL: i32 = 16;
/** Bytes of scratch a caller lends each thread: the panel, then a 2×16 tile for the last columns. */
export const SCRATCH_BYTES: i32 = K_PANEL * PANEL * 4 + 2 * PANEL * 4;

export function multiplyTransposedLeft(
  a: usize, b: usize, c: usize,
  m: i32, n: i32, k: i32,
  j0: i32, j1: i32,
  accumulate: bool, scratch: usize,
): void {
  const rowA = <usize>m << 2;
  const rowB = <usize>n << 2;
  const tile = scratch + (<usize>(K_PANEL * PANEL) << 2);
  for (let j = j0; j < j1; j += PANEL) {
    const width = min(PANEL, j1 - j);
    const pc = c + (<usize>j << 2);
    for (let kb = 0; kb < k; kb += K_PANEL) {
      const depth = min(K_PANEL, k - kb);
      const add = accumulate || kb > 0;
      const pa = a + <usize>kb * rowA;
      const pb = b + <usize>kb * rowB + (<usize>j << 2);
      let i = 0;
      if (width == PANEL && m >= 2) {
        // The first pair of rows reads B in place and packs it as it goes, so the
        // panel's cache misses overlap that pair's arithmetic; the others read the panel.
        rows2Packing(pa, rowA, pb, rowB, scratch, depth, pc, rowB, add);
        for (i = 2; i + 2 <= m; i += 2) rows2(pa + (<usize>i << 2), rowA, scratch, depth, pc + <usize>i * rowB, rowB, add);
        if (i < m) rows1(pa + (<usize>i << 2), rowA, scratch, depth, pc + <usize>i * rowB, add);
      } else {
        pack(pb, rowB, width, depth, scratch);
        if (width == PANEL) {
          for (; i + 2 <= m; i += 2) rows2(pa + (<usize>i << 2), rowA, scratch, depth, pc + <usize>i * rowB, rowB, add);
          if (i < m) rows1(pa + (<usize>i << 2), rowA, scratch, depth, pc + <usize>i * rowB, add);
          continue;
        }
        // The last columns: through a full-width tile, so the same blocks sum them.
        for (; i < m; i += 2) {
          const rows = min(2, m - i);
          const pci = pc + <usize>i * rowB;
          if (add) toTile(pci, rowB, rows, width, tile);
          if (rows == 2) rows2(pa + (<usize>i << 2), rowA, scratch, depth, tile, PANEL << 2, add);
          else rows1(pa + (<usize>i << 2), rowA, scratch, depth, tile, add);
          fromTile(tile, pci, rowB, rows, width);
        }
      }
    }
  }
}

/** scratch[p, 0..16) = B[p, 0..width), zeros beyond, for p < depth */
@inline
function pack(b: usize, rowB: usize, width: i32, depth: i32, scratch: usize): void {
  let src = b;
  let dst = scratch;
  if (width == PANEL) {
    for (let p = 0; p < depth; p++) {
      v128.store(dst, v128.load(src));
      v128.store(dst, v128.load(src, 16), 16);
      v128.store(dst, v128.load(src, 32), 32);
      v128.store(dst, v128.load(src, 48), 48);
      src += rowB;
      dst += PANEL << 2;
    }
  } else {
    for (let p = 0; p < depth; p++) {
      memory.fill(dst, 0, PANEL << 2);
      memory.copy(dst, src, <usize>width << 2);
      src += rowB;
      dst += PANEL << 2;
    }
  }
}

@inline
function toTile(c: usize, rowC: usize, rows: i32, width: i32, tile: usize): void {
  memory.fill(tile, 0, 2 * PANEL << 2);
  for (let r = 0; r < rows; r++) memory.copy(tile + (<usize>(r * PANEL) << 2), c + <usize>r * rowC, <usize>width << 2);
}

@inline
function fromTile(tile: usize, c: usize, rowC: usize, rows: i32, width: i32): void {
  for (let r = 0; r < rows; r++) memory.copy(c + <usize>r * rowC, tile + (<usize>(r * PANEL) << 2), <usize>width << 2);
}

/** C[0..2, 0..16) (+)= Σ_p A[p, 0..2]ᵀ · panel[p, 0..16): 8 accumulators, 4 loads and 2 broadcasts per p */
@inline
function rows2(a: usize, rowA: usize, panel: usize, depth: i32, c: usize, rowC: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = c00, c02 = c00, c03 = c00;
  let c10 = c00, c11 = c00, c12 = c00, c13 = c00;
  let pa = a;
  let pb = panel;
  for (let p = 0; p < depth; p++) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16), b2 = v128.load(pb, 32), b3 = v128.load(pb, 48);
    const a0 = v128.load32_splat(pa), a1 = v128.load32_splat(pa, 4);
    c00 = mad(a0, b0, c00); c01 = mad(a0, b1, c01); c02 = mad(a0, b2, c02); c03 = mad(a0, b3, c03);
    c10 = mad(a1, b0, c10); c11 = mad(a1, b1, c11); c12 = mad(a1, b2, c12); c13 = mad(a1, b3, c13);
    pa += rowA;
    pb += PANEL << 2;
  }
  store4(c, c00, c01, c02, c03, add);
  store4(c + rowC, c10, c11, c12, c13, add);
}

/** rows2 reading B's rows in place and copying them to the panel */
@inline
function rows2Packing(a: usize, rowA: usize, b: usize, rowB: usize, panel: usize, depth: i32, c: usize, rowC: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = c00, c02 = c00, c03 = c00;
  let c10 = c00, c11 = c00, c12 = c00, c13 = c00;
  let pa = a;
  let src = b;
  let pb = panel;
  for (let p = 0; p < depth; p++) {
    const b0 = v128.load(src), b1 = v128.load(src, 16), b2 = v128.load(src, 32), b3 = v128.load(src, 48);
    v128.store(pb, b0); v128.store(pb, b1, 16); v128.store(pb, b2, 32); v128.store(pb, b3, 48);
    const a0 = v128.load32_splat(pa), a1 = v128.load32_splat(pa, 4);
    c00 = mad(a0, b0, c00); c01 = mad(a0, b1, c01); c02 = mad(a0, b2, c02); c03 = mad(a0, b3, c03);
    c10 = mad(a1, b0, c10); c11 = mad(a1, b1, c11); c12 = mad(a1, b2, c12); c13 = mad(a1, b3, c13);
    pa += rowA;
    src += rowB;
    pb += PANEL << 2;
  }
  store4(c, c00, c01, c02, c03, add);
  store4(c + rowC, c10, c11, c12, c13, add);
}

/** One row of C: the odd row when m is odd */
@inline
function rows1(a: usize, rowA: usize, panel: usize, depth: i32, c: usize, add: bool): void {
  let c0 = f32x4.splat(0), c1 = c0, c2 = c0, c3 = c0;
  let pa = a;
  let pb = panel;
  for (let p = 0; p < depth; p++) {
    const a0 = v128.load32_splat(pa);
    c0 = mad(a0, v128.load(pb), c0);
    c1 = mad(a0, v128.load(pb, 16), c1);
    c2 = mad(a0, v128.load(pb, 32), c2);
    c3 = mad(a0, v128.load(pb, 48), c3);
    pa += rowA;
    pb += PANEL << 2;
  }
  store4(c, c0, c1, c2, c3, add);
}

/** 16 floats of C := sums, or C + sums */
@inline
function store4(c: usize, s0: v128, s1: v128, s2: v128, s3: v128, add: bool): void {
  if (add) {
    s0 = f32x4.add(v128.load(c), s0);
    s1 = f32x4.add(v128.load(c, 16), s1);
    s2 = f32x4.add(v128.load(c, 32), s2);
    s3 = f32x4.add(v128.load(c, 48), s3);
  }
  v128.store(c, s0);
  v128.store(c, s1, 16);
  v128.store(c, s2, 32);
  v128.store(c, s3, 48);
}
