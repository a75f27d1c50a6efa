// AssemblyScript: the optimisers' updates over params[0..count), in float32 with the
// same operations, in the same order, as the reference (src/core/kernels/kernel.ts),
// so that both give the same bits. Each also measures, in the same pass, Σ dθ² and
// Σ θ² after the update, and stores the two sums as f64 at squares and squares + 8.
//   descend:   θ := θ − α·dθ
//   momentum:  v := β·v + (1−β)·dθ;   θ := θ − α·v
//   adam:      m := β1·m + (1−β1)·dθ;   v := β2·v + (1−β2)·dθ²;
//              θ := θ − step·m / (√v / √c2 + ε)   with step = α/c1, c = 1 − βᵗ

export function descend(params: usize, grads: usize, count: i32, alpha: f32, squares: usize): void {
  const a = f32x4.splat(alpha);
  let gradients = f32x4.splat(0);
  let weights = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    const g = v128.load(grads + o);
    const w = f32x4.sub(v128.load(params + o), f32x4.mul(a, g));
    v128.store(params + o, w);
    gradients = f32x4.add(gradients, f32x4.mul(g, g));
    weights = f32x4.add(weights, f32x4.mul(w, w));
  }
  let g2 = sum(gradients);
  let w2 = sum(weights);
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(grads + o);
    const w = load<f32>(params + o) - alpha * g;
    store<f32>(params + o, w);
    g2 += <f64>g * <f64>g;
    w2 += <f64>w * <f64>w;
  }
  store<f64>(squares, g2);
  store<f64>(squares, w2, 8);
}

export function momentum(
  params: usize, grads: usize, velocity: usize, count: i32,
  alpha: f32, beta: f32, oneMinusBeta: f32, squares: usize,
): void {
  const a = f32x4.splat(alpha), b = f32x4.splat(beta), ob = f32x4.splat(oneMinusBeta);
  let gradients = f32x4.splat(0);
  let weights = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    const g = v128.load(grads + o);
    const v = f32x4.add(f32x4.mul(b, v128.load(velocity + o)), f32x4.mul(ob, g));
    v128.store(velocity + o, v);
    const w = f32x4.sub(v128.load(params + o), f32x4.mul(a, v));
    v128.store(params + o, w);
    gradients = f32x4.add(gradients, f32x4.mul(g, g));
    weights = f32x4.add(weights, f32x4.mul(w, w));
  }
  let g2 = sum(gradients);
  let w2 = sum(weights);
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(grads + o);
    const v = beta * load<f32>(velocity + o) + oneMinusBeta * g;
    store<f32>(velocity + o, v);
    const w = load<f32>(params + o) - alpha * v;
    store<f32>(params + o, w);
    g2 += <f64>g * <f64>g;
    w2 += <f64>w * <f64>w;
  }
  store<f64>(squares, g2);
  store<f64>(squares, w2, 8);
}

export function adam(
  params: usize, grads: usize, moment1: usize, moment2: usize, count: i32,
  step: f32, beta1: f32, oneMinusBeta1: f32, beta2: f32, oneMinusBeta2: f32,
  sqrtC2: f32, epsilon: f32, squares: usize,
): void {
  const s = f32x4.splat(step), b1 = f32x4.splat(beta1), ob1 = f32x4.splat(oneMinusBeta1);
  const b2 = f32x4.splat(beta2), ob2 = f32x4.splat(oneMinusBeta2);
  const c2 = f32x4.splat(sqrtC2), e = f32x4.splat(epsilon);
  let gradients = f32x4.splat(0);
  let weights = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    const g = v128.load(grads + o);
    const m = f32x4.add(f32x4.mul(b1, v128.load(moment1 + o)), f32x4.mul(ob1, g));
    const v = f32x4.add(f32x4.mul(b2, v128.load(moment2 + o)), f32x4.mul(ob2, f32x4.mul(g, g)));
    v128.store(moment1 + o, m);
    v128.store(moment2 + o, v);
    const d = f32x4.add(f32x4.div(f32x4.sqrt(v), c2), e);
    const w = f32x4.sub(v128.load(params + o), f32x4.mul(s, f32x4.div(m, d)));
    v128.store(params + o, w);
    gradients = f32x4.add(gradients, f32x4.mul(g, g));
    weights = f32x4.add(weights, f32x4.mul(w, w));
  }
  let g2 = sum(gradients);
  let w2 = sum(weights);
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const g = load<f32>(grads + o);
    const m = beta1 * load<f32>(moment1 + o) + oneMinusBeta1 * g;
    const v = beta2 * load<f32>(moment2 + o) + oneMinusBeta2 * (g * g);
    store<f32>(moment1 + o, m);
    store<f32>(moment2 + o, v);
    const d = Mathf.sqrt(v) / sqrtC2 + epsilon;
    const w = load<f32>(params + o) - step * (m / d);
    store<f32>(params + o, w);
    g2 += <f64>g * <f64>g;
    w2 += <f64>w * <f64>w;
  }
  store<f64>(squares, g2);
  store<f64>(squares, w2, 8);
}

/** The four lanes' sum in f64 */
@inline
function sum(v: v128): f64 {
  return <f64>f32x4.extract_lane(v, 0) + <f64>f32x4.extract_lane(v, 1) +
    <f64>f32x4.extract_lane(v, 2) + <f64>f32x4.extract_lane(v, 3);
}
