// AssemblyScript: the gradient-descent update θ := θ − α·dθ over params[from..to),
// in float32 like the reference, measuring Σ dθ² and Σ θ² (after the update) in
// the same pass; the two sums are added, as f64, to squares[0] and squares[1].

export function descend(params: usize, grads: usize, from: i32, to: i32, alpha: f32, squares: usize): void {
  const a = f32x4.splat(alpha);
  let gradients = f32x4.splat(0);
  let weights = f32x4.splat(0);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    const o = <usize>i << 2;
    const g = v128.load(grads + o);
    const w = f32x4.sub(v128.load(params + o), f32x4.mul(a, g));
    v128.store(params + o, w);
    gradients = f32x4.add(gradients, f32x4.mul(g, g));
    weights = f32x4.add(weights, f32x4.mul(w, w));
  }
  let g2: f64 = <f64>f32x4.extract_lane(gradients, 0) + <f64>f32x4.extract_lane(gradients, 1) +
    <f64>f32x4.extract_lane(gradients, 2) + <f64>f32x4.extract_lane(gradients, 3);
  let w2: f64 = <f64>f32x4.extract_lane(weights, 0) + <f64>f32x4.extract_lane(weights, 1) +
    <f64>f32x4.extract_lane(weights, 2) + <f64>f32x4.extract_lane(weights, 3);
  for (; i < to; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(grads + o);
    const w = load<f32>(params + o) - alpha * g;
    store<f32>(params + o, w);
    g2 += <f64>g * <f64>g;
    w2 += <f64>w * <f64>w;
  }
  store<f64>(squares, load<f64>(squares) + g2);
  store<f64>(squares + 8, load<f64>(squares + 8) + w2);
}
