import { describe, expect, it } from 'vitest';
import { createOptimizer, DEFAULT_OPTIMIZERS } from '../../src/core/optimizers.ts';

describe('optimisers', () => {
  it('gradient descent: θ := θ − α·dθ', () => {
    const params = Float64Array.from([1, -2]);
    createOptimizer(DEFAULT_OPTIMIZERS.gradientDescent).step(params, Float64Array.from([0.5, -1]), 0.1);
    expect([...params]).toEqual([1 - 0.05, -2 + 0.1]);
  });

  it('momentum: v := βv + (1−β)dθ, θ := θ − αv (two hand-computed steps)', () => {
    const params = Float64Array.from([1]);
    const optimizer = createOptimizer({ kind: 'momentum', beta: 0.9 });
    optimizer.step(params, Float64Array.from([2]), 0.1);
    expect(params[0]).toBeCloseTo(1 - 0.1 * 0.2, 15);
    optimizer.step(params, Float64Array.from([2]), 0.1);
    expect(params[0]).toBeCloseTo(1 - 0.1 * 0.2 - 0.1 * (0.9 * 0.2 + 0.2), 15);
  });

  it('Adam: the first bias-corrected step moves each parameter by about α against its gradient', () => {
    const params = Float64Array.from([1, 1]);
    createOptimizer(DEFAULT_OPTIMIZERS.adam).step(params, Float64Array.from([3, -0.001]), 0.01);
    expect(params[0]).toBeCloseTo(0.99, 6);
    expect(params[1]).toBeCloseTo(1.01, 4);
  });

  it.each(Object.values(DEFAULT_OPTIMIZERS))('$kind minimises a quadratic', (config) => {
    const optimizer = createOptimizer(config);
    const params = Float64Array.from([5, -3]);
    const grads = new Float64Array(2);
    for (let i = 0; i < 2000; i++) {
      grads[0] = 2 * params[0]!;
      grads[1] = 8 * params[1]!;
      optimizer.step(params, grads, 0.05);
    }
    expect(Math.abs(params[0]!)).toBeLessThan(1e-3);
    expect(Math.abs(params[1]!)).toBeLessThan(1e-3);
  });
});
