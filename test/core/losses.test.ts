import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, sigmoid } from '../../src/core/activations.ts';
import { LOSSES, type LossName } from '../../src/core/losses.ts';

function cost(name: LossName, z: number[], y: number[], rows: number) {
  const cols = z.length / rows;
  const loss = LOSSES[name];
  const output = ACTIVATIONS[loss.requiredOutput ?? 'linear'];
  const zs = Float64Array.from(z);
  const a = new Float64Array(z.length);
  output.forward(zs, a, rows, cols);
  const ys = Float64Array.from(y);
  const dZ = new Float64Array(z.length);
  loss.backward(zs, a, ys, dZ, rows, cols, output, new Float64Array(z.length));
  return { cost: loss.cost(zs, a, ys, rows, cols), a: [...a], dZ: [...dZ] };
}

describe('losses, against hand-computed values', () => {
  it('binary cross-entropy: −mean[y log a + (1−y) log(1−a)], dJ/dz = (a − y)/m', () => {
    const z = [0.5, -1];
    const a = z.map(sigmoid);
    const expected = -(Math.log(a[0]!) + Math.log(1 - a[1]!)) / 2;
    const result = cost('binaryCrossEntropy', z, [1, 0], 2);
    expect(result.cost).toBeCloseTo(expected, 14);
    expect(result.dZ[0]).toBeCloseTo((a[0]! - 1) / 2, 14);
    expect(result.dZ[1]).toBeCloseTo(a[1]! / 2, 14);
  });

  it('softmax cross-entropy: −mean log a_label, dJ/dz = (a − y)/m', () => {
    const z = [1, 2, 3];
    const e = z.map(Math.exp);
    const s = e.reduce((t, v) => t + v, 0);
    const result = cost('softmaxCrossEntropy', z, [0, 0, 1], 1);
    expect(result.cost).toBeCloseTo(-Math.log(e[2]! / s), 14);
    expect(result.dZ).toEqual(result.a.map((a, c) => a - (c === 2 ? 1 : 0)));
  });

  it('mean squared error on a linear output: (1/2m) Σ (a − y)², dJ/dz = (a − y)/m', () => {
    const result = cost('meanSquaredError', [1, 3, 0, -2], [0, 1, 0, 0], 2);
    expect(result.cost).toBeCloseTo((1 + 4 + 0 + 4) / 4, 14);
    expect(result.dZ).toEqual([0.5, 1, 0, -1]);
  });

  it.each(['binaryCrossEntropy', 'softmaxCrossEntropy'] as const)(
    '%s is finite, with finite gradients, for logits of ±1000 (no log(0))',
    (name) => {
      const wrong = cost(name, [1000, -1000], [0, 1], 1);
      expect(wrong.cost).toBeCloseTo(2000, 6);
      const right = cost(name, [1000, -1000], [1, 0], 1);
      expect(right.cost).toBeCloseTo(0, 12);
      for (const v of [...wrong.dZ, ...right.dZ]) expect(Number.isFinite(v)).toBe(true);
    },
  );

  it('mean squared error stays finite for outputs of ±1000', () => {
    const result = cost('meanSquaredError', [1000, -1000], [0, 1], 1);
    expect(result.cost).toBeCloseTo((1000 ** 2 + 1001 ** 2) / 2, 6);
    for (const v of result.dZ) expect(Number.isFinite(v)).toBe(true);
  });
});
