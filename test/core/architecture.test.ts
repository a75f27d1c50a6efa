import { describe, expect, it } from 'vitest';
import { architectureProblems, describeArchitecture, parameterCount } from '../../src/core/architecture.ts';

describe('architecture', () => {
  const course4 = {
    inputSize: 12288,
    layers: [
      { units: 20, activation: 'relu' },
      { units: 7, activation: 'relu' },
      { units: 5, activation: 'relu' },
      { units: 1, activation: 'sigmoid' },
    ],
    loss: 'binaryCrossEntropy',
  } as const;

  it("counts the course's 4-layer parameters: Σ n_l (n_(l−1) + 1)", () => {
    expect(parameterCount(course4)).toBe(20 * 12289 + 7 * 21 + 5 * 8 + 1 * 6);
    expect(describeArchitecture(course4)).toBe('12288 → 20 ReLU → 7 ReLU → 5 ReLU → 1 sigmoid');
  });

  it('accepts a valid architecture', () => {
    expect(architectureProblems(course4)).toEqual([]);
  });

  it.each([
    [null, /not an object/],
    [{ ...course4, inputSize: 0 }, /input size/],
    [{ ...course4, inputSize: 2.5 }, /input size/],
    [{ ...course4, loss: 'hinge' }, /unknown loss/],
    [{ ...course4, layers: [] }, /1 to 64 layers/],
    [{ ...course4, layers: [{ units: -3, activation: 'relu' }] }, /units/],
    [{ ...course4, layers: [{ units: 3, activation: 'eval' }] }, /unknown activation/],
    [
      {
        ...course4,
        loss: 'softmaxCrossEntropy',
        layers: [
          { units: 3, activation: 'softmax' },
          { units: 3, activation: 'softmax' },
        ],
      },
      /only available on the output layer/,
    ],
    [{ ...course4, layers: [{ units: 100000, activation: 'relu' }] }, /units/],
  ])('refuses %j', (value, reason) => {
    expect(architectureProblems(value).join('; ')).toMatch(reason);
  });
});
