import { describe, expect, it } from 'vitest';
import { referenceKernel } from '../../src/core/kernels/kernel.ts';
import { createOptimizer, DEFAULT_OPTIMIZERS, type OptimizerConfig } from '../../src/core/optimizers.ts';

const kernel = referenceKernel(Float64Array);

/** One step over every parameter; returns [Σ dθ², Σ θ² after the update]. */
function step(config: OptimizerConfig, params: Float64Array, grads: number[], alpha: number) {
  const squares = new Float64Array(2);
  optimizerFor(config, params.length).step(
    params,
    Float64Array.from(grads),
    alpha,
    0,
    params.length,
    squares,
  );
  return [...squares];
}

const optimizers = new Map<OptimizerConfig, ReturnType<typeof createOptimizer>>();
function optimizerFor(config: OptimizerConfig, count: number) {
  if (!optimizers.has(config)) optimizers.set(config, createOptimizer(config, count, kernel));
  return optimizers.get(config)!;
}

describe('optimisers', () => {
  it('gradient descent: θ := θ − α·dθ in float32, measuring the gradient and the updated weights in the same pass', () => {
    const params = Float64Array.from([1, -2]);
    const squares = step(DEFAULT_OPTIMIZERS.gradientDescent, params, [0.5, -1], 0.1);
    expect([...params]).toEqual([Math.fround(1 - Math.fround(0.05)), Math.fround(-2 + Math.fround(0.1))]);
    expect(squares[0]).toBeCloseTo(0.25 + 1, 15);
    expect(squares[1]).toBeCloseTo(0.95 ** 2 + 1.9 ** 2, 6);
  });

  it('momentum: v := βv + (1−β)dθ, θ := θ − αv (two hand-computed steps, in float32)', () => {
    const config: OptimizerConfig = { kind: 'momentum', beta: 0.9 };
    const params = Float64Array.from([1]);
    step(config, params, [2], 0.1);
    expect(params[0]).toBeCloseTo(1 - 0.1 * 0.2, 7);
    step(config, params, [2], 0.1);
    expect(params[0]).toBeCloseTo(1 - 0.1 * 0.2 - 0.1 * (0.9 * 0.2 + 0.2), 7);
  });

  it('keeps its state in the kernel and gives it back when disposed', () => {
    const released: unknown[] = [];
    const counting = { ...kernel, release: (array: Float64Array) => released.push(array) };
    createOptimizer(DEFAULT_OPTIMIZERS.gradientDescent, 3, counting).dispose();
    createOptimizer(DEFAULT_OPTIMIZERS.momentum, 3, counting).dispose();
    createOptimizer(DEFAULT_OPTIMIZERS.adam, 3, counting).dispose();
    expect(released).toHaveLength(3);
  });

  it('Adam: the first bias-corrected step moves each parameter by about α against its gradient', () => {
    const params = Float64Array.from([1, 1]);
    step({ ...DEFAULT_OPTIMIZERS.adam }, params, [3, -0.001], 0.01);
    expect(params[0]).toBeCloseTo(0.99, 6);
    expect(params[1]).toBeCloseTo(1.01, 4);
  });

  it('updates only the range it is given, so layers can be stepped one by one', () => {
    const params = Float64Array.from([1, 1, 1, 1]);
    const optimizer = createOptimizer(DEFAULT_OPTIMIZERS.adam, 4, kernel);
    const squares = new Float64Array(2);
    optimizer.step(params, Float64Array.from([1, 1, 1, 1]), 0.1, 0, 2, squares);
    optimizer.step(params, Float64Array.from([1, 1, 1, 1]), 0.1, 2, 4, squares);
    expect(params[0]).toBeCloseTo(params[3]!, 15);
    expect(squares[0]).toBe(4);
  });

  it.each(Object.values(DEFAULT_OPTIMIZERS))('$kind minimises a quadratic', (config) => {
    const optimizer = createOptimizer(config, 2, kernel);
    const params = Float64Array.from([5, -3]);
    const grads = new Float64Array(2);
    const squares = new Float64Array(2);
    for (let i = 0; i < 2000; i++) {
      grads[0] = 2 * params[0]!;
      grads[1] = 8 * params[1]!;
      optimizer.step(params, grads, 0.05, 0, 2, squares);
    }
    expect(Math.abs(params[0]!)).toBeLessThan(1e-3);
    expect(Math.abs(params[1]!)).toBeLessThan(1e-3);
  });
});
