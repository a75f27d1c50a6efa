import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, ACTIVATIONS, type ActivationName } from '../../src/core/activations.ts';

function forward(name: ActivationName, z: number[], cols = z.length): number[] {
  const a = new Float64Array(z.length);
  ACTIVATIONS[name].forward(Float64Array.from(z), a, z.length / cols, cols);
  return [...a];
}

/** dJ/dz for dJ/da = 1 everywhere (the derivative itself for element-wise activations) */
function derivative(name: ActivationName, z: number[], dA = z.map(() => 1), cols = z.length): number[] {
  const rows = z.length / cols;
  const zs = Float64Array.from(z);
  const a = new Float64Array(z.length);
  ACTIVATIONS[name].forward(zs, a, rows, cols);
  const dZ = new Float64Array(z.length);
  ACTIVATIONS[name].backward(zs, a, Float64Array.from(dA), dZ, rows, cols);
  return [...dZ];
}

const close = (actual: number[], expected: number[], digits = 12) =>
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));

describe('activations, against hand-computed values', () => {
  it('relu: max(0, z), derivative 1 for z > 0 else 0', () => {
    expect(forward('relu', [-2, 0, 3])).toEqual([0, 0, 3]);
    expect(derivative('relu', [-2, 0, 3])).toEqual([0, 0, 1]);
  });

  it('leaky relu: z or 0.01·z, derivative 1 or 0.01', () => {
    close(forward('leakyRelu', [-2, 0, 3]), [-0.02, 0, 3]);
    close(derivative('leakyRelu', [-2, 0, 3]), [0.01, 0.01, 1]);
  });

  it('sigmoid: 1/(1+e^−z), derivative σ(1−σ)', () => {
    close(forward('sigmoid', [0, 2, -2]), [0.5, 0.8807970779778823, 0.11920292202211755]);
    close(derivative('sigmoid', [0, 2]), [0.25, 0.8807970779778823 * 0.11920292202211755]);
  });

  it('tanh: derivative 1 − tanh²', () => {
    close(forward('tanh', [0, 1]), [0, 0.7615941559557649]);
    close(derivative('tanh', [0, 1]), [1, 1 - 0.7615941559557649 ** 2]);
  });

  it('linear: identity, derivative 1', () => {
    expect(forward('linear', [-1.5, 2])).toEqual([-1.5, 2]);
    expect(derivative('linear', [-1.5, 2])).toEqual([1, 1]);
  });

  it('softmax: each row normalised, e^z / Σ e^z', () => {
    const e = [1, Math.E, Math.E ** 2];
    const s = e[0]! + e[1]! + e[2]!;
    close(forward('softmax', [0, 1, 2, 5, 5, 5], 3), [e[0]! / s, e[1]! / s, e[2]! / s, 1 / 3, 1 / 3, 1 / 3]);
  });

  it('softmax backward: dz_c = a_c (da_c − Σ da_k a_k), the Jacobian–vector product', () => {
    const z = [0.3, -1.2, 2.0];
    const a = forward('softmax', z);
    const dA = [0.5, -1, 2];
    const dot = dA.reduce((s, v, k) => s + v * a[k]!, 0);
    close(
      derivative('softmax', z, dA),
      a.map((ac, c) => ac * (dA[c]! - dot)),
    );
  });

  it.each(ACTIVATION_NAMES)('%s stays finite, with a finite derivative, for z = ±1000', (name) => {
    const z = [-1000, 1000];
    for (const v of [...forward(name, z), ...derivative(name, z)]) expect(Number.isFinite(v)).toBe(true);
  });

  it('saturated sigmoid and tanh have (numerically) vanishing derivatives', () => {
    expect(derivative('sigmoid', [30])[0]).toBeLessThan(1e-12);
    expect(derivative('tanh', [30])[0]).toBe(0);
  });
});
