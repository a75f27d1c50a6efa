// AssemblyScript: the multiply-add every product is made of. Compiled twice (scripts/kernels.mjs):
// with relaxed SIMD it is one fused instruction where the CPU has one (one rounding),
// without it a multiply then an add (two roundings). Each build rounds the same
// way everywhere, so every element of a product is summed identically whichever
// block or thread computes it.

/** a·b + c on four float32 lanes */
@inline
export function mad(a: v128, b: v128, c: v128): v128 {
  return ASC_FEATURE_RELAXED_SIMD ? f32x4.relaxed_madd(a, b, c) : f32x4.add(f32x4.mul(a, b), c);
}
